from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import as_recorded_outcome, assign_references
from ..tools.groups import OFFICER

# Fields for staff only: the beneficiary follows their case and its offers, not these.

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

    # Notices --------------------------------------------------------------------------------

    def _notice_contact(self):
        # sudo: the complaint's notices go to its complainant (nobody when it is anonymous),
        # whoever acts on the case; only how to reach them is read.
        return self.sudo().complaint_id._notice_contact()

    def _complainant_partner(self):
        """The contact this case's complainant signs in with, or an empty recordset."""
        return self._notice_contact().partner.with_env(self.env)
