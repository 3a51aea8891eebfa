from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools import is_recorded_outcome
from .beneficiary_committee import VOTES


class BeneficiaryRequestVote(models.Model):
    """One committee member's vote at the meeting that decided a request, or heard its
    appeal. Written only with the meeting's outcome, never on its own, and never changed."""

    _name = "beneficiary.request.vote"
    _description = "Committee Member's Vote"
    _order = "meeting_date, id"

    request_id = fields.Many2one(
        "beneficiary.request", required=True, index=True, ondelete="cascade"
    )
    appeal_id = fields.Many2one(
        "beneficiary.request.appeal", index="btree_not_null", ondelete="cascade"
    )
    committee_id = fields.Many2one("beneficiary.committee", ondelete="restrict")
    meeting_date = fields.Date(required=True)
    user_id = fields.Many2one("res.users", string="Member", required=True, ondelete="restrict")
    vote = fields.Selection(VOTES, required=True)
    is_chair = fields.Boolean(string="Chair")
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_recorded_outcome(self.env):
            raise AccessError(
                self.env._(
                    "Votes are recorded with the committee's decision (Record Decision), "
                    "never on their own."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("A vote cast at a committee meeting cannot change."))
        return super().write(vals)
