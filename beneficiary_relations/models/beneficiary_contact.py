from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, escape_psql

from ..tools import saudi_phone, western_digits
from ..tools.groups import MANAGER

# Longer than any identity number or passport: refused before it reaches the database.
MAX_ID_LENGTH = 20


class BeneficiaryContact(models.AbstractModel):
    """A beneficiary's file owns its contact (``partner_id``), their identity on the portal:
    created with the file, kept in step with it, and never a staff member's, another file's
    or another company's contact, since syncing the file would rewrite it. Also how the
    file's contact details are read when typed."""

    _name = "beneficiary.contact"
    _description = "Beneficiary Contact Details"

    @api.constrains("partner_id", "company_id")
    def _check_partner_id(self):
        """A file's contact is its own: never a staff member's contact (syncing the file would
        rewrite their sign-in email), never another file's, never another company's."""
        for beneficiary in self.filtered("partner_id"):
            problem = beneficiary._partner_problem(beneficiary.partner_id)
            if problem:
                raise ValidationError(problem)

    def _text_value(self, vals, field_name, max_length):
        """``vals[field_name]`` as text, refused with a clear message when it is not text (a
        number or a list sent over RPC) or longer than any real value."""
        value = vals[field_name]
        label = self._fields[field_name]._description_string(self.env)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValidationError(self.env._("%s must be text.", label))
        if len(value) > max_length:
            raise ValidationError(
                self.env._(
                    "%(field)s is too long (%(max)s characters at most).",
                    field=label,
                    max=max_length,
                )
            )
        return value

    def _normalized_email(self, email):
        normalized = email_normalize(email)
        if not normalized:
            raise ValidationError(self.env._("%s is not a valid email address.", email.strip()))
        return normalized

    @api.model
    def _normalized_national_id(self, number):
        """An ID number as stored: Western digits, capitals, no spaces."""
        return "".join(western_digits(str(number or "")).split()).upper()

    @api.model
    def _normalized_mobile(self, mobile):
        try:
            return saudi_phone(self.env, mobile)
        except UserError as error:
            raise ValidationError(
                self.env._(
                    "The mobile number %(mobile)s is not valid: %(error)s",
                    mobile=mobile,
                    error=error.args[0],
                )
            ) from error

    def _email_used_elsewhere(self, email):
        """Whether ``email`` (normalized) signs someone else in or is their address, or is the
        email of another file of this company."""
        self.ensure_one()
        pattern = escape_psql(email)
        # sudo: other accounts and files are looked at, never shown; the answer is yes or no.
        others = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("id", "not in", self.sudo().partner_id.user_ids.ids),
                    "|",
                    ("login", "=ilike", pattern),
                    ("partner_id.email_normalized", "=", email),
                ],
                limit=1,
            )
        )
        # sudo: other files may be hidden from the user; only whether one uses the address
        # is answered.
        return bool(others) or bool(
            self.sudo().search_count(
                [
                    ("id", "!=", self.id),
                    ("company_id", "=", self.company_id.id),
                    ("email", "=ilike", pattern),
                ],
                limit=1,
            )
        )

    def _create_missing_partners(self):
        for beneficiary in self.filtered(lambda b: not b.partner_id):
            # sudo: officers may neither create contacts nor link them; this one is new and
            # belongs to this file alone.
            beneficiary.sudo().partner_id = (
                self.env["res.partner"].sudo().create(beneficiary._partner_values())
            )

    def _partner_values(self):
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.mobile,
            "mobile": self.mobile,
            "lang": self.lang,
            "company_id": self.company_id.id,
            "city": self.city,
            "state_id": self.region_id.id,
            "country_id": self.env.ref("base.sa").id,
        }

    def _partner_problem(self, partner):
        """Why ``partner`` cannot be this file's contact, or None."""
        self.ensure_one()
        # sudo: officers cannot read users; only whether the contact has any is looked at.
        users = partner.sudo().with_context(active_test=False).user_ids
        if users.filtered(lambda u: not u.share):
            return self.env._(
                "%s is the contact of a staff member's account: a beneficiary's file needs a "
                "contact of its own.",
                partner.display_name,
            )
        # sudo: the contact's company, which the user may not read; only compared.
        if partner.sudo().company_id not in (self.company_id, self.env["res.company"]):
            return self.env._("%s belongs to another company.", partner.display_name)
        # sudo: the other file may be hidden from this user; only its existence matters.
        others = self.sudo().search_count(
            [("partner_id", "=", partner.id), ("id", "!=", self.id)], limit=1
        )
        if others:
            return self.env._(
                "%s is already the contact of another beneficiary's file.", partner.display_name
            )
        return None

    def _check_partner_rights(self, linking_existing):
        """Only managers point a file at an existing contact (a portal account's, say); the
        portal's own registration does it as the superuser, for the signed-in user only."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        if linking_existing:
            message = self.env._("Only a manager can link a new file to an existing contact.")
        else:
            message = self.env._("Only a manager can change the contact of a beneficiary's file.")
        raise AccessError(message)

    def _check_sign_in_email_rights(self):
        """The email of a contact with a portal account is where its password reset goes:
        only the account's owner (from the portal) or a manager may change it."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        # sudo: officers cannot read users; only whether the contact has an account is checked.
        with_account = self.sudo().partner_id.with_context(active_test=False).user_ids.partner_id
        if with_account - self.env.user.partner_id:
            raise AccessError(
                self.env._(
                    "This beneficiary signs in to the portal with this email address: only they "
                    "(from the portal) or a manager can change it."
                )
            )

    def _sync_partner(self, filled_only=False):
        """Copy the file's contact details onto its contact (only those the file has, when
        ``filled_only``)."""
        for beneficiary in self.filtered("partner_id"):
            problem = beneficiary._partner_problem(beneficiary.partner_id)
            if problem:
                raise ValidationError(problem)
            values = {
                "name": beneficiary.name,
                "email": beneficiary.email,
                "phone": beneficiary.mobile,
                "mobile": beneficiary.mobile,
                "lang": beneficiary.lang,
            }
            if filled_only:
                values = {key: value for key, value in values.items() if value}
            # sudo: officers may not write contacts. Bounded by the check above: the contact
            # belongs to this file alone, has no staff account and is in the file's company.
            beneficiary.partner_id.sudo().write(values)
