"""Notices to beneficiaries and complainants come from the association."""


def association_sender(record):
    """``message_post`` values that sign a notice about ``record`` as its association (the
    contact of its company), whoever triggers it: an officer, a scheduled action, or the
    beneficiary on the portal. The mail leaves from the association's address; Odoo's own
    fallback when it has none (as for a sale order's mail) is the current user's."""
    company = record.company_id
    email_from = company.email_formatted or record.env.user.email_formatted
    return {"author_id": company.partner_id.id, "email_from": email_from or None}
