from odoo import models
from odoo.osv import expression
from odoo.tools import SQL

from ..models.beneficiary_complaint_stage import OPEN_KINDS as COMPLAINT_OPEN_KINDS
from .beneficiary_kpi import AGE_BUCKETS, Column, _as_date, _months


class BeneficiaryKpiComplaint(models.AbstractModel):
    _inherit = "beneficiary.kpi"

    # Complaints ------------------------------------------------------------------------------

    def _complaint_scope(self, options):
        """The complaints of the company (of beneficiaries of the chosen categories, if any)."""
        domain = [("company_id", "=", options.company.id)]
        if options.categories:
            domain.append(("beneficiary_id.category_id", "in", options.categories.ids))
        return domain

    def _complaint_domain(self, options):
        start, end = self._bounds(options)
        return expression.AND(
            [
                self._complaint_scope(options),
                expression.OR(
                    [
                        [("date_received", ">=", start), ("date_received", "<", end)],
                        [("date_resolved", ">=", start), ("date_resolved", "<", end)],
                        [("stage_kind", "in", COMPLAINT_OPEN_KINDS)],
                    ]
                ),
            ]
        )

    def _complaint_conditions(self, model, query, options):
        field = lambda name: model._field_to_sql(model._table, name, query)  # noqa: E731
        received = self._between(field("date_received"), options)
        answered = self._between(field("date_resolved"), options)
        is_open = SQL("(%s IN %s)", field("stage_kind"), COMPLAINT_OPEN_KINDS)
        return {
            "received": received,
            "answered": answered,
            "on_time": SQL("(%s AND %s)", answered, field("resolved_on_time")),
            "amicable": SQL("(%s AND %s)", answered, field("settled_amicably")),
            "escalated": SQL("(%s AND %s)", received, field("escalated")),
            "open": is_open,
            "overdue": SQL("(%s AND %s < %s)", is_open, field("date_deadline"), self._today()),
        }

    def _complaint_measures(self, model, options):
        def count(name):
            return lambda query: SQL(
                "COUNT(*) FILTER (WHERE %s)",
                self._complaint_conditions(model, query, options)[name],
            )

        names = ("received", "answered", "on_time", "amicable", "escalated", "open", "overdue")
        return {name: count(name) for name in names}

    def _complaint_figures(self, options, groupby=()):
        Complaint = self.env["beneficiary.complaint"]
        rows = self._aggregate(
            Complaint,
            self._complaint_domain(options),
            groupby,
            self._complaint_measures(Complaint, options),
        )
        for row in rows:
            answered = row["answered"]
            row["on_time_rate"] = row["on_time"] / answered if answered else None
            row["amicable_rate"] = row["amicable"] / answered if answered else None
        return rows

    def _complaints_by_month(self, options):
        Complaint = self.env["beneficiary.complaint"]
        start, end = self._bounds(options)
        scope = self._complaint_scope(options)
        measures = self._complaint_measures(Complaint, options)
        received = self._aggregate(
            Complaint,
            scope + [("date_received", ">=", start), ("date_received", "<", end)],
            ["date_received:month"],
            {name: measures[name] for name in ("received", "escalated")},
        )
        answered = self._aggregate(
            Complaint,
            scope + [("date_resolved", ">=", start), ("date_resolved", "<", end)],
            ["date_resolved:month"],
            {name: measures[name] for name in ("answered", "on_time", "amicable")},
        )
        months = {}
        for row in received + answered:
            values = months.setdefault(_as_date(row["groups"][0]), {})
            values.update({k: v for k, v in row.items() if k != "groups"})
        result = []
        for month in _months(options.date_from, options.date_to):
            values = dict.fromkeys(("received", "escalated", "answered", "on_time", "amicable"), 0)
            values.update(months.get(month, {}))
            answered_count = values["answered"]
            values["on_time_rate"] = values["on_time"] / answered_count if answered_count else None
            values["amicable_rate"] = (
                values["amicable"] / answered_count if answered_count else None
            )
            values["groups"] = (month,)
            result.append(values)
        return result

    def _complaint_age_bucket(self, Complaint):
        """The index in ``AGE_BUCKETS`` of an open complaint's age."""

        def build(query):
            age = self._age(Complaint, query)
            cases = [
                SQL("WHEN %s <= %s THEN %s", age, high, index)
                for index, (_low, high) in enumerate(AGE_BUCKETS)
                if high is not None
            ]
            return SQL("CASE %s ELSE %s END", SQL(" ").join(cases), len(AGE_BUCKETS) - 1)

        return build

    def _open_complaints_by_age(self, options):
        Complaint = self.env["beneficiary.complaint"]
        rows = self._aggregate(
            Complaint,
            self._complaint_scope(options) + [("stage_kind", "in", COMPLAINT_OPEN_KINDS)],
            [self._complaint_age_bucket(Complaint)],
            {
                name: build
                for name, build in self._complaint_measures(Complaint, options).items()
                if name in ("open", "overdue")
            },
        )
        by_bucket = {row["groups"][0]: row for row in rows}
        return [
            dict(
                by_bucket.get(index, {"open": 0, "overdue": 0}),
                groups=(self._age_label(low, high),),
            )
            for index, (low, high) in enumerate(AGE_BUCKETS)
        ]

    def _age_label(self, low, high):
        if high is None:
            return self.env._("Over %s days", low - 1)
        return self.env._("%(low)s to %(high)s days", low=low, high=high)

    def _complaint_row_columns(self, options):
        Complaint = self.env["beneficiary.complaint"]
        field = lambda name: self._field(Complaint, name)  # noqa: E731

        def condition(name):
            return lambda query: self._complaint_conditions(Complaint, query, options)[name]

        def if_answered(fname):
            return lambda query: SQL(
                "CASE WHEN %s IS NOT NULL THEN %s END",
                Complaint._field_to_sql(Complaint._table, "date_resolved", query),
                Complaint._field_to_sql(Complaint._table, fname, query),
            )

        return [
            Column(self.env._("Reference"), "text", field("name"), 18),
            Column(
                self.env._("Type"),
                "selection",
                field("complaint_type"),
                14,
                selection=self._selection_labels(Complaint, "complaint_type"),
            ),
            Column(self.env._("Category"), "text", self._name_of(Complaint, "category_id"), 20),
            Column(
                self.env._("Intake Channel"),
                "text",
                self._name_of(Complaint, "channel_id"),
                18,
            ),
            Column(self.env._("Follow-up Member"), "text", self._name_of(Complaint, "user_id"), 22),
            Column(self.env._("Stage"), "text", self._name_of(Complaint, "stage_id"), 18),
            Column(
                self.env._("Received On"), "datetime", self._local(Complaint, "date_received"), 17
            ),
            Column(self.env._("Deadline"), "date", field("date_deadline"), 12),
            Column(
                self.env._("Answered On"), "datetime", self._local(Complaint, "date_resolved"), 17
            ),
            Column(
                self.env._("Working Days to Answer"),
                "int",
                if_answered("resolution_working_days"),
                12,
            ),
            Column(self.env._("Answered on Time"), "bool", if_answered("resolved_on_time"), 12),
            Column(self.env._("Settled Amicably"), "bool", field("settled_amicably"), 12),
            Column(self.env._("Escalated"), "bool", field("escalated"), 12),
            Column(self.env._("Anonymous"), "bool", field("anonymous"), 12),
            Column(self.env._("Received in Period"), "bool", condition("received"), 12),
            Column(self.env._("Answered in Period"), "bool", condition("answered"), 12),
            Column(self.env._("Open Today"), "bool", condition("open"), 12),
            Column(self.env._("Overdue Today"), "bool", condition("overdue"), 12),
        ]

    def _escalation_domain(self, options):
        start, end = self._bounds(options)
        return expression.AND(
            [
                self._complaint_scope(options),
                [("escalated", "=", True)],
                expression.OR(
                    [
                        [("date_received", ">=", start), ("date_received", "<", end)],
                        [("stage_kind", "in", COMPLAINT_OPEN_KINDS)],
                    ]
                ),
            ]
        )

    def _escalation_columns(self):
        Complaint = self.env["beneficiary.complaint"]
        return [
            Column(self.env._("Reference"), "text", self._field(Complaint, "name"), 18),
            Column(self.env._("Subject"), "text", self._field(Complaint, "subject"), 36),
            Column(
                self.env._("Type"),
                "selection",
                self._field(Complaint, "complaint_type"),
                14,
                selection=self._selection_labels(Complaint, "complaint_type"),
            ),
            Column(self.env._("Follow-up Member"), "text", self._name_of(Complaint, "user_id"), 22),
            Column(self.env._("Stage"), "text", self._name_of(Complaint, "stage_id"), 18),
            Column(
                self.env._("Received On"), "datetime", self._local(Complaint, "date_received"), 17
            ),
            Column(self.env._("Deadline"), "date", self._field(Complaint, "date_deadline"), 12),
            Column(
                self.env._("Answered On"), "datetime", self._local(Complaint, "date_resolved"), 17
            ),
            Column(
                self.env._("Escalation Reason"),
                "text",
                self._field(Complaint, "escalation_reason"),
                40,
            ),
        ]
