"""Numbers as people type them: Arabic-Indic (٠١٢٣٤٥٦٧٨٩) and Persian (۰۱۲۳۴۵۶۷۸۹) digits read
as the Western digits 0-9, so that an ID, a phone or an amount typed on an Arabic keyboard is
understood."""

EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text):
    """``text`` with every Arabic-Indic or Persian digit replaced by its Western digit."""
    return text.translate(EASTERN_DIGITS) if isinstance(text, str) else text
