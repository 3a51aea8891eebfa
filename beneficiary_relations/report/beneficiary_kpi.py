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
from odoo.tools import SQL

from ..tools.groups import MANAGER
from .beneficiary_kpi_workbook import KpiWorkbook

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
    def _name_of(model, fname):
        """The name (translated, if it is) of the record ``model.fname`` links to."""
        comodel = model.env[model._fields[fname].comodel_name]

        def build(query):
            alias = query.left_join(model._table, fname, comodel._table, "id", fname)
            return comodel._field_to_sql(alias, "name", query)

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
        KpiWorkbook(self._in_company(options), options, fileobj).write_workbook()

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
