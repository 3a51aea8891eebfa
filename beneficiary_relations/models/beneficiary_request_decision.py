from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .beneficiary_request_stage import KIND_RANK

COMMITTEE = "beneficiary_relations.group_br_committee"
# Fields for staff only: the beneficiary reads the decision and its reason, not these.
STAFF = "beneficiary_relations.group_br_officer"
DECISION_FIELDS = {
    "decision",
    "decision_date",
    "decision_note",
    "committee_member_ids",
    "decision_minutes",
}


class BeneficiaryRequestDecision(models.AbstractModel):
    """The committee's decision on a request: who decided, what, why, with the minutes. Only
    the committee (or a manager) records it, whatever the path: the decision wizard, a kanban
    drag to the decided stage, an import or an RPC write."""

    _name = "beneficiary.request.decision"
    _description = "Committee Decision on a Request"

    decision = fields.Selection(
        [
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("more_info", "More Information Needed"),
        ],
        tracking=True,
        copy=False,
    )
    decision_date = fields.Datetime(tracking=True, copy=False)
    decision_note = fields.Text(string="Decision Reason", copy=False)
    committee_member_ids = fields.Many2many(
        "res.users",
        "beneficiary_request_committee_member_rel",
        string="Members Present",
        copy=False,
        groups=STAFF,
    )
    decision_minutes = fields.Binary(string="Minutes", attachment=True, copy=False, groups=STAFF)
    decision_minutes_name = fields.Char(copy=False, groups=STAFF)

    @api.constrains("decision", "decision_note")
    def _check_decision(self):
        for request in self:
            if request.decision == "rejected" and not (request.decision_note or "").strip():
                raise ValidationError(self.env._("A rejection needs its reason."))
            if request.decision in ("approved", "rejected") and not request.date_complete:
                raise ValidationError(
                    self.env._("%s is not complete yet: it cannot be decided.", request.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_decision_rights(set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._check_decision_rights(vals)
        if vals.get("decision") in ("approved", "rejected", "more_info") and not vals.get(
            "decision_date"
        ):
            vals = dict(vals, decision_date=fields.Datetime.now())
        return super().write(vals)

    def action_open_decision_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Committee Decision"),
            "res_model": "beneficiary.request.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def _check_decision_rights(self, vals):
        if DECISION_FIELDS & set(vals) and not (self.env.su or self.env.user.has_group(COMMITTEE)):
            raise AccessError(
                self.env._("Only the committee or a manager can record a committee decision.")
            )

    def _apply_decision(self, decision, note, members, minutes=False, minutes_name=False):
        """Record the committee's decision and move the request on accordingly, in one write:
        decided, or back to the completeness check (its clock stopped) for more information."""
        self.ensure_one()
        if (
            KIND_RANK.get(self.stage_kind, 0) >= KIND_RANK["decided"]
            or self.stage_kind == "cancelled"
        ):
            raise UserError(self.env._("%s has already been decided.", self.name))
        more_info = decision == "more_info"
        stage = self._stage_of_kind("completeness" if more_info else "decided")
        if not stage:
            raise UserError(self.env._("No stage is configured for this step."))
        vals = {
            "decision": decision,
            "decision_note": note,
            "committee_member_ids": [Command.set(members.ids)],
            "decision_minutes": minutes,
            "decision_minutes_name": minutes_name,
            "stage_id": stage.id,
        }
        if more_info:
            vals["date_complete"] = False
        self.write(vals)
        if more_info:
            self._notify_beneficiary("more_info")
