from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import as_recorded_outcome, assign_references, is_recorded_outcome
from ..tools.groups import INVESTIGATION, MANAGER, OFFICER

# Fields for staff only: the beneficiary follows their case and its offers, not these.

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
# What the beneficiary is told of each move.
STATE_NOTICES = {"approved": "approved", "rejected": "rejected", "paid": "paid"}


class BeneficiaryCompensation(models.Model):
    """Compensation under the policy (seed 002, «تعويض المستفيدين»): only where it is
    established that the association caused the harm, AND that fault is proven by dated
    minutes of the investigation committee approved by its members, a judicial or
    competent-authority ruling, or a settlement negotiated with the beneficiary. The
    investigation committee's quorum approves it by signing it off; the amount is negotiated
    with offers the beneficiary answers on the portal; the payment is recorded; the
    beneficiary is told at each step."""

    _name = "beneficiary.compensation"
    _description = "Compensation Case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "beneficiary.notifier.mixin",
    ]
    _order = "id desc"
    _notice_prefix = "compensation"

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
    damage_description = fields.Text(
        string="Damage, Its Size and Causes",
        help="What the harm is, how large, and what caused it: required to approve.",
    )
    investigation_committee_id = fields.Many2one(
        "beneficiary.committee",
        default=lambda self: self._default_investigation_committee(),
        domain="[('kind', '=', 'investigation'), ('company_id', '=', company_id)]",
        tracking=True,
        groups=OFFICER,
    )

    ground_association_fault = fields.Boolean(
        string="The Association Caused the Harm",
        tracking=True,
        help="Required: compensation is only due where it is established that the association "
        "caused the harm.",
    )
    fault_evidence = fields.Binary(string="Evidence of the Fault", attachment=True, groups=OFFICER)
    fault_evidence_name = fields.Char(groups=OFFICER)
    ground_committee_minutes = fields.Boolean(
        string="Dated Investigation Committee Minutes", tracking=True
    )
    minutes_date = fields.Date(groups=OFFICER)
    minutes_evidence = fields.Binary(string="Minutes", attachment=True, groups=OFFICER)
    minutes_evidence_name = fields.Char(groups=OFFICER)
    minutes_member_ids = fields.Many2many(
        "res.users",
        "beneficiary_compensation_minutes_member_rel",
        string="Minutes Approved By",
        groups=OFFICER,
        help="The investigation committee members who approved the minutes: at least its quorum.",
    )
    ground_ruling = fields.Boolean(string="Judicial or Competent-Authority Ruling", tracking=True)
    ruling_reference = fields.Char(groups=OFFICER)
    ruling_evidence = fields.Binary(string="Ruling", attachment=True, groups=OFFICER)
    ruling_evidence_name = fields.Char(groups=OFFICER)
    ground_settlement = fields.Boolean(
        string="Negotiated Settlement with the Beneficiary", tracking=True
    )
    settlement_evidence = fields.Binary(
        string="Settlement Agreement", attachment=True, groups=OFFICER
    )
    settlement_evidence_name = fields.Char(groups=OFFICER)

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
    signoff_ids = fields.One2many(
        "beneficiary.compensation.signoff",
        "compensation_id",
        string="Sign-offs",
        copy=False,
        groups=OFFICER,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, groups=OFFICER)
    date_approved = fields.Datetime(readonly=True, copy=False)
    offer_ids = fields.One2many(
        "beneficiary.compensation.offer", "compensation_id", string="Offers", copy=False
    )
    accepted_offer_id = fields.Many2one("beneficiary.compensation.offer", compute="_compute_offers")
    open_offer_id = fields.Many2one("beneficiary.compensation.offer", compute="_compute_offers")
    date_paid = fields.Date(copy=False, tracking=True)
    payment_method = fields.Selection(
        [
            ("bank_transfer", "Bank Transfer"),
            ("cheque", "Cheque"),
            ("cash", "Cash"),
            ("in_kind", "In Kind"),
        ],
        copy=False,
        tracking=True,
    )
    payment_reference = fields.Char(copy=False, tracking=True)
    reject_reason = fields.Text(copy=False, tracking=True)

    def _default_investigation_committee(self):
        return self.env["beneficiary.committee"]._default_for("investigation", self.env.company)

    @api.depends("offer_ids.state")
    def _compute_offers(self):
        for compensation in self:
            offers = compensation.offer_ids.sorted(lambda o: (o.date, o.id), reverse=True)
            compensation.accepted_offer_id = offers.filtered(lambda o: o.state == "accepted")[:1]
            compensation.open_offer_id = offers.filtered(
                lambda o: o.state == "open" and o.party == "association"
            )[:1]

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for compensation in self:
            compensation.access_url = f"/my/compensations/{compensation.id}"
        return result

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
        withdrawn = self._signoffs_to_withdraw(vals)
        result = super().write(vals)
        if withdrawn:
            self._withdraw_signoffs(withdrawn)
        if "state" in vals or self.filtered(lambda c: c.state != "draft"):
            self._check_approval_rules()
        event = STATE_NOTICES.get(vals.get("state"))
        if event:
            self._notify_beneficiary(event)
        return result

    # Actions --------------------------------------------------------------------------------

    def action_sign_off(self):
        """An investigation committee member signs the case off; the sign-off that reaches
        the committee's quorum approves it, in the same write."""
        self.ensure_one()
        env = self.env
        user = env.user
        if self.state != "draft":
            raise UserError(env._("%s is no longer a draft: it cannot be signed off.", self.name))
        committee = self.investigation_committee_id
        if not committee.active or user not in committee.member_ids:
            raise AccessError(
                env._(
                    "A compensation is approved by the investigation committee's members: "
                    "%s is not one of them.",
                    user.name,
                )
            )
        signed = self.signoff_ids.user_id
        if user in signed:
            raise UserError(env._("You have already signed off %s.", self.name))
        problems = self._approval_problems()
        if problems:
            raise ValidationError(
                env._("%s cannot be signed off:", self.name) + "\n- " + "\n- ".join(problems)
            )
        vals = {"signoff_ids": [Command.create({"user_id": user.id, "committee_id": committee.id})]}
        if len((signed & committee.member_ids) | user) >= committee.quorum:
            vals.update(
                state="approved", approved_by_id=user.id, date_approved=fields.Datetime.now()
            )
        as_recorded_outcome(self).write(vals)
        return True

    def action_approve(self):
        """Approval is the investigation committee's: signing off is its members' way."""
        return self.action_sign_off()

    def action_make_offer(self):
        """Offer the beneficiary the case's amount; they answer on the portal."""
        self.ensure_one()
        self.env["beneficiary.compensation.offer"].create(
            {"compensation_id": self.id, "amount": self.amount, "party": "association"}
        )
        self._notify_beneficiary("offer")
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

    # Notices --------------------------------------------------------------------------------

    def _notice_contact(self):
        # sudo: the complaint's notices go to its complainant (nobody when it is anonymous),
        # whoever acts on the case; only how to reach them is read.
        return self.sudo().complaint_id._notice_contact()

    def _complainant_partner(self):
        """The contact this case's complainant signs in with, or an empty recordset."""
        return self._notice_contact().partner.with_env(self.env)
