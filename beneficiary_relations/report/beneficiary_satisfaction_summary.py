from odoo import api, fields, models
from odoo.tools import SQL

from .beneficiary_satisfaction_analysis import QUESTIONNAIRE_DEPENDS
from .beneficiary_satisfaction_month import SUMMED_COLUMNS

# Averages over rows that each count many questionnaires are weighted by what they count.
WEIGHTED = {
    "response_rate:avg": ("answer_count", "invitation_count", 100.0),
    "csat:avg": ("satisfied_count", "scored_count", 100.0),
    "score:avg": ("score_total", "scored_count", 1.0),
}


class BeneficiarySatisfactionSummary(models.Model):
    """The satisfaction analysis (pivot and graph): the questionnaires counted by month sent,
    company, service, intake channel, beneficiary category, origin and complaint. Months
    before the last come from ``beneficiary.satisfaction.month`` (summed every hour), the
    rest from the questionnaires, so a read costs the same at any number of them."""

    _name = "beneficiary.satisfaction.summary"
    _inherit = "beneficiary.satisfaction.analysis"
    _description = "Beneficiary Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "beneficiary.satisfaction.month": SUMMED_COLUMNS,
        "survey.user_input": QUESTIONNAIRE_DEPENDS,
    }

    date = fields.Date(string="Month Sent", readonly=True)
    scored_count = fields.Integer(string="Rated Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Answers", readonly=True)
    score_total = fields.Integer(string="Sum of Scores", readonly=True, aggregator=None)

    @property
    def _table_query(self):
        Month = self.env["beneficiary.satisfaction.month"]
        months = SQL.identifier(Month._table)
        recent = SQL(
            "ui.create_date::date >= COALESCE((SELECT (max(month) + interval '1 month')::date"
            " FROM %s), '-infinity'::date)",
            months,
        )
        return SQL(
            """
            SELECT rows.*,
                   rows.answer_count * 100.0 / NULLIF(rows.invitation_count, 0) AS response_rate,
                   rows.satisfied_count * 100.0 / NULLIF(rows.scored_count, 0) AS csat,
                   rows.score_total::float / NULLIF(rows.scored_count, 0) AS score
              FROM (SELECT m.id, m.month AS date, m.company_id, m.service_id, m.channel_id,
                           m.category_id, m.origin, m.complaint_id, m.invitation_count,
                           m.answer_count, m.scored_count, m.satisfied_count, m.score_total
                      FROM %(months)s m
                    UNION ALL
                    SELECT -live.first_id, live.month, live.company_id, live.service_id,
                           live.channel_id, live.category_id, live.origin, live.complaint_id,
                           live.invitation_count::int, live.answer_count::int,
                           live.scored_count::int, live.satisfied_count::int,
                           live.score_total::int
                      FROM (%(live)s) live) rows
            """,
            months=months,
            live=Month._month_query(recent),
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "__count":
            # The pivot's "Count" counts questionnaires, not the rows that sum them.
            return SQL(
                "COALESCE(SUM(%s), 0)",
                self._field_to_sql(self._table, "invitation_count", query),
            )
        if aggregate_spec not in WEIGHTED:
            return super()._read_group_select(aggregate_spec, query)
        part, whole, scale = WEIGHTED[aggregate_spec]
        return SQL(
            "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, part, query),
            scale,
            self._field_to_sql(self._table, whole, query),
        )
