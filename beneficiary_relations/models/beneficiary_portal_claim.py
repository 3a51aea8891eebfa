"""Claiming a file from the portal: a signed-in portal user without a file gives an ID number;
a one-time code goes by SMS to the mobile already on that file (never to a number the visitor
types); the right code links their account to the file instead of opening a duplicate.

Nothing here tells the visitor whether the ID number is on file: an unknown number, a file
that cannot be claimed online and a wrong code all end the same way. Codes are stored as a
keyed hash only, expire, allow a few tries and serve once."""

import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import consteq
from odoo.tools.misc import hmac

CODE_SCOPE = "beneficiary_relations.portal_claim_code"
CODE_DIGITS = 6
CODE_VALIDITY = timedelta(minutes=10)
MAX_TRIES = 5  # wrong codes before a code is spent


class BeneficiaryPortalClaim(models.Model):
    _name = "beneficiary.portal.claim"
    _description = "Portal File Claim"
    _order = "id desc"

    user_id = fields.Many2one("res.users", required=True, ondelete="cascade", index=True)
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        ondelete="cascade",
        help="The file the code was sent for; empty when the ID number matched no file that "
        "can be claimed online (the visitor is not told).",
    )
    salt = fields.Char(required=True)
    code_hash = fields.Char(required=True)
    expires_at = fields.Datetime(required=True)
    tries = fields.Integer()
    state = fields.Selection(
        [("pending", "Pending"), ("used", "Used"), ("cancelled", "Cancelled")],
        default="pending",
        required=True,
    )

    @api.model
    def _start(self, user, company, national_id):
        """Open a claim of ``user`` on the file of ``company`` with this ID number and send its
        code to the file's mobile. Earlier pending claims of the user are cancelled. Returns the
        claim (the caller never tells the visitor whether a code went out)."""
        self.search([("user_id", "=", user.id), ("state", "=", "pending")]).state = "cancelled"
        beneficiary = self.env["beneficiary.beneficiary"].search(
            [("national_id", "=", national_id), ("company_id", "=", company.id)], limit=1
        )
        claimable = bool(beneficiary) and self._claim_problem(beneficiary, user) is None
        if beneficiary and not claimable:
            # The file exists but cannot be claimed online (it has an account, no mobile...):
            # its officer is told, the visitor is not.
            self._note_refused_claim(beneficiary, user)
        code = "".join(secrets.choice("0123456789") for _i in range(CODE_DIGITS))
        salt = secrets.token_hex(8)
        claim = self.create(
            {
                "user_id": user.id,
                "beneficiary_id": beneficiary.id if claimable else False,
                "salt": salt,
                "code_hash": self._hash(salt, code),
                "expires_at": fields.Datetime.now() + CODE_VALIDITY,
            }
        )
        if claimable:
            claim._send_code(code)
        return claim

    @api.model
    def _verify(self, user, code):
        """The file ``user`` claimed, linked to their account, when ``code`` is the code of
        their pending claim; else an empty recordset, whatever was wrong."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        claim = self.search([("user_id", "=", user.id), ("state", "=", "pending")], limit=1)
        if not claim or claim.expires_at < fields.Datetime.now() or claim.tries >= MAX_TRIES:
            return Beneficiary
        claim.tries += 1
        code = "".join((code or "").split())[: CODE_DIGITS * 2]
        if not consteq(claim.code_hash, self._hash(claim.salt, code)):
            return Beneficiary
        claim.state = "used"
        beneficiary = claim.beneficiary_id
        if not beneficiary or self._claim_problem(beneficiary, user) is not None:
            # The right code of a claim that matched no file (it was never sent) cannot be
            # typed; a file linked elsewhere since the code went out stays where it is.
            return Beneficiary
        claim._link(beneficiary, user)
        return beneficiary

    @api.model
    def _claim_problem(self, beneficiary, user):
        """Why ``user`` cannot claim ``beneficiary`` online, or None. Never shown to them."""
        if beneficiary.state == "archived" or not beneficiary.mobile:
            return "no mobile"
        if not user.share or user._is_public():
            return "not a portal user"
        accounts = beneficiary.partner_id.with_context(active_test=False).user_ids
        if accounts:
            return "the file has an account"
        if self.env["beneficiary.beneficiary"].search_count(
            [("partner_id", "=", user.partner_id.id)], limit=1
        ):
            return "the user has a file"
        return beneficiary._partner_problem(user.partner_id)

    def _link(self, beneficiary, user):
        """Make ``user``'s contact the file's contact, as the file's rules allow (never a staff
        member's contact, never another file's: ``_check_partner_id`` holds), bounded by the
        verified code of this claim."""
        self.ensure_one()
        old_partner = beneficiary.partner_id
        new_partner = user.partner_id
        beneficiary.write({"partner_id": new_partner.id})
        email = new_partner.email_normalized
        if not beneficiary.email and email and not beneficiary._email_used_elsewhere(email):
            # The account's own address, where its password resets go, becomes the file's.
            beneficiary.email = email
        # The account's contact gets the file's contact details (its mobile for the SMS).
        beneficiary._sync_partner(filled_only=True)
        # What the file's old contact complained of follows the file to its new contact.
        self.env["beneficiary.complaint"].search(
            [("beneficiary_id", "=", beneficiary.id), ("partner_id", "=", old_partner.id)]
        ).write({"partner_id": new_partner.id})
        if old_partner and not old_partner.with_context(active_test=False).user_ids:
            old_partner.active = False
        beneficiary.message_post(
            body=self.env._(
                "%(name)s claimed this file on the portal (account %(login)s), with the code "
                "sent by SMS to the mobile on file, %(mobile)s. The file's contact is now this "
                "account's.",
                name=user.name,
                login=user.login,
                mobile=beneficiary.mobile,
            ),
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _note_refused_claim(self, beneficiary, user):
        """Tell the file's contact officer (an activity, else a note on the file) that someone
        asked to link a portal account to it, which cannot be done online."""
        note = self.env._(
            "%(name)s, signed in to the portal as %(login)s, asked for a code to link their "
            "account to this file. No code was sent: the file already has a portal account, or "
            "no mobile number, or is archived. They were not told that the file exists: if "
            "they are this beneficiary (or its representative), help them; otherwise, check who "
            "is using this ID number.",
            name=user.name,
            login=user.login,
        )
        if beneficiary.contact_officer_id:
            beneficiary.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=beneficiary.contact_officer_id.id,
                summary=self.env._("Portal request to link this file"),
                note=note,
            )
        else:
            beneficiary.message_post(
                body=note,
                author_id=self.env.ref("base.partner_root").id,
                subtype_xmlid="mail.mt_note",
            )

    def _send_code(self, code):
        self.ensure_one()
        beneficiary = self.beneficiary_id
        # sudo: the visitor may not read the file nor SMS templates; renders only the shipped
        # claim code SMS, for the file being claimed, with the code given in the context
        template = self.env.ref("beneficiary_relations.sms_template_portal_claim_code").sudo()
        template = template.with_context(
            portal_claim_code=code, portal_claim_minutes=int(CODE_VALIDITY.total_seconds() // 60)
        )
        body = beneficiary._notice_render_text(template, "body", beneficiary.ids)[beneficiary.id]
        # Straight to the mobile already on file, never to a number the visitor typed; not
        # through the file's chatter, where the code would be readable by staff.
        self.env["sms.sms"].create(
            {"number": beneficiary.mobile, "partner_id": beneficiary.partner_id.id, "body": body}
        )
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    @api.model
    def _hash(self, salt, code):
        # su: the key is the database secret, which only the superuser reads.
        return hmac(self.env(su=True), CODE_SCOPE, (salt, code))

    @api.autovacuum
    def _gc_claims(self):
        """Claims are kept a day for the record, then erased with their hashes."""
        self.search([("create_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
