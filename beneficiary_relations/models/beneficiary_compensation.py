from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import assign_references

MANAGER = "beneficiary_relations.group_br_manager"

# Each ground the policy accepts, with the fields that carry its evidence.
GROUNDS = {
    "ground_association_fault": ("fault_evidence",),
    "ground_committee_minutes": ("minutes_date", "minutes_evidence"),
    "ground_ruling": ("ruling_reference", "ruling_evidence"),
    "ground_settlement": ("settlement_evidence",),
}
# What the approval looked at: frozen once the case leaves draft.
APPROVAL_FIELDS = {
    "complaint_id",
    "amount",
    "damage_description",
    *GROUNDS,
    *(field for evidence in GROUNDS.values() for field in evidence),
    "fault_evidence_name",
    "minutes_evidence_name",
    "ruling_evidence_name",
    "settlement_evidence_name",
}
PAYMENT_FIELDS = {"date_paid", "payment_reference"}
# Set by the approval itself, never by a client.
APPROVER_FIELDS = {"approved_by_id", "date_approved"}
# Moves each state allows.
TRANSITIONS = {
    "draft": {"approved", "rejected"},
    "approved": {"paid", "rejected"},
    "paid": set(),
    "rejected": {"draft"},
}


class BeneficiaryCompensation(models.Model):
    _name = "beneficiary.compensation"
    _description = "Compensation Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    complaint_id = fields.Many2one(
        "beneficiary.complaint", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    beneficiary_id = fields.Many2one(related="complaint_id.beneficiary_id", store=True)
    partner_id = fields.Many2one(related="complaint_id.partner_id", string="Beneficiary Contact")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(tracking=True)
    damage_description = fields.Text(string="Damage, Its Size and Causes")

    ground_association_fault = fields.Boolean(
        string="The Association Caused the Harm", tracking=True
    )
    fault_evidence = fields.Binary(string="Evidence of the Fault", attachment=True)
    fault_evidence_name = fields.Char()
    ground_committee_minutes = fields.Boolean(string="Dated Committee Minutes", tracking=True)
    minutes_date = fields.Date()
    minutes_evidence = fields.Binary(string="Minutes", attachment=True)
    minutes_evidence_name = fields.Char()
    ground_ruling = fields.Boolean(string="Judicial or Competent-Authority Ruling", tracking=True)
    ruling_reference = fields.Char()
    ruling_evidence = fields.Binary(string="Ruling", attachment=True)
    ruling_evidence_name = fields.Char()
    ground_settlement = fields.Boolean(
        string="Negotiated Settlement with the Beneficiary", tracking=True
    )
    settlement_evidence = fields.Binary(string="Settlement Agreement", attachment=True)
    settlement_evidence_name = fields.Char()

    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("paid", "Paid"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_paid = fields.Date(copy=False, tracking=True)
    payment_reference = fields.Char(copy=False)
    reject_reason = fields.Text(copy=False)

    @api.constrains("amount")
    def _check_amount(self):
        for compensation in self:
            if compensation.amount < 0:
                raise ValidationError(self.env._("A compensation amount cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        assign_references(self, vals_list, "beneficiary.compensation")
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(self.env._("A compensation case starts as a draft."))
            self._check_approver_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_approver_fields(vals)
        self._check_locked_fields(vals)
        if "state" in vals:
            self._check_transition(vals["state"])
            if vals["state"] == "approved":
                vals = dict(vals, approved_by_id=self.env.uid, date_approved=fields.Datetime.now())
        result = super().write(vals)
        if "state" in vals or self.filtered(lambda c: c.state != "draft"):
            self._check_approval_rules()
        return result

    def action_approve(self):
        self.write({"state": "approved"})
        return True

    def action_mark_paid(self):
        for compensation in self:
            compensation.write(
                {"state": "paid", "date_paid": compensation.date_paid or fields.Date.today()}
            )
        return True

    def action_reject(self):
        self.write({"state": "rejected"})
        return True

    def action_reset_to_draft(self):
        self.write({"state": "draft"})
        return True

    def _check_approver_fields(self, vals):
        if APPROVER_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "Who approved a compensation and when is recorded by the approval itself."
                )
            )

    def _check_locked_fields(self, vals):
        """What the approval looked at stays as it was once the case leaves draft; the payment
        is recorded while approved and stays as it was once paid."""
        changed = set(vals)
        for compensation in self:
            locked = APPROVAL_FIELDS if compensation.state != "draft" else set()
            if compensation.state != "approved":
                locked = locked | PAYMENT_FIELDS
            if vals.get("state") == "paid" and compensation.state == "approved":
                locked = locked - PAYMENT_FIELDS
            fields_changed = locked & changed
            if fields_changed:
                labels = ", ".join(
                    sorted(
                        self._fields[name]._description_string(self.env) for name in fields_changed
                    )
                )
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: %(fields)s can no longer change.",
                        name=compensation.name,
                        state=compensation._state_label(compensation.state).lower(),
                        fields=labels,
                    )
                )

    def _check_transition(self, new_state):
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(
                self.env._("Only a manager can approve, pay or reject a compensation.")
            )
        if new_state not in TRANSITIONS:
            raise UserError(self.env._("%s is not a status of a compensation case.", new_state))
        for compensation in self:
            if new_state != compensation.state and new_state not in TRANSITIONS[compensation.state]:
                raise UserError(
                    self.env._(
                        "%(name)s cannot go from %(old)s to %(new)s.",
                        name=compensation.name,
                        old=compensation._state_label(compensation.state),
                        new=compensation._state_label(new_state),
                    )
                )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _check_approval_rules(self):
        """Approved and paid cases keep their grounds, evidence and amount: this holds for a
        button, an import and an RPC write alike."""
        for compensation in self.filtered(lambda c: c.state in ("approved", "paid")):
            problems = compensation._approval_problems()
            if problems:
                raise ValidationError(
                    self.env._("%s cannot be approved or paid:", compensation.name)
                    + "\n- "
                    + "\n- ".join(problems)
                )

    def _approval_problems(self):
        self.ensure_one()
        problems = []
        grounds = [ground for ground in GROUNDS if self[ground]]
        if not grounds:
            problems.append(self.env._("at least one of the policy's grounds is required"))
        for ground in grounds:
            if not all(self[field] for field in GROUNDS[ground]):
                label = self._fields[ground]._description_string(self.env)
                problems.append(self.env._("the ground “%s” needs its evidence", label))
        if self.amount <= 0:
            problems.append(self.env._("the amount is missing"))
        if self.state == "paid" and not self.date_paid:
            problems.append(self.env._("the payment date is missing"))
        return problems
