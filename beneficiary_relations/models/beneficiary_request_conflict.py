from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.groups import MANAGER


class BeneficiaryRequestConflict(models.Model):
    """A conflict of interest declared on a request: the member named never votes on its
    decision or its appeal. Who declared it, when and why are kept; only a manager may
    withdraw one."""

    _name = "beneficiary.request.conflict"
    _description = "Conflict of Interest on a Request"
    _order = "date desc, id desc"

    request_id = fields.Many2one(
        "beneficiary.request", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, domain=[("share", "=", False)]
    )
    reason = fields.Text(required=True)
    declared_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user, ondelete="restrict"
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Who declared it and when are the application's record, never a client's.
            vals_list = [
                dict(vals, declared_by_id=self.env.uid, date=fields.Datetime.now())
                for vals in vals_list
            ]
        conflicts = super().create(vals_list)
        for conflict in conflicts:
            conflict.request_id.message_post(
                body=self.env._(
                    "%(member)s declared in conflict by %(by)s: %(reason)s",
                    member=conflict.user_id.name,
                    by=conflict.declared_by_id.name,
                    reason=conflict.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return conflicts

    def write(self, vals):
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(self.env._("A declared conflict of interest cannot be changed."))
        if {"declared_by_id", "date"} & set(vals) and not self.env.su:
            raise AccessError(self.env._("Who declared a conflict and when cannot change."))
        return super().write(vals)
