from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import WorkingDays, format_hijri
from ..tools.groups import MANAGER, OFFICER

# The deadline clock and the reminder steps: set by the code; a manager may correct them, and
# the correction is written in the chatter.
CLOCK_FIELDS = {
    "date_deadline",
    "date_reminder",
    "reminder_done",
    "deadline_reminder_done",
    "escalated",
}


class BeneficiaryDeadlineMixin(models.AbstractModel):
    """A response deadline in working days on the association's calendar, with one reminder
    before it, one on the day and one escalation when overdue, each sent once per deadline.

    Implementers name the datetime the deadline counts from in ``_deadline_start_field`` and
    what the number of days depends on in ``_deadline_days_depends``, and define
    ``_deadline_days``, ``_deadline_open_domain`` and ``_deadline_responsible``."""

    _name = "beneficiary.deadline.mixin"
    _description = "Working-day Deadline and Reminders"
    _deadline_start_field = None
    _deadline_days_depends = ()

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_deadline = fields.Date(
        string="Deadline", compute="_compute_deadline_dates", store=True, tracking=True, index=True
    )
    date_deadline_hijri = fields.Char(
        string="Deadline (Hijri)", compute="_compute_date_deadline_hijri"
    )
    date_reminder = fields.Date(
        string="Reminder Date",
        compute="_compute_deadline_dates",
        store=True,
        copy=False,
        groups=OFFICER,
    )
    reminder_done = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=OFFICER
    )
    deadline_reminder_done = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=OFFICER
    )
    # Not tracked: the cron sets it on thousands of records at once, and the escalation
    # activity already shows on each of them.
    escalated = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=OFFICER
    )
    deadline_state = fields.Selection(
        [
            ("on_track", "On Track"),
            ("due_soon", "Due Soon"),
            ("due_today", "Due Today"),
            ("overdue", "Overdue"),
        ],
        compute="_compute_deadline_state",
        search="_search_deadline_state",
    )

    def _deadline_start_date(self):
        """The day the deadline counts from, in the calendar's time zone, or None while it
        does not run (no start yet, or no deadline for this record)."""
        start = self[self._deadline_start_field]
        if not start or self._deadline_days() <= 0:
            return None
        return self.company_id._beneficiary_day(start)

    def _deadline_days(self):
        raise NotImplementedError

    @api.model
    def _deadline_open_domain(self):
        """The records whose deadline still matters."""
        raise NotImplementedError

    def _deadline_responsible(self):
        raise NotImplementedError

    def _clock_fields(self):
        """Fields only the code sets; implementers add their own dates."""
        return set(CLOCK_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_clock_rights(vals)
        return super().create(vals_list)

    def write(self, vals):
        corrected = self._check_clock_rights(vals)
        result = super().write(vals)
        if corrected:
            self._log_clock_correction(corrected)
        return result

    def _check_clock_rights(self, vals):
        """The clock fields among ``vals`` that a manager is correcting; nobody else may set
        them (the code itself writes them as the superuser)."""
        touched = self._clock_fields() & set(vals)
        if not touched or self.env.su:
            return set()
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._(
                    "Deadlines, reception dates and reminders are set by the application; "
                    "only a manager can correct them."
                )
            )
        return touched

    def _log_clock_correction(self, field_names):
        labels = ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in field_names)
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Corrected by %(user)s: %(fields)s.", user=self.env.user.name, fields=labels
        )
        for record in self:
            record.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _deadline_depends(self):
        start = [self._deadline_start_field] if self._deadline_start_field else []
        return [
            *start,
            *self._deadline_days_depends,
            "company_id.beneficiary_calendar_id",
            "company_id.beneficiary_reminder_days",
        ]

    @api.depends(lambda self: self._deadline_depends())
    def _compute_deadline_dates(self):
        running = self.filtered(lambda r: r._deadline_start_date())
        (self - running).update({"date_deadline": False, "date_reminder": False})
        by_company = defaultdict(lambda: self.browse())
        for record in running:
            by_company[record.company_id] |= record
        for company, records in by_company.items():
            records._compute_deadline_dates_on(company)

    def _compute_deadline_dates_on(self, company):
        calendar = company._beneficiary_working_calendar()
        lead = company.beneficiary_reminder_days
        starts = [record._deadline_start_date() for record in self]
        days = [record._deadline_days() for record in self]
        working_days = WorkingDays(calendar, starts, max(max(days), lead))
        for record, start, count in zip(self, starts, days, strict=True):
            deadline = working_days.shift(start, count)
            record.date_deadline = deadline
            record.date_reminder = working_days.shift(deadline, -lead) if lead > 0 else deadline

    def _working_days_between(self, start_field, end_field):
        """For the records with both dates: ``{record: (working days after the start's day up
        to the end's day, the end's day)}``, on each company's calendar, read once per batch."""
        measured = {}
        dated = self.filtered(lambda r: r[start_field] and r[end_field])
        for company, records in dated.grouped("company_id").items():
            starts = [company._beneficiary_day(record[start_field]) for record in records]
            ends = [company._beneficiary_day(record[end_field]) for record in records]
            working_days = WorkingDays(company._beneficiary_working_calendar(), starts + ends, 0)
            for record, start, end in zip(records, starts, ends, strict=True):
                measured[record] = (working_days.count(start, end), end)
        return measured

    @api.depends("date_deadline")
    @api.depends_context("lang")
    def _compute_date_deadline_hijri(self):
        for record in self:
            record.date_deadline_hijri = format_hijri(record.date_deadline, self.env.lang)

    @api.depends("date_deadline")
    def _compute_reminder_flags(self):
        # A new deadline deserves its own reminders.
        self.update({"reminder_done": False, "deadline_reminder_done": False, "escalated": False})

    @api.depends("date_deadline", "date_reminder")
    @api.depends_context("tz")
    def _compute_deadline_state(self):
        today = fields.Date.context_today(self)
        open_records = self.filtered_domain(self._deadline_open_domain())
        for record in self:
            record.deadline_state = (
                record._deadline_state_on(today) if record in open_records else False
            )

    def _deadline_state_on(self, today):
        if not self.date_deadline:
            return False
        if self.date_deadline < today:
            return "overdue"
        if self.date_deadline == today:
            return "due_today"
        if self.date_reminder and self.date_reminder <= today:
            return "due_soon"
        return "on_track"

    def _read_group_groupby(self, groupby_spec, query):
        """The deadline status is computed from today, but kanban progress bars and dashboards
        group by it: one SQL expression, the same rules as ``_deadline_state_on``."""
        if groupby_spec != "deadline_state":
            return super()._read_group_groupby(groupby_spec, query)
        today = fields.Date.context_today(self)
        table = SQL.identifier(self._table)
        open_records = self.with_context(active_test=False)._where_calc(
            self._deadline_open_domain()
        )
        deadline = self._field_to_sql(self._table, "date_deadline", query)
        reminder = self._field_to_sql(self._table, "date_reminder", query)
        return SQL(
            """CASE WHEN %(deadline)s IS NULL OR %(table)s.id NOT IN %(open)s THEN NULL
                    WHEN %(deadline)s < %(today)s THEN 'overdue'
                    WHEN %(deadline)s = %(today)s THEN 'due_today'
                    WHEN %(reminder)s <= %(today)s THEN 'due_soon'
                    ELSE 'on_track' END""",
            deadline=deadline,
            reminder=reminder,
            table=table,
            open=open_records.subselect(),
            today=today,
        )

    def _search_deadline_state(self, operator, value):
        values = [value] if isinstance(value, str) else value
        if operator not in ("=", "in") or not isinstance(values, list | tuple):
            raise UserError(self.env._("Unsupported search on the deadline status."))
        today = fields.Date.context_today(self)
        domains = {
            "overdue": [("date_deadline", "<", today)],
            "due_today": [("date_deadline", "=", today)],
            "due_soon": [("date_deadline", ">", today), ("date_reminder", "<=", today)],
            "on_track": [("date_deadline", ">", today), ("date_reminder", ">", today)],
        }
        unknown = [v for v in values if v not in domains]
        if unknown:
            raise UserError(self.env._("Unknown deadline status: %s", ", ".join(map(str, unknown))))
        return expression.AND(
            [self._deadline_open_domain(), expression.OR([domains[v] for v in values])]
        )
