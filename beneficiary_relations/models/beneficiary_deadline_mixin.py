from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import WorkingDays, format_hijri, run_in_batches
from ..tools.groups import MANAGER, OFFICER

REMINDER_STEPS = ("before", "due", "overdue")
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

    # Reminders ------------------------------------------------------------------------------

    @api.model
    def _cron_deadline_reminders(self, batch_size=500, max_batches=20):
        """Run each reminder step for the records due, in committed batches; once the backlog
        is drained, each person reminded receives one digest of it all."""
        steps = [
            (
                self,
                self._reminder_step_domain(step),
                "date_deadline, id",
                lambda batch, step=step: batch._send_reminders(step),
            )
            for step in REMINDER_STEPS
        ]
        return run_in_batches(
            self.env,
            f"{self._name}.reminders",
            steps,
            batch_size,
            batch_size * max_batches,
            on_drained=self._mail_reminder_digests,
        )

    def _reminder_step_domain(self, step):
        today = fields.Date.context_today(self)
        domains = {
            "before": [
                ("date_reminder", "<=", today),
                ("date_deadline", ">", today),
                ("reminder_done", "=", False),
            ],
            "due": [("date_deadline", "=", today), ("deadline_reminder_done", "=", False)],
            "overdue": [("date_deadline", "<", today), ("escalated", "=", False)],
        }
        return expression.AND([self._deadline_open_domain(), domains[step]])

    def _send_reminders(self, step):
        flag = {"before": "reminder_done", "due": "deadline_reminder_done", "overdue": "escalated"}
        if step == "overdue":
            recipients_by_record = {r: r._escalation_recipients() for r in self}
        else:
            recipients_by_record = {r: r._deadline_responsible() for r in self}
        self._schedule_reminder_activities(step, recipients_by_record)
        # sudo: the step's flag is the application's own record that this step was done, for
        # exactly the records just reminded. mail_notrack: the flag is not tracked, and a
        # tracking snapshot taken here would log, per record, what the step changes next.
        self.sudo().with_context(mail_notrack=True).write({flag[step]: True})

    def _escalation_recipients(self):
        recipients = self.company_id.beneficiary_escalation_user_ids
        if not recipients:
            # Not env.ref: it checks that the group exists, a query for every record escalated.
            managers = self.env["res.groups"].browse(
                self.env["ir.model.data"]._xmlid_to_res_id(MANAGER)
            )
            recipients = managers.users.filtered(
                lambda u: self.company_id in u.company_ids and not u.share
            )
        return recipients

    def _reminder_summary(self, step):
        summaries = {
            "before": self.env._("Deadline approaching"),
            "due": self.env._("Deadline today"),
            "overdue": self.env._("Overdue: escalated"),
        }
        return summaries[step]

    def _schedule_reminder_activities(self, step, recipients_by_record):
        """A to-do on each record for the first person reminded (the digest tells the others),
        marked for the next digest."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        values = [
            {
                "res_model_id": model_id,
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "summary": record._reminder_summary(step),
                "user_id": recipients[:1].id,
                "date_deadline": record.date_deadline,
                "beneficiary_digest_step": step,
            }
            for record, recipients in recipients_by_record.items()
            if recipients
        ]
        # sudo: the cron's own reminders, for the people responsible for these records.
        # quick_update: no mail per activity; the digest tells each assignee once per run.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            values
        )

    @api.model
    def _mail_reminder_digests(self):
        """One mail to each person with reminders of this model not yet in a digest."""
        # sudo: the cron's own reminder activities, marked when it scheduled them.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("beneficiary_digest_step", "!=", False)])
        )
        records = self.browse(activities.mapped("res_id"))
        sections_by_user = defaultdict(lambda: defaultdict(list))
        for activity, record in zip(activities, records, strict=True):
            step = activity.beneficiary_digest_step
            # Every escalation recipient hears of an escalation; the to-do is the first one's.
            users = record._escalation_recipients() if step == "overdue" else activity.user_id
            for user in users:
                sections_by_user[user][step].append(record.id)
        mails = []
        for user, sections in sections_by_user.items():
            if user.email:
                mails.append(self._reminder_digest_values(user, sections))
        # sudo: mails of the application's own, to staff about records they are assigned.
        self.env["mail.mail"].sudo().create(mails)
        # One statement for the whole run, where write() would update a hundred rows at a time.
        self.env.cr.execute(
            SQL(
                "UPDATE mail_activity SET beneficiary_digest_step = NULL WHERE id = ANY(%s)",
                activities.ids,
            )
        )
        activities.invalidate_recordset(["beneficiary_digest_step"])

    def _reminder_digest_values(self, user, sections):
        records = self.browse([res_id for ids in sections.values() for res_id in ids])
        body = self.env["ir.qweb"]._render(
            "beneficiary_relations.reminder_digest_mail",
            {
                "user": user,
                "sections": [
                    (step, self.browse(sections[step]))
                    for step in REMINDER_STEPS
                    if step in sections
                ],
            },
            lang=user.lang,
        )
        return {
            "subject": self.with_context(lang=user.lang).env._(
                "%s deadlines need your attention", len(records)
            ),
            "body_html": body,
            "email_to": user.email_formatted,
            "auto_delete": True,
        }
