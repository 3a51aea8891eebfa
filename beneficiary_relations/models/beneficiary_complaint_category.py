from odoo import fields, models

from ..tools.groups import FOLLOW_UP


class BeneficiaryComplaintCategory(models.Model):
    _name = "beneficiary.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    user_id = fields.Many2one(
        "res.users",
        string="Follow-up Member",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref(FOLLOW_UP).ids,
            )
        ],
        help="The follow-up committee member new complaints of this category are assigned to.",
    )
    company_id = fields.Many2one("res.company")
    active = fields.Boolean(default=True)
