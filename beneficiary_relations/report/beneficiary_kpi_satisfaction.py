from odoo import models
from odoo.tools import SQL

from .beneficiary_kpi import Column, _as_date, _months


class BeneficiaryKpiSatisfaction(models.AbstractModel):
    _inherit = "beneficiary.kpi"

    # Satisfaction ----------------------------------------------------------------------------

    def _satisfaction_domain(self, options):
        domain = [
            ("company_id", "=", options.company.id),
            ("date", ">=", options.date_from),
            ("date", "<=", options.date_to),
        ]
        if options.services:
            domain.append(("service_id", "in", options.services.ids))
        if options.categories:
            domain.append(("category_id", "in", options.categories.ids))
        return domain

    def _satisfaction_measures(self, model):
        def field(query, name):
            return model._field_to_sql(model._table, name, query)

        return {
            "sent": lambda query: SQL("COUNT(*)"),
            "answers": lambda query: SQL("COALESCE(SUM(%s), 0)", field(query, "answer_count")),
            "response_rate": lambda query: SQL("AVG(%s) / 100", field(query, "response_rate")),
            "csat": lambda query: SQL("AVG(%s) / 100", field(query, "csat")),
            "score": lambda query: SQL("AVG(%s)", field(query, "score")),
        }

    def _satisfaction_figures(self, options, groupby=()):
        Report = self.env["beneficiary.satisfaction.report"]
        return self._aggregate(
            Report, self._satisfaction_domain(options), groupby, self._satisfaction_measures(Report)
        )

    def _satisfaction_by_month(self, options):
        rows = {
            _as_date(row["groups"][0]): row
            for row in self._satisfaction_figures(options, ["date:month"])
        }
        empty = {"sent": 0, "answers": 0, "response_rate": None, "csat": None, "score": None}
        return [
            dict(rows.get(month, empty), groups=(month,))
            for month in _months(options.date_from, options.date_to)
        ]

    def _satisfaction_row_columns(self):
        Report = self.env["beneficiary.satisfaction.report"]
        return [
            Column(self.env._("Sent On"), "date", self._field(Report, "date"), 12),
            Column(
                self.env._("Origin"),
                "selection",
                self._field(Report, "origin"),
                16,
                selection=self._selection_labels(Report, "origin"),
            ),
            Column(self.env._("Beneficiary"), "text", self._name_of(Report, "beneficiary_id"), 28),
            Column(self.env._("Service"), "text", self._name_of(Report, "service_id"), 24),
            Column(self.env._("Intake Channel"), "text", self._name_of(Report, "channel_id"), 18),
            Column(self.env._("Category"), "text", self._name_of(Report, "category_id"), 20),
            Column(
                self.env._("Answered"),
                "bool",
                lambda query: SQL(
                    "(%s = 1)", Report._field_to_sql(Report._table, "answer_count", query)
                ),
                10,
            ),
            Column(
                self.env._("Overall Satisfaction (1-5)"),
                "float",
                self._field(Report, "score"),
                12,
            ),
        ]

    # Policy acknowledgement ------------------------------------------------------------------

    def _acknowledgements(self, options):
        """The policy in force and, for each member of staff who works in the app, their
        acknowledgement of it (or none)."""
        Policy = self.env["beneficiary.policy"]
        policy = Policy.search(
            [("state", "=", "active"), ("company_id", "=", options.company.id)], limit=1
        )
        audience = Policy._audience_by_company(options.company)[options.company]
        acknowledgements = self.env["beneficiary.policy.acknowledgement"].search(
            [("policy_id", "=", policy.id), ("user_id", "in", audience.ids)]
        )
        by_user = {ack.user_id: ack for ack in acknowledgements}
        return policy, [(user, by_user.get(user)) for user in audience.sorted("name")]
