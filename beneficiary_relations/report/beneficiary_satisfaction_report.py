from odoo import api, fields, models

from ..models.survey_user_input import SATISFIED


class BeneficiarySatisfactionReport(models.Model):
    """One row per questionnaire sent. Averaged, ``response_rate`` is the share answered,
    ``csat`` the share of answers rating 4 or 5 (unanswered rows are NULL, so they do not
    count), ``score`` the mean rating: grouped SQL, never a loop over records."""

    _name = "beneficiary.satisfaction.report"
    _description = "Beneficiary Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "survey.user_input": [
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
        ],
    }

    date = fields.Date(string="Sent On", readonly=True)
    beneficiary_id = fields.Many2one("beneficiary.beneficiary", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    service_id = fields.Many2one("beneficiary.service", readonly=True)
    channel_id = fields.Many2one("beneficiary.channel", string="Intake Channel", readonly=True)
    category_id = fields.Many2one("beneficiary.category", readonly=True)
    origin = fields.Selection(
        [("request", "Service Request"), ("complaint", "Complaint"), ("campaign", "Campaign")],
        readonly=True,
    )
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

    @property
    def _table_query(self):
        return f"""
            SELECT ui.id,
                   ui.create_date::date AS date,
                   ui.beneficiary_id,
                   ui.beneficiary_company_id AS company_id,
                   ui.beneficiary_service_id AS service_id,
                   ui.beneficiary_channel_id AS channel_id,
                   ui.beneficiary_category_id AS category_id,
                   ui.beneficiary_complaint_id AS complaint_id,
                   CASE WHEN ui.beneficiary_request_id IS NOT NULL THEN 'request'
                        WHEN ui.beneficiary_complaint_id IS NOT NULL THEN 'complaint'
                        ELSE 'campaign' END AS origin,
                   1 AS invitation_count,
                   CASE WHEN ui.state = 'done' THEN 1 ELSE 0 END AS answer_count,
                   CASE WHEN ui.state = 'done' THEN 100.0 ELSE 0.0 END AS response_rate,
                   CASE WHEN ui.state = 'done' AND ui.beneficiary_score > 0
                        THEN CASE WHEN ui.beneficiary_score >= {SATISFIED} THEN 100.0 ELSE 0.0 END
                   END AS csat,
                   CASE WHEN ui.state = 'done' AND ui.beneficiary_score > 0
                        THEN ui.beneficiary_score::float
                   END AS score
              FROM survey_user_input ui
             WHERE ui.beneficiary_id IS NOT NULL
               AND ui.test_entry IS NOT TRUE
        """

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_hidden(self):
        readable = self.env["beneficiary.complaint"]._readable_ids(self.complaint_id.ids)
        for row in self:
            row.complaint_hidden = bool(row.complaint_id) and row.complaint_id.id not in readable

    def _search_complaint_hidden(self, operator, value):
        return self.env["beneficiary.complaint"]._hidden_complaint_domain(
            "complaint_id", operator, value
        )
