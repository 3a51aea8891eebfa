from odoo import fields, models


class BeneficiarySatisfactionActivity(models.Model):
    """What the policy asks beyond the questionnaire: field surveys, supervisory visits to
    branch offices, interviews, and top management's review of the complaints."""

    _name = "beneficiary.satisfaction.activity"
    _description = "Satisfaction Activity"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    activity_kind = fields.Selection(
        [
            ("field_survey", "Field Survey"),
            ("supervisory_visit", "Supervisory Visit"),
            ("interview", "Interview"),
            ("complaints_review", "Management Review of Complaints"),
            ("questionnaire_campaign", "Questionnaire Campaign"),
        ],
        string="Kind",
        required=True,
        default="field_survey",
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    participant_ids = fields.Many2many("res.users", string="Participants")
    beneficiary_ids = fields.Many2many("beneficiary.beneficiary", string="Beneficiaries Met")
    category_id = fields.Many2one("beneficiary.category")
    location = fields.Char(help="The branch office visited, or where the survey took place.")
    findings = fields.Html()
    corrective_actions = fields.Html(
        help="What will change. Plan each action as an activity so it is followed up."
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done")], default="planned", required=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    def action_done(self):
        self.write({"state": "done"})
        return True
