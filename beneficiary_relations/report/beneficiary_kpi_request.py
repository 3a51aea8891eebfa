from odoo import models
from odoo.osv import expression
from odoo.tools import SQL

from ..models.beneficiary_request_stage import OPEN_KINDS as REQUEST_OPEN_KINDS
from .beneficiary_kpi import DECIDED, Column, _as_date, _months


class BeneficiaryKpiRequest(models.AbstractModel):
    _inherit = "beneficiary.kpi"

    # Requests --------------------------------------------------------------------------------

    def _request_scope(self, options):
        """The requests of the company and the chosen services and categories."""
        domain = [("company_id", "=", options.company.id)]
        if options.services:
            domain.append(("service_id", "in", options.services.ids))
        if options.categories:
            domain.append(("category_id", "in", options.categories.ids))
        return domain

    def _request_domain(self, options):
        """The requests any figure counts: received or decided in the period, or open today."""
        start, end = self._bounds(options)
        return expression.AND(
            [
                self._request_scope(options),
                expression.OR(
                    [
                        [("date_received", ">=", start), ("date_received", "<", end)],
                        [
                            ("decision", "in", DECIDED),
                            ("decision_date", ">=", start),
                            ("decision_date", "<", end),
                        ],
                        [("stage_kind", "in", REQUEST_OPEN_KINDS)],
                    ]
                ),
            ]
        )

    def _request_conditions(self, model, query, options):
        field = lambda name: model._field_to_sql(model._table, name, query)  # noqa: E731
        decided = SQL(
            "(%s IN %s AND %s)",
            field("decision"),
            DECIDED,
            self._between(field("decision_date"), options),
        )
        is_open = SQL("(%s IN %s)", field("stage_kind"), REQUEST_OPEN_KINDS)
        return {
            "received": self._between(field("date_received"), options),
            "decided": decided,
            "approved": SQL("(%s AND %s = 'approved')", decided, field("decision")),
            "rejected": SQL("(%s AND %s = 'rejected')", decided, field("decision")),
            "on_time": SQL("(%s AND %s)", decided, field("decided_on_time")),
            "open": is_open,
            "overdue": SQL("(%s AND %s < %s)", is_open, field("date_deadline"), self._today()),
        }

    def _request_measures(self, model, options):
        def count(name):
            return lambda query: SQL(
                "COUNT(*) FILTER (WHERE %s)", self._request_conditions(model, query, options)[name]
            )

        def median(query):
            conditions = self._request_conditions(model, query, options)
            return SQL(
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY %s) FILTER (WHERE %s)",
                model._field_to_sql(model._table, "decision_working_days", query),
                conditions["decided"],
            )

        names = ("received", "decided", "approved", "rejected", "on_time", "open", "overdue")
        measures = {name: count(name) for name in names}
        measures["median_days"] = median
        return measures

    def _request_figures(self, options, groupby=()):
        Request = self.env["beneficiary.request"]
        rows = self._aggregate(
            Request,
            self._request_domain(options),
            groupby,
            self._request_measures(Request, options),
        )
        for row in rows:
            row["on_time_rate"] = row["on_time"] / row["decided"] if row["decided"] else None
        return rows

    def _requests_by_month(self, options):
        """Received by month of receipt, decided by month of decision, within the period."""
        Request = self.env["beneficiary.request"]
        start, end = self._bounds(options)
        scope = self._request_scope(options)
        measures = self._request_measures(Request, options)
        received = self._aggregate(
            Request,
            scope + [("date_received", ">=", start), ("date_received", "<", end)],
            ["date_received:month"],
            {"received": measures["received"]},
        )
        decided = self._aggregate(
            Request,
            scope
            + [
                ("decision", "in", DECIDED),
                ("decision_date", ">=", start),
                ("decision_date", "<", end),
            ],
            ["decision_date:month"],
            {
                name: measures[name]
                for name in ("decided", "approved", "rejected", "on_time", "median_days")
            },
        )
        months = {}
        for row in received + decided:
            month = _as_date(row["groups"][0])
            values = months.setdefault(
                month,
                dict.fromkeys(("received", "decided", "approved", "rejected", "on_time"), 0),
            )
            values.setdefault("median_days", None)
            values.update({k: v for k, v in row.items() if k != "groups"})
        result = []
        for month in _months(options.date_from, options.date_to):
            values = months.get(month) or dict.fromkeys(
                ("received", "decided", "approved", "rejected", "on_time"), 0
            )
            values.setdefault("median_days", None)
            values["on_time_rate"] = (
                values["on_time"] / values["decided"] if values["decided"] else None
            )
            values["groups"] = (month,)
            result.append(values)
        return result

    def _request_row_columns(self, options):
        Request = self.env["beneficiary.request"]
        field = lambda name: self._field(Request, name)  # noqa: E731

        def condition(name):
            return lambda query: self._request_conditions(Request, query, options)[name]

        return [
            Column(self.env._("Reference"), "text", field("name"), 18),
            Column(
                self.env._("Received On"), "datetime", self._local(Request, "date_received"), 17
            ),
            Column(self.env._("Beneficiary"), "text", self._name_of(Request, "beneficiary_id"), 28),
            Column(self.env._("Category"), "text", self._name_of(Request, "category_id"), 20),
            Column(self.env._("Service"), "text", self._name_of(Request, "service_id"), 24),
            Column(self.env._("Intake Channel"), "text", self._name_of(Request, "channel_id"), 18),
            Column(self.env._("Officer"), "text", self._name_of(Request, "user_id"), 22),
            Column(self.env._("Stage"), "text", self._name_of(Request, "stage_id"), 18),
            Column(
                self.env._("Completed On"), "datetime", self._local(Request, "date_complete"), 17
            ),
            Column(self.env._("Deadline"), "date", field("date_deadline"), 12),
            Column(
                self.env._("Decision"),
                "selection",
                field("decision"),
                16,
                selection=self._selection_labels(Request, "decision"),
            ),
            Column(self.env._("Decided On"), "datetime", self._local(Request, "decision_date"), 17),
            Column(
                self.env._("Working Days to Decision"),
                "int",
                self._once_decided(Request, "decision_working_days"),
                12,
            ),
            Column(
                self.env._("Decided on Time"),
                "bool",
                self._once_decided(Request, "decided_on_time"),
                12,
            ),
            Column(self.env._("Received in Period"), "bool", condition("received"), 12),
            Column(self.env._("Decided in Period"), "bool", condition("decided"), 12),
            Column(self.env._("Open Today"), "bool", condition("open"), 12),
            Column(self.env._("Overdue Today"), "bool", condition("overdue"), 12),
        ]

    def _once_decided(self, Request, fname):
        """``fname`` of an approved or rejected request; empty while it is undecided."""

        def build(query):
            return SQL(
                "CASE WHEN %s IN %s THEN %s END",
                Request._field_to_sql(Request._table, "decision", query),
                DECIDED,
                Request._field_to_sql(Request._table, fname, query),
            )

        return build

    def _overdue_request_domain(self, options):
        return self._request_scope(options) + [
            ("stage_kind", "in", REQUEST_OPEN_KINDS),
            ("date_deadline", "<", self._today()),
        ]

    def _overdue_request_columns(self):
        Request = self.env["beneficiary.request"]
        today = self._today()
        return [
            Column(self.env._("Reference"), "text", self._field(Request, "name"), 18),
            Column(self.env._("Beneficiary"), "text", self._name_of(Request, "beneficiary_id"), 28),
            Column(self.env._("Service"), "text", self._name_of(Request, "service_id"), 24),
            Column(self.env._("Officer"), "text", self._name_of(Request, "user_id"), 22),
            Column(self.env._("Stage"), "text", self._name_of(Request, "stage_id"), 18),
            Column(
                self.env._("Received On"), "datetime", self._local(Request, "date_received"), 17
            ),
            Column(
                self.env._("Completed On"), "datetime", self._local(Request, "date_complete"), 17
            ),
            Column(self.env._("Deadline"), "date", self._field(Request, "date_deadline"), 12),
            Column(
                self.env._("Days Overdue"),
                "int",
                lambda query: SQL(
                    "(%s - %s)",
                    today,
                    Request._field_to_sql(Request._table, "date_deadline", query),
                ),
                10,
            ),
            Column(
                self.env._("Age (Days Since Received)"),
                "int",
                lambda query: self._age(Request, query),
                10,
            ),
        ]
