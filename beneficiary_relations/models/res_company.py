from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import MAX_UPLOAD_MB, SERVER_FORM_LIMIT_MB
from ..tools.saudi_holidays import HolidayRule

# The response time the policy variants set: seed 002, at most 15 working days from completion;
# the other four, about two weeks (10 working days).
RESPONSE_POLICIES = {"policy_002": 15, "two_weeks": 10}
HOLIDAY_FIELDS = {
    "beneficiary_calendar_id",
    "beneficiary_fitr_after_day",
    "beneficiary_fitr_days",
    "beneficiary_adha_from_day",
    "beneficiary_adha_days",
    "beneficiary_holiday_weekend_shift",
}


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
    beneficiary_response_policy = fields.Selection(
        [
            ("policy_002", "15 working days (policy 002)"),
            ("two_weeks", "Two weeks, 10 working days (policies 000, 001, 003, 004)"),
            ("custom", "Another period"),
        ],
        string="Response Time Policy",
        compute="_compute_beneficiary_response_policy",
        inverse="_inverse_beneficiary_response_policy",
        help="The response time the association's policy sets: it gives the default response "
        "days of new services.",
    )
    beneficiary_fitr_after_day = fields.Integer(
        string="Eid al-Fitr Starts After Ramadan Day",
        default=29,
        help="The Eid al-Fitr holiday starts the day after this day of Ramadan (Umm al-Qura). "
        "29: the private and non-profit sectors' rule, whether Ramadan has 29 or 30 days.",
    )
    beneficiary_fitr_days = fields.Integer(string="Eid al-Fitr Holiday Days", default=4)
    beneficiary_adha_from_day = fields.Integer(
        string="Eid al-Adha Starts on Dhu al-Hijjah Day",
        default=9,
        help="The Eid al-Adha holiday starts on this day of Dhu al-Hijjah (Umm al-Qura). "
        "9: the day of Arafat, the private and non-profit sectors' rule.",
    )
    beneficiary_adha_days = fields.Integer(string="Eid al-Adha Holiday Days", default=4)
    beneficiary_holiday_weekend_shift = fields.Boolean(
        string="Move National and Founding Days Off the Weekend",
        default=True,
        help="When Founding Day or National Day falls on the weekly rest, the working day "
        "before it (for a Friday) or after it (for a Saturday) is the holiday.",
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
    beneficiary_appeal_days = fields.Integer(
        string="Appeal Window (Days)",
        default=30,
        help="Days after a rejection during which the beneficiary may contest it.",
    )
    beneficiary_appeal_response_days = fields.Integer(
        string="Appeal Response Days",
        default=10,
        help="Working days to hear an appeal.",
    )

    @api.constrains("beneficiary_appeal_days", "beneficiary_appeal_response_days")
    def _check_beneficiary_appeal_days(self):
        for company in self:
            if company.beneficiary_appeal_days < 1 or company.beneficiary_appeal_response_days < 1:
                raise ValidationError(
                    self.env._(
                        "An appeal needs at least one day to be made and one working day to be "
                        "heard."
                    )
                )

    @api.depends("beneficiary_response_days")
    def _compute_beneficiary_response_policy(self):
        by_days = {days: policy for policy, days in RESPONSE_POLICIES.items()}
        for company in self:
            company.beneficiary_response_policy = by_days.get(
                company.beneficiary_response_days, "custom"
            )

    def _inverse_beneficiary_response_policy(self):
        for company in self:
            days = RESPONSE_POLICIES.get(company.beneficiary_response_policy)
            if days:
                company.beneficiary_response_days = days

    @api.constrains(
        "beneficiary_fitr_after_day",
        "beneficiary_fitr_days",
        "beneficiary_adha_from_day",
        "beneficiary_adha_days",
    )
    def _check_beneficiary_holiday_settings(self):
        for company in self:
            if not 1 <= company.beneficiary_fitr_after_day <= 29:
                raise ValidationError(
                    self.env._(
                        "Eid al-Fitr starts after a day of Ramadan between 1 and 29 "
                        "(29 by default)."
                    )
                )
            if not 1 <= company.beneficiary_adha_from_day <= 29:
                raise ValidationError(
                    self.env._(
                        "Eid al-Adha starts on a day of Dhu al-Hijjah between 1 and 29 "
                        "(9, the day of Arafat, by default)."
                    )
                )
            if not (
                1 <= company.beneficiary_fitr_days <= 30
                and 1 <= company.beneficiary_adha_days <= 30
            ):
                raise ValidationError(self.env._("An Eid holiday lasts 1 to 30 days."))

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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        this_year = fields.Date.context_today(self).year
        self.env["beneficiary.holiday"]._generate(companies, [this_year, this_year + 1])
        return companies

    def write(self, vals):
        result = super().write(vals)
        if HOLIDAY_FIELDS & set(vals):
            # A new calendar gets its holidays; the others follow new Eid settings (those a
            # manager left as generated).
            this_year = fields.Date.context_today(self).year
            self.env["beneficiary.holiday"]._generate(self, [this_year, this_year + 1])
        return result

    def _beneficiary_working_calendar(self):
        """The calendar every deadline of this company counts its working days on."""
        self.ensure_one()
        return self.beneficiary_calendar_id or self.env.ref(
            "beneficiary_relations.resource_calendar_saudi_week"
        )

    def _beneficiary_tz(self):
        """The time zone deadlines and figures are counted in: the working calendar's."""
        return self._beneficiary_working_calendar().tz or "Asia/Riyadh"

    def _beneficiary_today(self):
        """Today in the working calendar's time zone (Riyadh), where deadlines are counted."""
        return self._beneficiary_day(fields.Datetime.now())

    def _beneficiary_day(self, moment):
        """The day the UTC datetime ``moment`` falls on in the working calendar's time zone."""
        tz = self._beneficiary_tz()
        return fields.Datetime.context_timestamp(self.with_context(tz=tz), moment).date()

    def _beneficiary_holiday_rule(self):
        self.ensure_one()
        return HolidayRule(
            fitr_after_day=self.beneficiary_fitr_after_day,
            fitr_days=self.beneficiary_fitr_days,
            adha_from_day=self.beneficiary_adha_from_day,
            adha_days=self.beneficiary_adha_days,
            weekend_shift=self.beneficiary_holiday_weekend_shift,
        )
