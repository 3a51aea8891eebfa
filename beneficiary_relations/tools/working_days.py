"""Working-day arithmetic on a resource calendar, for many dates at once.

``plan_days`` costs a few queries per call; here the calendar's work intervals (attendances
minus public holidays and other global leaves) are fetched once for the whole span of dates,
and every shift is then a lookup in the sorted list of working days.
"""

from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta

from pytz import timezone

from odoo.exceptions import UserError

# A calendar with no working day in this many days is broken rather than busy.
MAX_SPAN_DAYS = 3 * 366


class WorkingDays:
    def __init__(self, calendar, dates, max_shift):
        """Prepare shifts of up to ``max_shift`` working days around ``dates``."""
        self.calendar = calendar
        self.first, self.last = min(dates), max(dates)
        self.margin = 2 * max_shift + 31
        self._load()

    def _load(self):
        tz = timezone(self.calendar.tz or "UTC")
        start = tz.localize(datetime.combine(self.first - timedelta(self.margin), time.min))
        end = tz.localize(datetime.combine(self.last + timedelta(self.margin), time.max))
        intervals = self.calendar._work_intervals_batch(start, end)[False]
        self.days = sorted({begin.date() for begin, _end, _meta in intervals})
        self.loaded = (start.date(), end.date())

    def _extend(self):
        if self.margin > MAX_SPAN_DAYS:
            raise UserError(
                self.calendar.env._(
                    "The working calendar %s has too few working days to compute deadlines.",
                    self.calendar.display_name,
                )
            )
        self.margin *= 2
        self._load()

    def shift(self, day, count):
        """The ``count``-th working day after ``day`` (before it when ``count`` is negative);
        ``day`` itself never counts."""
        while True:
            if count > 0:
                index = bisect_right(self.days, day) + count - 1
            elif count < 0:
                index = bisect_left(self.days, day) + count
            else:
                return day
            if 0 <= index < len(self.days):
                return self.days[index]
            self._extend()

    def count(self, start, end):
        """How many working days fall after ``start``, up to ``end`` included: the ``n`` for
        which ``end`` is the ``n``-th working day after ``start`` (0 when ``end`` is not after
        ``start``)."""
        if end <= start:
            return 0
        while not (self.loaded[0] <= start and end <= self.loaded[1]):
            self._extend()
        return bisect_right(self.days, end) - bisect_right(self.days, start)
