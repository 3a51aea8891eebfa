from odoo import fields, models


class BeneficiaryPolicyReminder(models.Model):
    """When a user was last reminded to acknowledge a policy, so that the daily reminder
    comes once per the company's period."""

    _name = "beneficiary.policy.reminder"
    _description = "Policy Acknowledgement Reminder"
    _order = "date desc, id desc"

    policy_id = fields.Many2one(
        "beneficiary.policy", string="Policy", required=True, ondelete="cascade", index=True
    )
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
