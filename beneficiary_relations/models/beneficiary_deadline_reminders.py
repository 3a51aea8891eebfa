"""The reminders of the deadline mixin: the cron's steps, their to-dos and the digests."""

from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import run_in_batches
from ..tools.groups import MANAGER

REMINDER_STEPS = ("before", "due", "overdue")


class BeneficiaryDeadlineReminders(models.AbstractModel):
    _inherit = "beneficiary.deadline.mixin"

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
