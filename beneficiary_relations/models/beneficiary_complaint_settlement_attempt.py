from odoo import api, fields, models


class BeneficiaryComplaintSettlementAttempt(models.Model):
    """One attempt to settle a complaint amicably, as the policy asks first: when, how, what
    was said and what came of it."""

    _name = "beneficiary.complaint.settlement.attempt"
    _description = "Amicable Settlement Attempt"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "beneficiary.complaint", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    means = fields.Selection(
        [
            ("meeting", "Meeting"),
            ("phone", "Phone Call"),
            ("visit", "Visit"),
            ("letter", "Letter or Email"),
            ("mediation", "Mediation"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    summary = fields.Text(required=True, help="What was proposed and what the complainant said.")
    outcome = fields.Selection(
        [
            ("agreed", "Agreement Reached"),
            ("refused", "Refused"),
            ("no_answer", "No Answer"),
            ("continue", "To Be Continued"),
        ],
        required=True,
        default="continue",
    )
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    complaint_hidden = fields.Boolean(
        compute="_compute_complaint_hidden",
        search="_search_complaint_hidden",
        help="Its complaint is one the current user may not read.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_hidden(self):
        readable = self.env["beneficiary.complaint"]._readable_ids(self.complaint_id.ids)
        for attempt in self:
            attempt.complaint_hidden = attempt.complaint_id.id not in readable

    def _search_complaint_hidden(self, operator, value):
        return self.env["beneficiary.complaint"]._hidden_complaint_domain(
            "complaint_id", operator, value
        )
