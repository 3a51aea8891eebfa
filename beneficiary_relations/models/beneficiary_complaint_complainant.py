"""The complainant of a complaint: the tracking code they follow it with, how they are
reached, and the rating they give."""

from urllib.parse import urlencode

from odoo import api, models

from ..tools import NoticeContact, format_tracking_code, new_tracking_code, saudi_mobile


class BeneficiaryComplaintComplainant(models.Model):
    _inherit = "beneficiary.complaint"

    @api.model
    def _new_tracking_codes(self, count):
        """``count`` tracking codes used by no complaint, checked in one query."""
        codes = set()
        while len(codes) < count:
            candidates = {new_tracking_code() for _i in range(count - len(codes))} - codes
            # sudo: any complaint's code, hidden or not, must not be given twice; only
            # whether these codes are taken is read.
            taken = self.sudo().search_fetch(
                [("tracking_code", "in", list(candidates))], ["tracking_code"]
            )
            codes |= candidates - set(taken.mapped("tracking_code"))
        return list(codes)

    @api.model
    def _anonymous_values(self):
        return {
            "beneficiary_id": False,
            "partner_id": False,
            "contact_name": False,
            "email_from": False,
            "contact_phone": False,
        }

    # Complainant ----------------------------------------------------------------------------

    def _notice_contact(self):
        """The complainant: nobody when anonymous; their file when there is one (with what
        the complaint adds, such as the address a mail came from); else their contact and
        whatever they gave on the complaint."""
        self.ensure_one()
        if self.anonymous:
            return NoticeContact(self.env["res.partner"], anonymous=True)
        phone = saudi_mobile(self.env, self.contact_phone)
        if self.beneficiary_id:
            contact = self.beneficiary_id._notice_contact()
            return contact._replace(
                email=contact.email or self.email_from or False,
                mobile=contact.mobile or phone,
            )
        partner = self.partner_id
        return NoticeContact(
            partner,
            email=self.email_from or partner.email or False,
            mobile=phone or saudi_mobile(self.env, partner.mobile or partner.phone),
            lang=self.lang or partner.lang,
        )

    def _notice_name(self):
        self.ensure_one()
        return self.contact_name or super()._notice_name()

    def _notice_call_user(self):
        """The follow-up member, else the file's officer, else top management: never the staff
        member the complaint is about."""
        self.ensure_one()
        candidates = self.user_id | self.beneficiary_id.contact_officer_id
        candidates |= self._escalation_recipients()
        return candidates.filtered(lambda u: u != self.concerned_user_id and not u.share)[:1]

    def _notice_tracking_code(self):
        """The tracking code as the complainant reads it (ABCD-2345)."""
        return format_tracking_code(self.tracking_code)

    def _notice_track_url(self):
        """The public page that shows the complaint's status, its answer and the rating."""
        return self._notice_url(f"/complaint/track?{urlencode({'code': self.tracking_code})}")

    def _rating_get_partner(self):
        return self.partner_id if not self.anonymous else self.env["res.partner"]

    def _rating_get_operator(self):
        return self.user_id.partner_id
