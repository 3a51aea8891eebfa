from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import MAX_UPLOAD_MB, SERVER_FORM_LIMIT_MB


def _default_declaration(self):
    return self.env._(
        "I declare that all the information and documents I have submitted to the association "
        "are correct and complete, and that I am directly and personally responsible for their "
        "accuracy. I undertake to inform the association of any change to them."
    )


class ResCompany(models.Model):
    _inherit = "res.company"

    beneficiary_declaration = fields.Text(
        string="Beneficiary Data Declaration",
        translate=True,
        default=_default_declaration,
        help="The text a beneficiary signs to confirm that their data is correct.",
    )
    beneficiary_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Association Working Calendar",
        default=lambda self: self.env.ref(
            "beneficiary_relations.resource_calendar_saudi_week", raise_if_not_found=False
        ),
        help="Working days and public holidays (its global leaves) used for every deadline.",
    )
    beneficiary_response_days = fields.Integer(
        string="Default Response Days",
        default=15,
        help="Working days to a committee decision, for new services.",
    )
    beneficiary_reminder_days = fields.Integer(
        string="Reminder Lead Time",
        default=3,
        help="Working days before a deadline when the responsible person is reminded.",
    )
    beneficiary_escalation_user_ids = fields.Many2many(
        "res.users",
        "res_company_beneficiary_escalation_rel",
        string="Escalation Recipients",
        help="Top management told of overdue requests. Empty: every Beneficiary Relations manager.",
    )
    beneficiary_complaint_days = fields.Integer(
        string="Complaint Response Days",
        default=5,
        help="Working days to answer a complaint.",
    )
    beneficiary_suggestion_days = fields.Integer(
        string="Suggestion Response Days",
        default=10,
        help="Working days to answer a suggestion.",
    )
    beneficiary_inquiry_days = fields.Integer(
        string="Inquiry Response Days",
        default=3,
        help="Working days to answer an inquiry.",
    )
    beneficiary_survey_interval_months = fields.Integer(
        string="Questionnaire Interval (Months)",
        default=3,
        help="A registered beneficiary not invited to the satisfaction questionnaire for this "
        "long is invited by the periodic campaign.",
    )
    beneficiary_document_expiry_days = fields.Integer(
        string="Document Expiry Notice (Days)",
        default=30,
        help="How many days before a document expires the beneficiary and their officer are told.",
    )
    beneficiary_max_upload_mb = fields.Integer(
        string="Largest Upload (MB)",
        default=MAX_UPLOAD_MB,
        help="Largest file a beneficiary or a complainant may send, by the portal or by email: "
        "1 to 9 MB. The web server refuses forms over 10 MB with an error page; below that, a "
        "file too large gets the form's own clear message.",
    )
    beneficiary_overdue_extension_days = fields.Integer(
        string="New Date After a Missed Deadline (Working Days)",
        default=5,
        help="When a request's decision is late, the beneficiary receives an apology and a new "
        "expected date this many working days later.",
    )
    beneficiary_policy_reminder_days = fields.Integer(
        string="Policy Reminder Period (Days)",
        default=30,
        help="Users of the app who have not acknowledged the policy in force are reminded once "
        "in this many days. 0: no reminders.",
    )

    @api.constrains("beneficiary_max_upload_mb")
    def _check_beneficiary_max_upload_mb(self):
        for company in self:
            if not 1 <= company.beneficiary_max_upload_mb <= MAX_UPLOAD_MB:
                raise ValidationError(
                    self.env._(
                        "The largest upload is between 1 and %(max)s MB: the web server refuses "
                        "forms over %(server)s MB with an error page, before the form can say "
                        "what is wrong.",
                        max=MAX_UPLOAD_MB,
                        server=SERVER_FORM_LIMIT_MB,
                    )
                )
