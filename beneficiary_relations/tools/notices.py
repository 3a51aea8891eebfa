"""Notices to beneficiaries and complainants: who they come from, how each person is reached,
and the short code a complainant follows their complaint with."""

import re
import secrets
from typing import NamedTuple

from odoo.exceptions import UserError

from .digits import western_digits
from .phones import saudi_phone

# Channels a notice can take: a mail, an SMS, or an officer's call-back.
EMAIL, SMS, PHONE = "email", "sms", "phone"
# Why a notice could not be given (translated by the notifier).
ANONYMOUS, NO_CONTACT = "anonymous", "no_contact"

# Tracking codes: no 0/O, 1/I/L to confuse on a phone screen or read aloud over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_NOT_CODE = re.compile(f"[^{CODE_ALPHABET}]")


class NoticeContact(NamedTuple):
    """How to reach the person a notice is for: their contact (possibly empty, for a
    complainant who gave only an email or a phone number), the email and mobile number to
    use, the language to write in, and the way they asked to be contacted (False: not said)."""

    partner: object
    email: str | bool = False
    mobile: str | bool = False
    lang: str | bool = False
    preference: str | bool = False
    anonymous: bool = False


def notice_route(contact, written_only=False):
    """``(channel, reason)``: the one rule for every notice of the addon. The person's
    preference when it can be honoured (a call-back needs a number); otherwise whichever
    written way exists, email first (it carries the whole text); else nothing, with the reason.
    ``written_only``: the call was made and failed, or a call makes no sense for this notice."""
    if contact.anonymous:
        return False, ANONYMOUS
    preference = contact.preference
    if preference == PHONE and contact.mobile and not written_only:
        return PHONE, None
    if preference == SMS and contact.mobile:
        return SMS, None
    if preference == EMAIL and contact.email:
        return EMAIL, None
    if contact.email:
        return EMAIL, None
    if contact.mobile:
        return SMS, None
    return False, NO_CONTACT


def saudi_mobile(env, number):
    """``number`` in international form for an SMS, or False when there is none or it is no
    phone number (a notice then goes another way, or says why it could not)."""
    if not number:
        return False
    try:
        return saudi_phone(env, number)
    except UserError:
        return False


def association_sender(record):
    """``message_post`` values that sign a notice about ``record`` as its association (the
    contact of its company), whoever triggers it: an officer, a scheduled action, or the
    beneficiary on the portal. The mail leaves from the association's address; Odoo's own
    fallback when it has none (as for a sale order's mail) is the current user's."""
    company = record.company_id
    email_from = company.email_formatted or record.env.user.email_formatted
    return {"author_id": company.partner_id.id, "email_from": email_from or None}


def new_tracking_code():
    """A random code of ``CODE_LENGTH`` characters from ``CODE_ALPHABET`` (about 40 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_tracking_code(text):
    """The code a person typed (any case, with spaces or dashes, in Arabic-Indic digits), as
    stored; None when it cannot be one."""
    code = _NOT_CODE.sub("", western_digits(text or "").upper())
    return code if len(code) == CODE_LENGTH else None


def format_tracking_code(code):
    """``ABCD2345`` as ``ABCD-2345``: easier to read out and to type."""
    return f"{code[:4]}-{code[4:]}" if code else ""
