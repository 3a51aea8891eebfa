"""Saudi public holidays of a Gregorian year, from the Umm al-Qura calendar (``hijridate``).

The defaults are those of the private and non-profit sectors, where associations' staff work:
article 24, paragraph 2, of the Labor Law's implementing regulations, as the Ministry of Human
Resources and Social Development announces it each year:

- Eid al-Fitr: 4 days from the day after 29 Ramadan (whether Ramadan has 29 or 30 days, the
  holiday starts then: 19 to 22 March 2026 for 1447 AH);
- Eid al-Adha: 4 days from the day of Arafat, 9 Dhu al-Hijjah;
- Founding Day, 22 February, and National Day, 23 September: one day each; when it falls on
  the weekly rest, the day before it (Friday: Thursday) or after it (Saturday: Sunday) is off.

The Eid periods are settings of the association (government bodies give longer ones).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

RAMADAN, DHU_AL_HIJJAH = 9, 12
FIXED_DAYS = {"founding_day": (2, 22), "national_day": (9, 23)}
# Umm al-Qura tables of hijridate: 1343-1500 AH.
FIRST_HIJRI_YEAR, LAST_HIJRI_YEAR = 1343, 1500


@dataclass(frozen=True)
class HolidayRule:
    """How the association observes the holidays (the company's settings)."""

    fitr_after_day: int = 29  # Eid al-Fitr starts the day after this day of Ramadan
    fitr_days: int = 4
    adha_from_day: int = 9  # Eid al-Adha starts on this day of Dhu al-Hijjah (9: Arafat)
    adha_days: int = 4
    weekend_shift: bool = True  # a one-day holiday on the weekly rest moves to a working day


@dataclass(frozen=True)
class Holiday:
    kind: str  # founding_day, eid_al_fitr, eid_al_adha, national_day
    hijri_year: int  # the Eids' Hijri year; 0 for the Gregorian days
    first_day: date
    last_day: date


def saudi_holidays(year, rule=None, workdays=(6, 0, 1, 2, 3)):
    """The holidays starting in the Gregorian ``year``, in date order. ``workdays`` are the
    calendar's working weekdays (Monday is 0; Sunday to Thursday by default)."""
    rule = rule or HolidayRule()
    holidays = []
    for hijri_year in _hijri_years_of(year):
        fitr = Hijri(hijri_year, RAMADAN, rule.fitr_after_day).to_gregorian() + timedelta(1)
        adha = Hijri(hijri_year, DHU_AL_HIJJAH, rule.adha_from_day).to_gregorian()
        for kind, first, length in (
            ("eid_al_fitr", date(fitr.year, fitr.month, fitr.day), rule.fitr_days),
            ("eid_al_adha", date(adha.year, adha.month, adha.day), rule.adha_days),
        ):
            if first.year == year:
                holidays.append(Holiday(kind, hijri_year, first, first + timedelta(length - 1)))
    for kind, (month, day) in FIXED_DAYS.items():
        holiday = date(year, month, day)
        if rule.weekend_shift:
            holiday = _off_the_weekend(holiday, set(workdays))
        holidays.append(Holiday(kind, 0, holiday, holiday))
    return sorted(holidays, key=lambda h: (h.first_day, h.kind))


def _hijri_years_of(year):
    """The Hijri years that overlap the Gregorian ``year`` and the tables cover."""
    try:
        first = Gregorian(year, 1, 1).to_hijri().year
        last = Gregorian(year, 12, 31).to_hijri().year
    except OverflowError:
        return range(0)
    return range(max(first, FIRST_HIJRI_YEAR), min(last, LAST_HIJRI_YEAR) + 1)


def _off_the_weekend(day, workdays):
    """``day``, or the working day that replaces it when it falls on the weekly rest: the day
    before when that one is a working day (Friday: Thursday), else the first working day after
    (Saturday: Sunday)."""
    if not workdays or day.weekday() in workdays:
        return day
    before = day - timedelta(1)
    if before.weekday() in workdays:
        return before
    after = day + timedelta(1)
    while after.weekday() not in workdays:
        after += timedelta(1)
    return after
