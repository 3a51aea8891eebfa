from odoo import api, fields, models
from odoo.tools import SQL

# What a questionnaire (``ui``, a survey.user_input) was sent after.
ORIGIN_SQL = SQL(
    """CASE WHEN ui.beneficiary_request_id IS NOT NULL THEN 'request'
            WHEN ui.beneficiary_complaint_id IS NOT NULL THEN 'complaint'
            ELSE 'campaign' END"""
)
ORIGINS = [("request", "Service Request"), ("complaint", "Complaint"), ("campaign", "Campaign")]
# The questionnaires' fields the satisfaction reports read.
QUESTIONNAIRE_DEPENDS = [
    "beneficiary_id",
    "beneficiary_service_id",
    "beneficiary_channel_id",
    "beneficiary_category_id",
    "beneficiary_request_id",
    "beneficiary_complaint_id",
    "beneficiary_company_id",
    "beneficiary_score",
    "state",
    "test_entry",
]


class BeneficiarySatisfactionAnalysis(models.AbstractModel):
    """What the satisfaction reports share: the questionnaires' dimensions and measures, and
    rows about a complaint hidden from whoever may not read the complaint."""

    _name = "beneficiary.satisfaction.analysis"
    _description = "Beneficiary Satisfaction Analysis Fields"

    company_id = fields.Many2one("res.company", readonly=True)
    service_id = fields.Many2one("beneficiary.service", readonly=True)
    channel_id = fields.Many2one("beneficiary.channel", string="Intake Channel", readonly=True)
    category_id = fields.Many2one("beneficiary.category", readonly=True)
    origin = fields.Selection(ORIGINS, readonly=True)
    complaint_id = fields.Many2one("beneficiary.complaint", readonly=True)
    complaint_hidden = fields.Boolean(
        compute="_compute_complaint_hidden",
        search="_search_complaint_hidden",
        help="The row is about a complaint the current user may not read.",
    )
    invitation_count = fields.Integer(string="Questionnaires Sent", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    response_rate = fields.Float(string="Response Rate (%)", aggregator="avg", readonly=True)
    csat = fields.Float(string="CSAT (%)", aggregator="avg", readonly=True)
    score = fields.Float(string="Average Score", aggregator="avg", readonly=True)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_hidden(self):
        readable = self.env["beneficiary.complaint"]._readable_ids(self.complaint_id.ids)
        for row in self:
            row.complaint_hidden = bool(row.complaint_id) and row.complaint_id.id not in readable

    def _search_complaint_hidden(self, operator, value):
        return self.env["beneficiary.complaint"]._hidden_complaint_domain(
            "complaint_id", operator, value
        )
