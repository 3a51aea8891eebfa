"""Reading values that arrive as text from web forms and URLs."""

from .digits import western_digits

MAX_RECORD_ID = 2**31 - 1  # PostgreSQL's integer: a larger id makes the query itself fail


def form_record_id(value):
    """The record id a form field carries, or 0 when it is not a plausible one (empty, not a
    number, negative, or beyond what the database can hold)."""
    text = western_digits(value.strip()) if isinstance(value, str) else ""
    if not text.isdigit() or len(text) > 10:
        return 0
    number = int(text)
    return number if 0 < number <= MAX_RECORD_ID else 0
