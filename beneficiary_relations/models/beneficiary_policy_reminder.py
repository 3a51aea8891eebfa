from odoo import api, fields, models

from ..tools import run_in_batches


class BeneficiaryPolicyReminder(models.Model):
    """When a user was last reminded to acknowledge a policy, so that the daily reminder
    comes once per the company's period (the to-do activity itself is gone once done)."""

    _name = "beneficiary.policy.reminder"
    _description = "Policy Acknowledgement Reminder"
    _order = "date desc, id desc"

    policy_id = fields.Many2one("beneficiary.policy", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    date = fields.Date(string="Last Reminder", required=True)
    activity_id = fields.Many2one("mail.activity", string="Reminder Activity", ondelete="set null")

    _sql_constraints = [
        (
            "policy_user_uniq",
            "unique(policy_id, user_id)",
            "A user has one reminder line per policy.",
        ),
    ]

    @api.model
    def _cron_remind(self, batch_size=200, max_batches=10):
        """Remind the users of the app who have not acknowledged their company's active policy,
        once per the company's reminder period, in committed batches."""
        today = fields.Date.context_today(self)
        # sudo: every company's policy in force, whatever companies the cron's user works in.
        policies = self.env["beneficiary.policy"].sudo().search([("state", "=", "active")])
        steps = [
            (
                self.env["res.users"],
                [("id", "in", self._users_to_remind(policy, today).ids)],
                "id",
                lambda users, policy=policy: self._remind(policy, users, today),
            )
            for policy in policies
        ]
        return run_in_batches(
            self.env,
            "beneficiary.policy.reminders",
            steps,
            batch_size,
            batch_size * max_batches,
            lock_records=False,
        )

    @api.model
    def _users_to_remind(self, policy, today):
        """The users of the app in the policy's company who have not acknowledged it and were
        not reminded within the company's period (0 days: no reminders)."""
        days = policy.company_id.beneficiary_policy_reminder_days
        if days <= 0:
            return self.env["res.users"]
        since = fields.Date.subtract(today, days=days)
        reminded = self.search([("policy_id", "=", policy.id), ("date", ">", since)]).user_id
        audience = policy._audience_by_company(policy.company_id)[policy.company_id]
        return audience - policy.acknowledgement_ids.user_id - reminded

    @api.model
    def _remind(self, policy, users, today):
        """One to-do activity per user, replacing the previous reminder's."""
        existing = {
            reminder.user_id: reminder
            for reminder in self.search(
                [("policy_id", "=", policy.id), ("user_id", "in", users.ids)]
            )
        }
        # The previous reminder, if still open, gives way to this one.
        self.browse([reminder.id for reminder in existing.values()]).activity_id.filtered(
            "active"
        ).unlink()
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(policy._name)
        # sudo: the cron's own to-dos, for the users who still have to acknowledge.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": policy.id,
                        "activity_type_id": activity_type.id,
                        "summary": self.with_context(lang=user.lang).env._(
                            "Read and acknowledge the policy"
                        ),
                        "user_id": user.id,
                        "date_deadline": today,
                    }
                    for user in users
                ]
            )
        )
        new_values = []
        for user, activity in zip(users, activities, strict=True):
            if user in existing:
                existing[user].write({"date": today, "activity_id": activity.id})
            else:
                new_values.append(
                    {
                        "policy_id": policy.id,
                        "user_id": user.id,
                        "date": today,
                        "activity_id": activity.id,
                    }
                )
        self.create(new_values)

    @api.model
    def _close_for(self, acknowledgements):
        """The reminders' to-do activities are done with once the policy is acknowledged."""
        pairs = {(ack.policy_id, ack.user_id) for ack in acknowledgements}
        # sudo: the reminder lines are the application's; the user only acknowledged.
        reminders = (
            self.sudo()
            .search(
                [
                    ("policy_id", "in", acknowledgements.policy_id.ids),
                    ("user_id", "in", acknowledgements.user_id.ids),
                ]
            )
            .filtered(lambda r: (r.policy_id, r.user_id) in pairs)
        )
        reminders.activity_id.filtered("active").unlink()

    @api.model
    def _remove_for(self, policies):
        """Nobody is to acknowledge a superseded version any more."""
        # sudo: the reminder lines are the application's; the manager only superseded.
        self.sudo().search([("policy_id", "in", policies.ids)]).activity_id.filtered(
            "active"
        ).unlink()
