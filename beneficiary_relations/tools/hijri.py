from hijridate import Gregorian


def format_hijri(date, lang="ar"):
    """The Hijri (Umm al-Qura) date of a Gregorian ``date``, e.g. "23 شعبان 1445 هـ"."""
    if not date:
        return ""
    try:
        hijri = Gregorian(date.year, date.month, date.day).to_hijri()
    except OverflowError:
        # Umm al-Qura tables cover 1343-1500 AH (1924-2077); outside it there is no exact date.
        return ""
    language = "ar" if (lang or "").startswith("ar") else "en"
    suffix = "هـ" if language == "ar" else "AH"
    return f"{hijri.day} {hijri.month_name(language)} {hijri.year} {suffix}"
