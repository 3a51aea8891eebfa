from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..tools.groups import MANAGER


class BeneficiaryPolicyAcknowledgement(models.Model):
    _name = "beneficiary.policy.acknowledgement"
    _description = "Policy Acknowledgement"
    _order = "date desc, id desc"
    _rec_name = "policy_id"

    policy_id = fields.Many2one(
        "beneficiary.policy", required=True, ondelete="restrict", index=True
    )
    policy_version = fields.Char(related="policy_id.version", string="Version")
    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        index=True,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    method = fields.Selection(
        [("online", "Online"), ("paper", "Signed paper")],
        required=True,
        default="online",
        help="Online: acknowledged in the app, on the date and from the address recorded. "
        "Signed paper: the signed copy is attached.",
    )
    ip = fields.Char(string="IP Address", readonly=True)
    signed_form = fields.Binary(string="Signed Copy", attachment=True)
    signed_form_name = fields.Char()

    _sql_constraints = [
        (
            "policy_user_uniq",
            "unique(policy_id, user_id)",
            "This person has already acknowledged this version of the policy.",
        ),
    ]

    @api.depends("policy_id", "user_id")
    def _compute_display_name(self):
        for acknowledgement in self:
            acknowledgement.display_name = (
                f"{acknowledgement.user_id.name} – {acknowledgement.policy_id.display_name}"
            )

    @api.constrains("policy_id")
    def _check_policy_active(self):
        for acknowledgement in self:
            policy = acknowledgement.policy_id
            if policy.state != "active":
                states = dict(policy._fields["state"]._description_selection(self.env))
                raise ValidationError(
                    self.env._(
                        "Only the version of the policy in force can be acknowledged: "
                        "%(policy)s is %(state)s.",
                        policy=policy.display_name,
                        state=states[policy.state].lower(),
                    )
                )

    @api.constrains("method", "signed_form")
    def _check_signed_form(self):
        for acknowledgement in self:
            if acknowledgement.method == "paper" and not acknowledgement.signed_form:
                raise ValidationError(
                    self.env._("Attach the signed copy of an acknowledgement signed on paper.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        defaults = self.default_get(["method", "user_id"])
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("user_id", defaults.get("user_id"))
            method = vals.get("method") or defaults.get("method")
            if method == "paper":
                self._check_paper_rights()
            elif method == "online":
                # Done here and now: neither the date nor the address comes from the client.
                vals.update(date=now, ip=self._request_ip())
        self._check_not_acknowledged(vals_list)
        acknowledgements = super().create(vals_list)
        self.env["beneficiary.policy.reminder"]._close_for(acknowledgements)
        return acknowledgements

    def write(self, vals):
        if {"policy_id", "user_id"} & set(vals):
            raise UserError(
                self.env._(
                    "An acknowledgement stays with its policy and its employee; record a new "
                    "one instead."
                )
            )
        return super().write(vals)

    @api.model
    def _check_paper_rights(self):
        """A paper acknowledgement is recorded, with its date, by a manager who holds the
        signed copy; nobody records their own."""
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(
                self.env._("Only a manager records an acknowledgement signed on paper.")
            )

    @api.model
    def _request_ip(self):
        try:
            return request.httprequest.remote_addr if request else False
        except RuntimeError:  # no request bound to this thread
            return False

    def _check_not_acknowledged(self, vals_list):
        """A clear message where the unique constraint would only say "duplicate"."""
        pairs = [(vals.get("policy_id"), vals.get("user_id")) for vals in vals_list]
        # sudo: others' acknowledgements are hidden from officers; only the pairs being
        # recorded are looked for.
        existing = self.sudo().search(
            [
                ("policy_id", "in", [policy for policy, _user in pairs]),
                ("user_id", "in", [user for _policy, user in pairs]),
            ]
        )
        seen = {(ack.policy_id.id, ack.user_id.id) for ack in existing}
        for policy_id, user_id in pairs:
            if (policy_id, user_id) in seen:
                # sudo: the names of the user and the policy being acknowledged, for the message.
                raise ValidationError(
                    self.env._(
                        "%(user)s has already acknowledged %(policy)s.",
                        user=self.env["res.users"].sudo().browse(user_id).name,
                        policy=self.env["beneficiary.policy"].sudo().browse(policy_id).display_name,
                    )
                )
            seen.add((policy_id, user_id))
