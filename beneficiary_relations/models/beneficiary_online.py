import base64

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import mute_logger

NATIONAL_ID_CONSTRAINT = "beneficiary_beneficiary_national_id_company_uniq"


class BeneficiaryOnline(models.AbstractModel):
    """A beneficiary's file as the portal works with it: signed online by the beneficiary or
    their representative, registered by a portal user, completed with documents they send."""

    _name = "beneficiary.online"
    _description = "Beneficiary File on the Portal"

    def action_sign_declaration_online(self):
        """Record the declaration as signed online by the current user, who must be the
        beneficiary themselves, signed in to the portal."""
        user = self.env.user
        for beneficiary in self:
            # sudo: portal users only read their file; the contact is the portal identity, or
            # a representative's whose authorisation is verified and valid today.
            representative = beneficiary.sudo()._representative_of(user.partner_id)
            # sudo: the file's contact only, to compare it with the signed-in user's.
            if not user._is_portal() or (
                beneficiary.sudo().partner_id != user.partner_id and not representative
            ):
                raise AccessError(
                    self.env._("Only the beneficiary signs their declaration online.")
                )
            signer = user.name
            if representative:
                # sudo: the represented beneficiary's name, for the signature line.
                signer = self.env._(
                    "%(name)s (%(relation)s), for %(beneficiary)s",
                    name=user.name,
                    relation=representative._relation_label(),
                    beneficiary=beneficiary.sudo().name,
                )
            # sudo: the declaration fields are closed to clients; checked above that the
            # signer is this file's own beneficiary or their valid representative.
            beneficiary.sudo().write(
                {
                    "declaration_signed": True,
                    "declaration_method": "online",
                    "declaration_signed_by": signer,
                    "declaration_date": fields.Datetime.now(),
                }
            )
        return True

    def _representative_of(self, partner):
        """``partner``'s authorisation to act for this beneficiary, when valid today."""
        self.ensure_one()
        return self.representative_ids.filtered(lambda r: r.partner_id == partner and r.is_valid)[
            :1
        ]

    def _note_portal_registration_attempt(self, user):
        """Someone signed in to the portal tried to register with this file's ID number; the
        portal did not tell them the file exists. Staff are told: the contact officer by an
        activity, else a note on the file."""
        self.ensure_one()
        note = self.env._(
            "%(name)s, signed in to the portal as %(login)s, tried to register online with this "
            "file's ID number. They were not told that the file exists: if they are this "
            "beneficiary, link their account to the file; otherwise, check who is using this ID "
            "number.",
            name=user.name,
            login=user.login,
        )
        if self.contact_officer_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.contact_officer_id.id,
                summary=self.env._("Online registration with this file's ID number"),
                note=note,
            )
        else:
            self.message_post(
                body=note,
                author_id=self.env.ref("base.partner_root").id,
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _register_from_portal(self, values):
        """Open the signed-in portal user's own file with ``values`` (checked by the form).
        None when the ID number is already on file: the user is not told (the form gives
        the same answer as to any refusal they cannot fix online), the file's staff are."""
        user = self.env.user
        # sudo: the file with this ID number may be someone else's; it is not shown, only
        # its contact officer is told of the attempt.
        known = self.sudo().search(
            [("national_id", "=", values["national_id"]), ("company_id", "=", self.env.company.id)],
            limit=1,
        )
        if known:
            known._note_portal_registration_attempt(user)
            return None
        values = dict(
            values,
            email=user.partner_id.email,
            partner_id=user.partner_id.id,
            consent=True,
            lang=self.env.lang,
        )
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                # sudo: portal users create no file. This one is the signed-in user's own,
                # linked to their contact, with the values the form checked.
                return self.sudo().create(values)
        except UniqueViolation as error:
            if error.diag.constraint_name != NATIONAL_ID_CONSTRAINT:
                raise
            return None  # registered at this very moment from another account

    def _add_portal_document(self, doc_type, name, content, expiry):
        """A document the beneficiary sent from the portal: it arrives unverified, and their
        contact officer gets a to-do to verify it."""
        self.ensure_one()
        # sudo: portal users create no document and schedule no activity. Bounded to this
        # file, which the caller checked is theirs (or one they validly represent).
        document = (
            self.env["beneficiary.document"]
            .sudo()
            .create(
                {
                    "beneficiary_id": self.id,
                    "document_type_id": doc_type.id,
                    "file": base64.b64encode(content),
                    "file_name": name,
                    "expiry_date": expiry,
                }
            )
        )
        # sudo: see above; the to-do on this same file.
        beneficiary = self.sudo()
        beneficiary.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=beneficiary.contact_officer_id.id or self.env.ref("base.user_admin").id,
            summary=self.env._("Verify the document sent through the portal"),
            note=document.document_type_id.name,
        )
        return document
