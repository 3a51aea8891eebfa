from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import is_recorded_outcome
from ..tools.groups import INVESTIGATION, MANAGER

# The proofs of the association's fault the policy accepts (at least one is required, on
# top of the fault itself being established), with the fields of each one's evidence. A
# negotiated settlement is proven by its signed agreement or by the offer the beneficiary
# accepted.
PROOFS = {
    "ground_committee_minutes": ("minutes_date", "minutes_evidence"),
    "ground_ruling": ("ruling_reference", "ruling_evidence"),
    "ground_settlement": (),
}
# What the approval looked at: frozen once the case leaves draft.
APPROVAL_FIELDS = {
    "complaint_id",
    "amount",
    "damage_description",
    "investigation_committee_id",
    "ground_association_fault",
    "fault_evidence",
    "fault_evidence_name",
    "ground_committee_minutes",
    "minutes_date",
    "minutes_evidence",
    "minutes_evidence_name",
    "minutes_member_ids",
    "ground_ruling",
    "ruling_reference",
    "ruling_evidence",
    "ruling_evidence_name",
    "ground_settlement",
    "settlement_evidence",
    "settlement_evidence_name",
}
PAYMENT_FIELDS = {"date_paid", "payment_reference", "payment_method"}
# Set by the approval itself (the investigation committee's sign-offs), never by a client.
APPROVER_FIELDS = {"approved_by_id", "date_approved", "signoff_ids"}
# Moves each state allows.
TRANSITIONS = {
    "draft": {"approved", "rejected"},
    "approved": {"paid", "rejected"},
    "paid": set(),
    "rejected": {"draft"},
}


class BeneficiaryCompensationRules(models.Model):
    _inherit = "beneficiary.compensation"

    # Rules ----------------------------------------------------------------------------------

    def _check_approver_fields(self, vals):
        if APPROVER_FIELDS & set(vals) and not is_recorded_outcome(self.env):
            raise AccessError(
                self.env._(
                    "Who approved a compensation and when is recorded by the approval itself: "
                    "the investigation committee's sign-offs."
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
        env = self.env
        if new_state not in TRANSITIONS:
            raise UserError(env._("%s is not a status of a compensation case.", new_state))
        if new_state == "approved" and not is_recorded_outcome(env):
            raise AccessError(
                env._(
                    "A compensation is approved by the sign-offs of the investigation "
                    "committee's quorum (Sign Off), not by a manager or a direct write."
                )
            )
        if new_state == "rejected" and not (
            env.su or env.user.has_group(INVESTIGATION) or env.user.has_group(MANAGER)
        ):
            raise AccessError(
                env._("Only the investigation committee or a manager can reject a compensation.")
            )
        if new_state in ("paid", "draft") and not (env.su or env.user.has_group(MANAGER)):
            raise AccessError(
                env._("Only a manager can record the payment of a compensation or reopen it.")
            )
        for compensation in self:
            if new_state != compensation.state and new_state not in TRANSITIONS[compensation.state]:
                raise UserError(
                    env._(
                        "%(name)s cannot go from %(old)s to %(new)s.",
                        name=compensation.name,
                        old=compensation._state_label(compensation.state),
                        new=compensation._state_label(new_state),
                    )
                )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _signoffs_to_withdraw(self, vals):
        """The sign-offs given on a draft whose approval fields now change: they approved
        something else."""
        if not APPROVAL_FIELDS & set(vals):
            return self.env["beneficiary.compensation.signoff"]
        # sudo: the sign-offs of these drafts only, withdrawn with a note.
        return self.filtered(lambda c: c.state == "draft").sudo().signoff_ids

    def _withdraw_signoffs(self, signoffs):
        for compensation in signoffs.compensation_id:
            compensation.message_post(
                body=self.env._(
                    "The case changed after it was signed off: the sign-offs of %s are "
                    "withdrawn and are to be given again.",
                    ", ".join(
                        signoffs.filtered(
                            lambda s, c=compensation: s.compensation_id == c
                        ).user_id.mapped("name")
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        signoffs.unlink()

    def _check_approval_rules(self):
        """Approved and paid cases keep their fault, proof, damage and amount, paid ones
        their payment, rejected ones their reason: this holds for a button, an import and an
        RPC write alike."""
        for compensation in self:
            if compensation.state == "rejected" and not (compensation.reject_reason or "").strip():
                raise ValidationError(self.env._("Write why %s is rejected.", compensation.name))
            if compensation.state not in ("approved", "paid"):
                continue
            problems = compensation._approval_problems()
            if compensation.state == "paid":
                problems += compensation._payment_problems()
            if problems:
                raise ValidationError(
                    self.env._("%s cannot be approved or paid:", compensation.name)
                    + "\n- "
                    + "\n- ".join(problems)
                )

    def _approval_problems(self):
        self.ensure_one()
        env = self.env
        # sudo: the evidence is checked for presence, whoever asks (staff fields).
        case = self.sudo()
        problems = []
        if not case.ground_association_fault:
            problems.append(env._("it is not established that the association caused the harm"))
        proofs = [proof for proof in PROOFS if case[proof]]
        if not proofs:
            problems.append(
                env._(
                    "no proof of the fault: dated investigation committee minutes approved by "
                    "its members, a judicial or competent-authority ruling, or a settlement "
                    "negotiated with the beneficiary"
                )
            )
        for proof in proofs:
            problems += case._proof_problems(proof)
        if not (case.damage_description or "").strip():
            problems.append(env._("the damage, its size and its causes are not described"))
        if case.amount <= 0:
            problems.append(env._("the amount is missing"))
        accepted = case.accepted_offer_id
        if accepted and case.currency_id.compare_amounts(accepted.amount, case.amount):
            problems.append(
                env._(
                    "the amount is not the %s the beneficiary accepted",
                    accepted.amount,
                )
            )
        return problems

    def _proof_problems(self, proof):
        env = self.env
        label = self._fields[proof]._description_string(env)
        missing_evidence = env._("the ground “%s” needs its evidence", label)
        if proof == "ground_settlement":
            return [] if self.settlement_evidence or self.accepted_offer_id else [missing_evidence]
        problems = [] if all(self[field] for field in PROOFS[proof]) else [missing_evidence]
        if proof == "ground_committee_minutes":
            committee = self.investigation_committee_id
            approvers = self.minutes_member_ids
            if not committee:
                problems.append(env._("the investigation committee is not chosen"))
            elif approvers - committee.member_ids:
                problems.append(
                    env._(
                        "the minutes are approved by members of %s only",
                        committee.name,
                    )
                )
            elif len(approvers) < committee.quorum:
                problems.append(
                    env._(
                        "the minutes are approved by %(count)s members, below the quorum of "
                        "%(quorum)s",
                        count=len(approvers),
                        quorum=committee.quorum,
                    )
                )
        return problems

    def _payment_problems(self):
        env = self.env
        problems = []
        if not self.date_paid:
            problems.append(env._("the payment date is missing"))
        if not self.payment_method:
            problems.append(env._("the payment method is missing"))
        if not self.payment_reference:
            problems.append(env._("the payment reference is missing"))
        accepted = self.accepted_offer_id
        if not accepted or self.currency_id.compare_amounts(accepted.amount, self.amount):
            problems.append(env._("the beneficiary has not accepted an offer of this amount"))
        return problems
