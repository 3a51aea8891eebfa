from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    beneficiary_digest_step = fields.Selection(
        [("before", "Deadline approaching"), ("due", "Deadline today"), ("overdue", "Overdue")],
        string="Pending Digest",
        index="btree_not_null",
        copy=False,
        help="A deadline reminder not yet listed in the daily digest mail of its assignee.",
    )
