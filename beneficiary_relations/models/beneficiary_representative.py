"""A guardian, legal agent or family member who acts for a beneficiary on the portal, on the
strength of a document that authorises them. Staff record and verify the document; the
representative's portal account then reads the file, its requests and complaints, signs the
declaration and submits for the beneficiary, only while the authorisation is verified and its
document has not expired (the record rules say so, whatever the path)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

# Set by the Verify and Revoke buttons only.
VERIFICATION_FIELDS = {"verified_by_id", "verified_date"}


class BeneficiaryRepresentative(models.Model):
    _name = "beneficiary.representative"
    _description = "Beneficiary Representative"
    _order = "beneficiary_id, state, id desc"
    _rec_name = "partner_id"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="beneficiary_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Representative",
        required=True,
        ondelete="restrict",
        index=True,
        help="Their contact: they act on the portal through its account.",
    )
    relation = fields.Selection(
        [
            ("guardian", "Legal guardian"),
            ("legal_agent", "Legal agent (power of attorney)"),
            ("family", "Family member"),
            ("other", "Other"),
        ],
        required=True,
        default="guardian",
    )
    document = fields.Binary(
        string="Authorisation Document",
        attachment=True,
        help="The guardianship deed, power of attorney or other document that authorises them.",
    )
    document_name = fields.Char()
    document_expiry = fields.Date(
        string="Valid Until", help="The authorisation ends on this day (included)."
    )
    state = fields.Selection(
        [("draft", "To Verify"), ("verified", "Verified"), ("revoked", "Revoked")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
    )
    is_valid = fields.Boolean(
        string="Valid Today",
        compute="_compute_is_valid",
        search="_search_is_valid",
        help="Verified and its document has not expired: the representative can act.",
    )
    verified_by_id = fields.Many2one("res.users", readonly=True)
    verified_date = fields.Datetime(readonly=True)
    has_portal_account = fields.Boolean(compute="_compute_has_portal_account")
    notes = fields.Text()

    _sql_constraints = [
        (
            "beneficiary_partner_uniq",
            "unique(beneficiary_id, partner_id)",
            "This person already represents this beneficiary.",
        ),
    ]

    @api.depends("state", "document_expiry")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for representative in self:
            representative.is_valid = representative._valid_on(today)

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the validity of authorisations."))
        today = fields.Date.context_today(self)
        valid = [("state", "=", "verified"), ("document_expiry", ">=", today)]
        return valid if (operator == "=") == value else ["!", *expression.AND([valid])]

    @api.depends("partner_id")
    def _compute_has_portal_account(self):
        for representative in self:
            # sudo: officers cannot read users; only whether a portal account exists is shown.
            users = representative.partner_id.sudo().user_ids
            representative.has_portal_account = bool(users.filtered("share"))

    @api.constrains("partner_id", "beneficiary_id")
    def _check_partner_id(self):
        for representative in self:
            if representative.partner_id == representative.beneficiary_id.partner_id:
                raise ValidationError(self.env._("A beneficiary does not represent themselves."))
            # sudo: officers cannot read users; only whether the contact is staff is checked.
            if representative.partner_id.sudo().user_ids.filtered(lambda u: not u.share):
                raise ValidationError(
                    self.env._(
                        "%s is a staff member's contact: a representative acts through a "
                        "portal account.",
                        representative.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_write_values(vals)
        representatives = super().create(vals_list)
        for representative in representatives:
            representative._log(
                self.env._(
                    "%(name)s was added as a representative (%(relation)s), to verify.",
                    name=representative.partner_id.name,
                    relation=representative._relation_label(),
                )
            )
        return representatives

    def write(self, vals):
        self._check_write_values(vals)
        if {"document", "document_expiry", "partner_id", "beneficiary_id"} & set(vals):
            # A new document, date or person needs verifying again.
            vals = dict(vals, state="draft", verified_by_id=False, verified_date=False)
            verified = self.filtered(lambda r: r.state == "verified")
        else:
            verified = self.browse()
        result = super().write(vals)
        for representative in verified:
            representative._log(
                self.env._(
                    "The authorisation of %s changed: it needs verifying again.",
                    representative.partner_id.name,
                )
            )
        return result

    def _check_write_values(self, vals):
        if self.env.su:
            return
        if VERIFICATION_FIELDS & set(vals) or vals.get("state") in ("verified",):
            raise UserError(self.env._("Verify an authorisation with its Verify button."))

    def action_verify(self):
        today = fields.Date.context_today(self)
        for representative in self:
            if not representative.document:
                raise UserError(
                    self.env._(
                        "Attach the document that authorises %s before verifying it.",
                        representative.partner_id.name,
                    )
                )
            if not representative.document_expiry or representative.document_expiry < today:
                raise UserError(
                    self.env._(
                        "The authorisation of %s has no validity date or has expired.",
                        representative.partner_id.name,
                    )
                )
        # sudo: the verification fields are closed to clients; set by this button only, by a
        # user who may write the record (checked first).
        self.check_access("write")
        # sudo: see above; this representative's verification fields only.
        self.sudo().write(
            {
                "state": "verified",
                "verified_by_id": self.env.uid,
                "verified_date": fields.Datetime.now(),
            }
        )
        for representative in self:
            representative._log(
                self.env._(
                    "%(user)s verified the authorisation of %(name)s (%(relation)s), valid "
                    "until %(date)s.",
                    user=self.env.user.name,
                    name=representative.partner_id.name,
                    relation=representative._relation_label(),
                    date=representative.document_expiry,
                )
            )
        return True

    def action_revoke(self):
        self.check_access("write")
        # sudo: as for verifying: the state is closed to clients' writes.
        self.sudo().write({"state": "revoked"})
        for representative in self:
            representative._log(
                self.env._(
                    "%(user)s revoked the authorisation of %(name)s.",
                    user=self.env.user.name,
                    name=representative.partner_id.name,
                )
            )
        return True

    def action_invite(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite to the Portal"),
            "res_model": "beneficiary.portal.invite.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_beneficiary_id": self.beneficiary_id.id,
                "default_representative_id": self.id,
            },
        }

    def _valid_on(self, day):
        self.ensure_one()
        return bool(
            self.state == "verified" and self.document_expiry and self.document_expiry >= day
        )

    def _relation_label(self):
        return dict(self._fields["relation"]._description_selection(self.env)).get(
            self.relation, ""
        )

    def _log(self, text):
        self.beneficiary_id.message_post(
            body=Markup("<p>%s</p>") % text, subtype_xmlid="mail.mt_note"
        )

    @api.model
    def _valid_for(self, partner):
        """The valid authorisations ``partner`` holds today."""
        today = fields.Date.context_today(self)
        return self.search(
            [
                ("partner_id", "=", partner.id),
                ("state", "=", "verified"),
                ("document_expiry", ">=", today),
            ]
        )
