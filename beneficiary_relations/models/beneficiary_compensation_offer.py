from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# Written only by the answer to the offer (the beneficiary on the portal, or staff recording
# it), never by a client.
ANSWER_FIELDS = {
    "state",
    "date",
    "response_date",
    "response_ip",
    "responded_by_id",
    "response_channel",
    "accepted_amount",
    "response_note",
}


class BeneficiaryCompensationOffer(models.Model):
    """One step of the negotiation of a compensation: an offer by the association, which the
    beneficiary accepts or declines on the portal (or staff record their answer), or a
    counter-offer by the beneficiary. An offer, once made, stays as it was."""

    _name = "beneficiary.compensation.offer"
    _description = "Compensation Offer"
    _order = "date desc, id desc"

    compensation_id = fields.Many2one(
        "beneficiary.compensation", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="compensation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="compensation_id.currency_id")
    party = fields.Selection(
        [("association", "Offer by the Association"), ("beneficiary", "Counter-offer")],
        required=True,
        default="association",
    )
    amount = fields.Monetary(required=True)
    note = fields.Text()
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    state = fields.Selection(
        [
            ("open", "Awaiting an Answer"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("superseded", "Superseded"),
        ],
        default="open",
        required=True,
        readonly=True,
    )
    response_date = fields.Datetime(readonly=True)
    response_ip = fields.Char(string="Answered From", readonly=True)
    responded_by_id = fields.Many2one("res.users", string="Answered By", readonly=True)
    response_channel = fields.Selection(
        [("portal", "Portal"), ("staff", "Recorded by Staff")], readonly=True
    )
    accepted_amount = fields.Monetary(readonly=True)
    response_note = fields.Text(string="Beneficiary's Comment", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if ANSWER_FIELDS & set(vals):
                    raise AccessError(
                        self.env._("An offer is answered by the beneficiary, not when it is made.")
                    )
        offers = super().create(vals_list)
        for offer in offers:
            offer._check_offer()
        # sudo: the earlier open offers of the same cases give way to the new ones.
        earlier = self.sudo().search(
            [
                ("compensation_id", "in", offers.compensation_id.ids),
                ("state", "=", "open"),
                ("id", "not in", offers.ids),
            ]
        )
        earlier.write({"state": "superseded"})
        return offers

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("An offer, once made, stays as it was: make a new one."))
        return super().write(vals)

    def _check_offer(self):
        env = self.env
        compensation = self.compensation_id
        if compensation.state not in ("draft", "approved"):
            raise UserError(
                env._("%s is paid or rejected: no offer can be made on it.", compensation.name)
            )
        if self.amount <= 0:
            raise UserError(env._("An offer needs its amount."))
        if (
            self.party == "association"
            and compensation.state == "approved"
            and compensation.currency_id.compare_amounts(self.amount, compensation.amount)
        ):
            raise UserError(
                env._(
                    "%(name)s is approved for %(amount)s: that is the amount offered.",
                    name=compensation.name,
                    amount=compensation.amount,
                )
            )

    def _answer(self, accept, channel, ip=False, note=False):
        """Record the beneficiary's answer to this open offer, in one write."""
        self.ensure_one()
        env = self.env
        compensation = self.compensation_id
        if self.party != "association" or self.state != "open":
            raise UserError(env._("This offer is no longer open."))
        if compensation.state not in ("draft", "approved"):
            raise UserError(
                env._("%s is closed: the offer can no longer be answered.", compensation.name)
            )
        # sudo: the answer to this offer only, checked above and by the callers as the
        # beneficiary's own (portal) or recorded by staff who may change the case.
        self.sudo().write(
            {
                "state": "accepted" if accept else "declined",
                "response_date": fields.Datetime.now(),
                "response_ip": ip or False,
                "responded_by_id": env.uid,
                "response_channel": channel,
                "accepted_amount": self.amount if accept else 0,
                "response_note": note or False,
            }
        )
        how = dict(self._fields["response_channel"]._description_selection(env))[channel]
        if ip:
            how = env._("%(channel)s, from %(address)s", channel=how, address=ip)
        body = (
            env._(
                "The beneficiary accepted the offer of %(amount)s (%(how)s).",
                amount=self.amount,
                how=how,
            )
            if accept
            else env._(
                "The beneficiary declined the offer of %(amount)s (%(how)s).",
                amount=self.amount,
                how=how,
            )
        )
        if note:
            body += " " + note
        # sudo: the case's log, whoever answered (a beneficiary may not post on it).
        compensation.sudo().message_post(
            body=Markup("<p>%s</p>") % body, subtype_xmlid="mail.mt_note"
        )
        if accept:
            # sudo: the beneficiary's confirmation, posted as the association on their case
            # (a beneficiary may not post on it).
            compensation.sudo()._notify_beneficiary("accepted")

    def _portal_answer(self, accept, ip, note=False, counter_amount=0):
        """The beneficiary answers from the portal: their own case only."""
        self.ensure_one()
        # sudo: whose case this is, read to check it is the signed-in beneficiary's.
        if self.sudo().compensation_id._complainant_partner() != self.env.user.partner_id:
            raise AccessError(self.env._("Only the beneficiary answers their offer."))
        self._answer(accept, "portal", ip=ip, note=note)
        if not accept and counter_amount and counter_amount > 0:
            # sudo: portal users create no offer; bounded to a counter-offer on the case whose
            # offer they just declined.
            self.sudo().create(
                {
                    "compensation_id": self.compensation_id.id,
                    "party": "beneficiary",
                    "amount": counter_amount,
                    "note": note or False,
                }
            )

    def action_record_acceptance(self):
        """Staff record the beneficiary's acceptance given by phone, letter or in person."""
        self.compensation_id.check_access("write")
        for offer in self:
            offer._answer(True, "staff")
        return True

    def action_record_decline(self):
        self.compensation_id.check_access("write")
        for offer in self:
            offer._answer(False, "staff")
        return True
