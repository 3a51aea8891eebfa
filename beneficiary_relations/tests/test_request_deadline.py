from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import WorkingDays
from .common import RequestCase


@tagged("post_install", "-at_install")
class TestRequestDeadline(RequestCase):
    def complete_on(self, moment, days):
        self.service.response_days = days
        request = self.create_request()
        with freeze_time(moment):
            request.action_check_completeness()
        return request

    def test_weekend_is_skipped(self):
        # Completed Thursday 2026-12-03: Friday and Saturday are not working days.
        request = self.complete_on("2026-12-03 10:00:00", 2)
        self.assertEqual(request.date_deadline, date(2026, 12, 7))  # Sunday 6, Monday 7

    def test_public_holiday_is_skipped(self):
        # Thursday 2027-02-18; Monday 22 is Founding Day.
        request = self.complete_on("2027-02-18 10:00:00", 3)
        self.assertEqual(request.date_deadline, date(2027, 2, 24))

    def test_fifteen_days_across_eid_al_fitr(self):
        # Thursday 2027-03-04; Eid al-Fitr holiday Tuesday 9 to Friday 12 March.
        request = self.complete_on("2027-03-04 10:00:00", 15)
        self.assertEqual(request.date_deadline, date(2027, 3, 30))
        self.assertEqual(request.date_reminder, date(2027, 3, 25))  # 3 working days before

    def test_completion_day_is_taken_in_riyadh_time(self):
        # 22:30 UTC on Wednesday is already Thursday 01:30 in Riyadh.
        request = self.complete_on("2026-12-02 22:30:00", 1)
        self.assertEqual(request.date_deadline, date(2026, 12, 6))

    def test_deadline_follows_a_corrected_completion_date(self):
        request = self.complete_on("2026-12-03 10:00:00", 2)
        request.with_user(self.manager).date_complete = "2026-12-06 09:00:00"
        self.assertEqual(request.date_deadline, date(2026, 12, 8))

    def test_no_deadline_before_completion(self):
        request = self.create_request()
        self.assertFalse(request.date_deadline)
        self.assertFalse(request.deadline_state)

    def test_hijri_deadline(self):
        request = self.complete_on("2027-02-18 10:00:00", 3)
        self.assertEqual(
            request.with_context(lang="en_US").date_deadline_hijri, "17 Ramadan 1448 AH"
        )

    def test_working_days_backwards_and_extension(self):
        calendar = self.env.ref("beneficiary_relations.resource_calendar_saudi_week")
        working_days = WorkingDays(calendar, [date(2026, 12, 7)], 1)
        # Monday 7: the working day before is Sunday 6, the one before that Thursday 3.
        self.assertEqual(working_days.shift(date(2026, 12, 7), -1), date(2026, 12, 6))
        self.assertEqual(working_days.shift(date(2026, 12, 7), -2), date(2026, 12, 3))
        # Far beyond the loaded span the list grows instead of failing. 200 Sunday-Thursday
        # days after 2026-12-07, less Founding Day and the two Eid holidays (7 working days).
        self.assertEqual(working_days.shift(date(2026, 12, 7), 200), date(2027, 9, 22))

    def test_deadlines_computed_in_one_batch(self):
        """The calendar is read once for all the requests, not once per request."""
        self.service.response_days = 15
        few = self.env["beneficiary.request"].browse([self.create_request().id for _i in range(3)])
        many = self.env["beneficiary.request"].browse(
            [self.create_request().id for _i in range(60)]
        )
        counts = [
            self.count_queries(requests.sudo().write, {"date_complete": "2026-12-01 08:00:00"})
            for requests in (few, many)
        ]
        self.assertFlatQueryCount(*counts, ceiling=40, what="deadlines of 3 and 60 requests")
        self.assertEqual(set(many.mapped("date_deadline")), {date(2026, 12, 22)})
