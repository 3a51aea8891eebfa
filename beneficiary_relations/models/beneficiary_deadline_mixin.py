from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import split_every

from ..tools import WorkingDays, commit_cron_progress

REMINDER_STEPS = ("before", "due", "overdue")
MANAGER = "beneficiary_relations.group_br_manager"
STAFF = "beneficiary_relations.group_br_officer"
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

    Implementers define ``_deadline_start_date``, ``_deadline_days``, ``_deadline_open_domain``
    and ``_deadline_responsible``, and decorate ``_compute_deadline_dates`` with their
    dependencies."""

    _name = "beneficiary.deadline.mixin"
    _description = "Working-day Deadline and Reminders"

    date_deadline = fields.Date(
        string="Deadline", compute="_compute_deadline_dates", store=True, tracking=True, index=True
    )
    date_reminder = fields.Date(
        string="Reminder Date",
        compute="_compute_deadline_dates",
        store=True,
        copy=False,
        groups=STAFF,
    )
    reminder_done = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=STAFF
    )
    deadline_reminder_done = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=STAFF
    )
    # Not tracked: the cron sets it on thousands of records at once, and the escalation
    # activity already shows on each of them.
    escalated = fields.Boolean(
        compute="_compute_reminder_flags", store=True, readonly=False, copy=False, groups=STAFF
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
        """The date the deadline counts from, or None while it does not run."""
        raise NotImplementedError

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

    def _compute_deadline_dates(self):
        running = self.filtered(lambda r: r._deadline_start_date())
        (self - running).update({"date_deadline": False, "date_reminder": False})
        by_company = defaultdict(lambda: self.browse())
        for record in running:
            by_company[record.company_id] |= record
        for company, records in by_company.items():
            records._compute_deadline_dates_on(company)

    def _compute_deadline_dates_on(self, company):
        calendar = company.beneficiary_calendar_id or self.env.ref(
            "beneficiary_relations.resource_calendar_saudi_week"
        )
        lead = company.beneficiary_reminder_days
        starts = [record._deadline_start_date() for record in self]
        days = [record._deadline_days() for record in self]
        working_days = WorkingDays(calendar, starts, max(max(days), lead))
        for record, start, count in zip(self, starts, days, strict=True):
            deadline = working_days.shift(start, count)
            record.date_deadline = deadline
            record.date_reminder = working_days.shift(deadline, -lead) if lead > 0 else deadline

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
        """Run each reminder step for the records due; at most ``max_batches`` batches per
        step, each committed with its progress, so that a backlog resumes on the next run."""
        done = remaining = 0
        for step in REMINDER_STEPS:
            step_done, step_remaining = self._run_reminder_step(step, batch_size, max_batches)
            done += step_done
            remaining += step_remaining
        return done, remaining

    def _run_reminder_step(self, step, batch_size, max_batches):
        domain = self._reminder_step_domain(step)
        records = self.search(domain, limit=batch_size * max_batches, order="date_deadline, id")
        done = 0
        for batch in split_every(batch_size, records.ids, self.browse):
            batch._send_reminders(step)
            done += len(batch)
            commit_cron_progress(self.env, done, self.search_count(domain))
        return done, self.search_count(domain)

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
        self._mail_reminder_digests(step, recipients_by_record)
        # sudo: the step's flag is the application's own record that this step was done, for
        # exactly the records just reminded.
        self.sudo().write({flag[step]: True})

    def _escalation_recipients(self):
        recipients = self.company_id.beneficiary_escalation_user_ids
        if not recipients:
            # Not env.ref: it checks that the group exists, a query for every record escalated.
            managers = self.env["res.groups"].browse(
                self.env["ir.model.data"]._xmlid_to_res_id("beneficiary_relations.group_br_manager")
            )
            recipients = managers.users.filtered(
                lambda u: self.company_id in u.company_ids and not u.share and u.id != 1
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
            }
            for record, recipients in recipients_by_record.items()
            if recipients
        ]
        # quick_update: the digest mail below tells the assignees, once for the whole batch.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            values
        )

    def _mail_reminder_digests(self, step, recipients_by_record):
        records_by_user = defaultdict(lambda: self.browse())
        for record, recipients in recipients_by_record.items():
            for user in recipients:
                records_by_user[user] |= record
        mails = []
        for user, records in records_by_user.items():
            if not user.email:
                continue
            body = self.env["ir.qweb"]._render(
                "beneficiary_relations.deadline_reminder_digest",
                {"records": records, "step": step, "user": user},
                lang=user.lang,
            )
            mails.append(
                {
                    "subject": records.with_context(lang=user.lang)._reminder_digest_subject(step),
                    "body_html": body,
                    "email_to": user.email_formatted,
                    "auto_delete": True,
                }
            )
        self.env["mail.mail"].sudo().create(mails)

    def _reminder_digest_subject(self, step):
        subjects = {
            "before": self.env._("%s deadlines are approaching", len(self)),
            "due": self.env._("%s deadlines are due today", len(self)),
            "overdue": self.env._("%s overdue items escalated to you", len(self)),
        }
        return subjects[step]
