"""The indicators that show the board and the regulator that the policy is applied.

Every figure is computed in SQL under the reader's own access rules (``_search`` applies the
record rules, so a manager never counts a complaint about themselves), one query per table of
figures whatever the number of records; the rows behind the figures are read in batches by
key, never as one big recordset.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..models.beneficiary_complaint_stage import OPEN_KINDS as COMPLAINT_OPEN_KINDS
from ..models.beneficiary_request_stage import OPEN_KINDS as REQUEST_OPEN_KINDS
from .beneficiary_kpi_workbook import KpiWorkbook

MANAGER = "beneficiary_relations.group_br_manager"
DECIDED = ("approved", "rejected")
# Ages of open complaints, in calendar days since they were received.
AGE_BUCKETS = ((0, 5), (6, 10), (11, 30), (31, None))
ROW_BATCH = 5000


@dataclass(frozen=True)
class KpiOptions:
    """What a workbook covers: one company, a period (both days included), and optionally
    some services and beneficiary categories."""

    company: models.BaseModel
    date_from: date
    date_to: date
    services: models.BaseModel
    categories: models.BaseModel


class Column:
    """A column of rows read in SQL: its header, its kind (how it is written) and the SQL of
    its value, built against the query it is read from."""

    def __init__(self, header, kind, sql, width=14, selection=None):
        self.header = header
        self.kind = kind
        self.sql = sql
        self.width = width
        self.selection = selection


class BeneficiaryKpi(models.AbstractModel):
    _name = "beneficiary.kpi"
    _description = "Beneficiary Relations Indicators"

    # Options ---------------------------------------------------------------------------------

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("The indicators are for Beneficiary Relations managers."))

    @api.model
    def _options(self, date_from, date_to, company=None, services=None, categories=None):
        """Checked options: the company must be one of the user's, the period the right way."""
        self._check_manager()
        return self._make_options(date_from, date_to, company, services, categories)

    @api.model
    def _make_options(self, date_from, date_to, company=None, services=None, categories=None):
        company = company or self.env.company
        if company not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not work for this company."))
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("The period must start before it ends."))
        return KpiOptions(
            company=company,
            date_from=date_from,
            date_to=date_to,
            services=services or self.env["beneficiary.service"],
            categories=categories or self.env["beneficiary.category"],
        )

    @api.model
    def _options_from_params(self, params):
        """Options from the workbook URL's parameters (ids as comma-separated lists)."""

        def ids(name):
            text = params.get(name) or ""
            return [int(part) for part in text.split(",") if part.strip()]

        company_id = int(params.get("company_id") or self.env.company.id)
        company = self.env["res.company"].browse(company_id).exists()
        if not company:
            raise AccessError(self.env._("You do not work for this company."))
        env = self.with_company(company).env
        return self._options(
            params.get("date_from"),
            params.get("date_to"),
            company,
            env["beneficiary.service"].browse(ids("service_ids")).exists(),
            env["beneficiary.category"].browse(ids("category_ids")).exists(),
        )

    def _in_company(self, options):
        """This model in the options' company alone, in its calendar's time zone."""
        company = options.company
        return self.with_company(company).with_context(
            allowed_company_ids=[company.id], tz=company._beneficiary_tz()
        )

    def _bounds(self, options):
        """The period as UTC datetimes: from its first day's midnight to the next midnight
        after its last day, in the association's time zone."""
        return self._midnight(options.date_from), self._midnight(
            options.date_to + timedelta(days=1)
        )

    def _midnight(self, day):
        """The UTC datetime of ``day``'s midnight in the context's time zone."""
        tz = timezone(self.env.context.get("tz") or self.env.company._beneficiary_tz())
        return tz.localize(datetime.combine(day, time.min)).astimezone(utc).replace(tzinfo=None)

    def _today(self):
        return fields.Date.context_today(self)

    # SQL helpers -----------------------------------------------------------------------------

    def _aggregate(self, model, domain, groupby, measures):
        """One query: for each group of the records of ``model`` matching ``domain`` (and the
        user's rules), the ``measures``. ``groupby`` items are ``_read_group`` specs or
        functions of the query giving an SQL expression; ``measures`` map names to functions
        of the query giving an aggregate. Returns a list of dicts with a ``groups`` tuple."""
        query = model._search(domain)
        terms = [
            spec(query) if callable(spec) else model._read_group_groupby(spec, query)
            for spec in groupby
        ]
        if terms:
            query.groupby = SQL(", ").join(terms)
        selects = [build(query) for build in measures.values()]
        rows = self.env.execute_query(query.select(*terms, *selects))
        columns = list(zip(*rows, strict=True)) if rows else [() for _i in range(len(terms))]
        group_columns = [
            list(model._read_group_postprocess_groupby(spec, column))
            if isinstance(spec, str)
            else list(column)
            for spec, column in zip(groupby, columns, strict=False)
        ]
        result = []
        for index, row in enumerate(rows):
            values = dict(zip(measures, row[len(terms) :], strict=True))
            values["groups"] = tuple(column[index] for column in group_columns)
            result.append(values)
        return result

    def _stream(self, model, domain, columns, order=("id",), batch=ROW_BATCH):
        """The rows of ``model`` matching ``domain`` (and the user's rules) as tuples of the
        ``columns``' values, ``batch`` at a time, ordered by the non-null ``order`` fields.
        Each batch is two queries: the next keys (keyset paging, after the last row of the
        batch before), then the columns of those rows only, with their joins."""
        last = None
        while True:
            query = model._search(domain)
            keys = [model._field_to_sql(model._table, name, query) for name in order]
            if last is not None:
                query.add_where(
                    SQL(
                        "(%s) > (%s)",
                        SQL(", ").join(keys),
                        SQL(", ").join(SQL("%s", v) for v in last),
                    )
                )
            query.order = SQL(", ").join(keys)
            query.limit = batch
            page = self.env.execute_query(query.select(*keys, SQL.identifier(model._table, "id")))
            if not page:
                return
            ids = [row[-1] for row in page]
            rows_query = model.with_context(active_test=False)._where_calc([("id", "in", ids)])
            rows = {
                row[0]: row[1:]
                for row in self.env.execute_query(
                    rows_query.select(
                        SQL.identifier(model._table, "id"),
                        *(column.sql(rows_query) for column in columns),
                    )
                )
            }
            for record_id in ids:
                yield rows[record_id]
            if len(page) < batch:
                return
            last = page[-1][: len(keys)]

    @staticmethod
    def _field(model, fname):
        return lambda query: model._field_to_sql(model._table, fname, query)

    @staticmethod
    def _name_of(model, fname, comodel, comodel_field="name"):
        """The name (translated, if it is) of the record ``model.fname`` links to."""

        def build(query):
            alias = query.left_join(model._table, fname, comodel._table, "id", fname)
            return comodel._field_to_sql(alias, comodel_field, query)

        return build

    def _local(self, model, fname):
        """A datetime field in the association's time zone."""
        tz = self.env.context.get("tz") or self.env.company._beneficiary_tz()
        return lambda query: SQL(
            "timezone(%s, timezone('UTC', %s))", tz, model._field_to_sql(model._table, fname, query)
        )

    def _between(self, sql, options):
        start, end = self._bounds(options)
        return SQL("(%s >= %s AND %s < %s)", sql, start, sql, end)

    def _age(self, model, query, fname="date_received"):
        """Calendar days since a datetime field, in the association's time zone."""
        local = self._local(model, fname)(query)
        return SQL("(%s::date - (%s)::date)", self._today(), local)

    def _selection_labels(self, model, fname):
        return dict(model._fields[fname]._description_selection(self.env))

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
        _ = self.env._
        field = lambda name: self._field(Request, name)  # noqa: E731

        def condition(name):
            return lambda query: self._request_conditions(Request, query, options)[name]

        return [
            Column(_("Reference"), "text", field("name"), 18),
            Column(_("Received On"), "datetime", self._local(Request, "date_received"), 17),
            Column(
                _("Beneficiary"),
                "text",
                self._name_of(Request, "beneficiary_id", self.env["beneficiary.beneficiary"]),
                28,
            ),
            Column(
                _("Category"),
                "text",
                self._name_of(Request, "category_id", self.env["beneficiary.category"]),
                20,
            ),
            Column(
                _("Service"),
                "text",
                self._name_of(Request, "service_id", self.env["beneficiary.service"]),
                24,
            ),
            Column(
                _("Intake Channel"),
                "text",
                self._name_of(Request, "channel_id", self.env["beneficiary.channel"]),
                18,
            ),
            Column(
                _("Officer"),
                "text",
                self._name_of(Request, "user_id", self.env["res.users"]),
                22,
            ),
            Column(
                _("Stage"),
                "text",
                self._name_of(Request, "stage_id", self.env["beneficiary.request.stage"]),
                18,
            ),
            Column(_("Completed On"), "datetime", self._local(Request, "date_complete"), 17),
            Column(_("Deadline"), "date", field("date_deadline"), 12),
            Column(
                _("Decision"),
                "selection",
                field("decision"),
                16,
                selection=self._selection_labels(Request, "decision"),
            ),
            Column(_("Decided On"), "datetime", self._local(Request, "decision_date"), 17),
            Column(_("Working Days to Decision"), "int", self._decision_days(Request), 12),
            Column(_("Decided on Time"), "bool", self._on_time_or_null(Request), 12),
            Column(_("Received in Period"), "bool", condition("received"), 12),
            Column(_("Decided in Period"), "bool", condition("decided"), 12),
            Column(_("Open Today"), "bool", condition("open"), 12),
            Column(_("Overdue Today"), "bool", condition("overdue"), 12),
        ]

    def _decision_days(self, Request):
        def build(query):
            return SQL(
                "CASE WHEN %s IN %s THEN %s END",
                Request._field_to_sql(Request._table, "decision", query),
                DECIDED,
                Request._field_to_sql(Request._table, "decision_working_days", query),
            )

        return build

    def _on_time_or_null(self, Request):
        def build(query):
            return SQL(
                "CASE WHEN %s IN %s THEN %s END",
                Request._field_to_sql(Request._table, "decision", query),
                DECIDED,
                Request._field_to_sql(Request._table, "decided_on_time", query),
            )

        return build

    def _overdue_request_domain(self, options):
        return self._request_scope(options) + [
            ("stage_kind", "in", REQUEST_OPEN_KINDS),
            ("date_deadline", "<", self._today()),
        ]

    def _overdue_request_columns(self):
        Request = self.env["beneficiary.request"]
        _ = self.env._
        today = self._today()
        return [
            Column(_("Reference"), "text", self._field(Request, "name"), 18),
            Column(
                _("Beneficiary"),
                "text",
                self._name_of(Request, "beneficiary_id", self.env["beneficiary.beneficiary"]),
                28,
            ),
            Column(
                _("Service"),
                "text",
                self._name_of(Request, "service_id", self.env["beneficiary.service"]),
                24,
            ),
            Column(
                _("Officer"), "text", self._name_of(Request, "user_id", self.env["res.users"]), 22
            ),
            Column(
                _("Stage"),
                "text",
                self._name_of(Request, "stage_id", self.env["beneficiary.request.stage"]),
                18,
            ),
            Column(_("Received On"), "datetime", self._local(Request, "date_received"), 17),
            Column(_("Completed On"), "datetime", self._local(Request, "date_complete"), 17),
            Column(_("Deadline"), "date", self._field(Request, "date_deadline"), 12),
            Column(
                _("Days Overdue"),
                "int",
                lambda query: SQL(
                    "(%s - %s)",
                    today,
                    Request._field_to_sql(Request._table, "date_deadline", query),
                ),
                10,
            ),
            Column(
                _("Age (Days Since Received)"),
                "int",
                lambda query: self._age(Request, query),
                10,
            ),
        ]

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
        _ = self.env._
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
            Column(_("Reference"), "text", field("name"), 18),
            Column(
                _("Type"),
                "selection",
                field("complaint_type"),
                14,
                selection=self._selection_labels(Complaint, "complaint_type"),
            ),
            Column(
                _("Category"),
                "text",
                self._name_of(Complaint, "category_id", self.env["beneficiary.complaint.category"]),
                20,
            ),
            Column(
                _("Intake Channel"),
                "text",
                self._name_of(Complaint, "channel_id", self.env["beneficiary.channel"]),
                18,
            ),
            Column(
                _("Follow-up Member"),
                "text",
                self._name_of(Complaint, "user_id", self.env["res.users"]),
                22,
            ),
            Column(
                _("Stage"),
                "text",
                self._name_of(Complaint, "stage_id", self.env["beneficiary.complaint.stage"]),
                18,
            ),
            Column(_("Received On"), "datetime", self._local(Complaint, "date_received"), 17),
            Column(_("Deadline"), "date", field("date_deadline"), 12),
            Column(_("Answered On"), "datetime", self._local(Complaint, "date_resolved"), 17),
            Column(
                _("Working Days to Answer"),
                "int",
                if_answered("resolution_working_days"),
                12,
            ),
            Column(_("Answered on Time"), "bool", if_answered("resolved_on_time"), 12),
            Column(_("Settled Amicably"), "bool", field("settled_amicably"), 12),
            Column(_("Escalated"), "bool", field("escalated"), 12),
            Column(_("Anonymous"), "bool", field("anonymous"), 12),
            Column(_("Received in Period"), "bool", condition("received"), 12),
            Column(_("Answered in Period"), "bool", condition("answered"), 12),
            Column(_("Open Today"), "bool", condition("open"), 12),
            Column(_("Overdue Today"), "bool", condition("overdue"), 12),
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
        _ = self.env._
        return [
            Column(_("Reference"), "text", self._field(Complaint, "name"), 18),
            Column(_("Subject"), "text", self._field(Complaint, "subject"), 36),
            Column(
                _("Type"),
                "selection",
                self._field(Complaint, "complaint_type"),
                14,
                selection=self._selection_labels(Complaint, "complaint_type"),
            ),
            Column(
                _("Follow-up Member"),
                "text",
                self._name_of(Complaint, "user_id", self.env["res.users"]),
                22,
            ),
            Column(
                _("Stage"),
                "text",
                self._name_of(Complaint, "stage_id", self.env["beneficiary.complaint.stage"]),
                18,
            ),
            Column(_("Received On"), "datetime", self._local(Complaint, "date_received"), 17),
            Column(_("Deadline"), "date", self._field(Complaint, "date_deadline"), 12),
            Column(_("Answered On"), "datetime", self._local(Complaint, "date_resolved"), 17),
            Column(_("Escalation Reason"), "text", self._field(Complaint, "escalation_reason"), 40),
        ]

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
        _ = self.env._
        return [
            Column(_("Sent On"), "date", self._field(Report, "date"), 12),
            Column(
                _("Origin"),
                "selection",
                self._field(Report, "origin"),
                16,
                selection=self._selection_labels(Report, "origin"),
            ),
            Column(
                _("Beneficiary"),
                "text",
                self._name_of(Report, "beneficiary_id", self.env["beneficiary.beneficiary"]),
                28,
            ),
            Column(
                _("Service"),
                "text",
                self._name_of(Report, "service_id", self.env["beneficiary.service"]),
                24,
            ),
            Column(
                _("Intake Channel"),
                "text",
                self._name_of(Report, "channel_id", self.env["beneficiary.channel"]),
                18,
            ),
            Column(
                _("Category"),
                "text",
                self._name_of(Report, "category_id", self.env["beneficiary.category"]),
                20,
            ),
            Column(
                _("Answered"),
                "bool",
                lambda query: SQL(
                    "(%s = 1)", Report._field_to_sql(Report._table, "answer_count", query)
                ),
                10,
            ),
            Column(
                _("Overall Satisfaction (1-5)"),
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

    # Supervision -----------------------------------------------------------------------------

    def _supervision(self, options):
        """Per officer, follow-up member and contact officer: workload, on-time rates, open and
        overdue items."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        users = {}

        def entry(user):
            return users.setdefault(
                user,
                {
                    "care": 0,
                    "received": 0,
                    "decided": 0,
                    "on_time": 0,
                    "open": 0,
                    "overdue": 0,
                    "complaints": 0,
                    "answered": 0,
                    "complaints_on_time": 0,
                    "complaints_open": 0,
                    "complaints_overdue": 0,
                },
            )

        for row in self._request_figures(options, ["user_id"]):
            if row["groups"][0]:
                values = entry(row["groups"][0])
                for key in ("received", "decided", "on_time", "open", "overdue"):
                    values[key] = row[key]
        for row in self._complaint_figures(options, ["user_id"]):
            if row["groups"][0]:
                values = entry(row["groups"][0])
                values["complaints"] = row["received"]
                values["answered"] = row["answered"]
                values["complaints_on_time"] = row["on_time"]
                values["complaints_open"] = row["open"]
                values["complaints_overdue"] = row["overdue"]
        care_domain = [("company_id", "=", options.company.id), ("state", "=", "registered")]
        if options.categories:
            care_domain.append(("category_id", "in", options.categories.ids))
        for user, count in Beneficiary._read_group(
            care_domain, ["contact_officer_id"], ["__count"]
        ):
            if user:
                entry(user)["care"] = count
        rows = []
        for user, values in sorted(users.items(), key=lambda item: item[0].name or ""):
            values["on_time_rate"] = (
                values["on_time"] / values["decided"] if values["decided"] else None
            )
            values["complaints_on_time_rate"] = (
                values["complaints_on_time"] / values["answered"] if values["answered"] else None
            )
            values["open_items"] = values["open"] + values["complaints_open"]
            values["overdue_items"] = values["overdue"] + values["complaints_overdue"]
            rows.append((user, values))
        return rows

    # Summary ---------------------------------------------------------------------------------

    def _summary(self, options):
        """The headline figures, per clause of the policy: ``(key, clause, label, value,
        kind)`` where kind says how to write the value (int, percent, float)."""
        _ = self.env._
        requests = self._request_figures(options)[0]
        complaints = self._complaint_figures(options)[0]
        by_type = {
            row["groups"][0]: row["received"]
            for row in self._complaint_figures(options, ["complaint_type"])
        }
        ages = self._open_complaints_by_age(options)
        satisfaction = self._satisfaction_figures(options)[0]
        policy, staff = self._acknowledgements(options)
        acknowledged = sum(1 for _user, ack in staff if ack)
        clause_4 = _("4. Decision within the deadline")
        clause_7 = _("7. Complaints and disputes")
        clause_9 = _("9. Contact officers")
        clause_10 = _("10. Satisfaction")
        clause_11 = _("11. Policy acknowledgement")
        type_labels = self._selection_labels(self.env["beneficiary.complaint"], "complaint_type")
        supervision = self._supervision(options)
        rows = [
            ("requests_received", clause_4, _("Requests received"), requests["received"], "int"),
            (
                "requests_decided",
                clause_4,
                _("Requests decided (approved or rejected)"),
                requests["decided"],
                "int",
            ),
            (
                "requests_on_time",
                clause_4,
                _("Decided within the deadline"),
                requests["on_time"],
                "int",
            ),
            (
                "requests_on_time_rate",
                clause_4,
                _("Share decided within the deadline"),
                requests["on_time_rate"],
                "percent",
            ),
            (
                "requests_median_days",
                clause_4,
                _("Median working days from a complete request to its decision"),
                requests["median_days"],
                "float",
            ),
            (
                "requests_open",
                clause_4,
                _("Requests awaiting a decision today"),
                requests["open"],
                "int",
            ),
            ("requests_overdue", clause_4, _("Requests overdue today"), requests["overdue"], "int"),
        ]
        for kind, label in type_labels.items():
            rows.append(
                (
                    f"received_{kind}",
                    clause_7,
                    _("Received: %s", label),
                    by_type.get(kind, 0),
                    "int",
                )
            )
        rows += [
            (
                "complaints_answered",
                clause_7,
                _("Answered (resolved or rejected as unfounded)"),
                complaints["answered"],
                "int",
            ),
            (
                "complaints_on_time_rate",
                clause_7,
                _("Share answered within the deadline"),
                complaints["on_time_rate"],
                "percent",
            ),
            (
                "complaints_amicable_rate",
                clause_7,
                _("Share of answers settled amicably"),
                complaints["amicable_rate"],
                "percent",
            ),
            (
                "complaints_escalated",
                clause_7,
                _("Escalated to top management"),
                complaints["escalated"],
                "int",
            ),
            ("complaints_open", clause_7, _("Complaints open today"), complaints["open"], "int"),
            (
                "complaints_overdue",
                clause_7,
                _("Complaints overdue today"),
                complaints["overdue"],
                "int",
            ),
        ]
        for index, age in enumerate(ages):
            rows.append(
                (
                    f"complaints_age_{index}",
                    clause_7,
                    _("Complaints open today, %s", age["groups"][0]),
                    age["open"],
                    "int",
                )
            )
        rows += [
            (
                "officers",
                clause_9,
                _("Staff following requests, complaints or beneficiaries"),
                len(supervision),
                "int",
            ),
            (
                "officers_overdue",
                clause_9,
                _("Of whom with overdue items today"),
                sum(1 for _user, values in supervision if values["overdue_items"]),
                "int",
            ),
            ("survey_sent", clause_10, _("Questionnaires sent"), satisfaction["sent"], "int"),
            ("survey_answers", clause_10, _("Answers"), satisfaction["answers"], "int"),
            (
                "survey_response_rate",
                clause_10,
                _("Response rate"),
                satisfaction["response_rate"],
                "percent",
            ),
            (
                "csat",
                clause_10,
                _("CSAT (answers rating 4 or 5 out of 5)"),
                satisfaction["csat"],
                "percent",
            ),
            ("survey_score", clause_10, _("Average score (1-5)"), satisfaction["score"], "float"),
            (
                "policy",
                clause_11,
                _("Policy in force"),
                policy.display_name if policy else _("None"),
                "text",
            ),
            ("policy_staff", clause_11, _("Staff who must acknowledge it"), len(staff), "int"),
            ("policy_acknowledged", clause_11, _("Staff who acknowledged it"), acknowledged, "int"),
            (
                "policy_coverage",
                clause_11,
                _("Acknowledgement coverage"),
                acknowledged / len(staff) if staff else None,
                "percent",
            ),
        ]
        return rows

    # The workbook ----------------------------------------------------------------------------

    @api.model
    def _write_xlsx(self, fileobj, options):
        """Write the KPI workbook of ``options`` into ``fileobj``, as the current user."""
        self._check_manager()
        self._build_xlsx(fileobj, options)

    @api.model
    def _build_xlsx(self, fileobj, options):
        """The workbook under the current user's own rules, for whoever the application
        sends it to (the monthly digest's recipients)."""
        KpiWorkbook(self._in_company(options), options, fileobj).write()

    @api.model
    def _workbook_name(self, options):
        return self.env._(
            "Beneficiary relations indicators %(company)s %(start)s to %(end)s.xlsx",
            company=options.company.name,
            start=options.date_from,
            end=options.date_to,
        )


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def _months(first, last):
    """The first day of each month from ``first``'s to ``last``'s."""
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)
