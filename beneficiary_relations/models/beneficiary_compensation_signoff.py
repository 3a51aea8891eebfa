from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import is_recorded_outcome


class BeneficiaryCompensationSignoff(models.Model):
    """An investigation committee member's approval of a compensation case: who and when.
    The case is approved once its committee's quorum has signed it off."""

    _name = "beneficiary.compensation.signoff"
    _description = "Compensation Sign-off"
    _order = "date, id"

    compensation_id = fields.Many2one(
        "beneficiary.compensation", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Member", required=True, ondelete="restrict")
    committee_id = fields.Many2one("beneficiary.committee", ondelete="restrict")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related="compensation_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_recorded_outcome(self.env):
            raise AccessError(
                self.env._("A member signs a compensation off with its Sign Off button only.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("A sign-off cannot change."))
        return super().write(vals)
