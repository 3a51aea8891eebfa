from odoo import fields, models
from odoo.tools import SQL

from ..models.survey_user_input import SATISFIED
from .beneficiary_satisfaction_analysis import ORIGIN_SQL, QUESTIONNAIRE_DEPENDS


class BeneficiarySatisfactionReport(models.Model):
    """One row per questionnaire sent. Averaged, ``response_rate`` is the share answered,
    ``csat`` the share of answers rating 4 or 5 (unanswered rows are NULL, so they do not
    count), ``score`` the mean rating: grouped SQL, never a loop over records. The KPI
    workbook and the dashboard read it; the pivot reads ``beneficiary.satisfaction.summary``."""

    _name = "beneficiary.satisfaction.report"
    _inherit = "beneficiary.satisfaction.analysis"
    _description = "Beneficiary Satisfaction Answers"
    _auto = False
    _order = "date desc"
    _depends = {"survey.user_input": QUESTIONNAIRE_DEPENDS}

    date = fields.Date(string="Sent On", readonly=True)
    beneficiary_id = fields.Many2one("beneficiary.beneficiary", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT ui.id,
                   ui.create_date::date AS date,
                   ui.beneficiary_id,
                   ui.beneficiary_company_id AS company_id,
                   ui.beneficiary_service_id AS service_id,
                   ui.beneficiary_channel_id AS channel_id,
                   ui.beneficiary_category_id AS category_id,
                   ui.beneficiary_complaint_id AS complaint_id,
                   %(origin)s AS origin,
                   1 AS invitation_count,
                   CASE WHEN ui.state = 'done' THEN 1 ELSE 0 END AS answer_count,
                   CASE WHEN ui.state = 'done' THEN 100.0 ELSE 0.0 END AS response_rate,
                   CASE WHEN ui.state = 'done' AND ui.beneficiary_score > 0
                        THEN CASE WHEN ui.beneficiary_score >= %(satisfied)s THEN 100.0 ELSE 0.0 END
                   END AS csat,
                   CASE WHEN ui.state = 'done' AND ui.beneficiary_score > 0
                        THEN ui.beneficiary_score::float
                   END AS score
              FROM survey_user_input ui
             WHERE ui.beneficiary_id IS NOT NULL
               AND ui.test_entry IS NOT TRUE
            """,
            origin=ORIGIN_SQL,
            satisfied=SATISFIED,
        )
