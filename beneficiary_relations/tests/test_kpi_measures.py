from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase, RequestCase


@tagged("post_install", "-at_install")
class TestRequestMeasures(RequestCase):
    """Working days to a decision and whether it came by the deadline, stored on the request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service.response_days = 2

    def complete(self, request, moment):
        with freeze_time(moment):
            request.action_check_completeness()
        return request

    def decide(self, request, decision, moment, note="Reason"):
        with freeze_time(moment):
            self.record_decision(request, decision, note=note)

    def test_decided_by_the_deadline(self):
        # Completed Thursday 2026-12-03: the deadline is 2 working days later, Monday 7.
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        self.assertEqual(request.date_deadline, date(2026, 12, 7))
        self.decide(request, "approved", "2026-12-07 13:00:00")
        self.assertEqual(request.decision_working_days, 2)
        self.assertTrue(request.decided_on_time)
        self.assertFalse(request.deadline_state, "decided: the deadline no longer runs")
        self.assertTrue(request.decided_on_time, "still known once the deadline state is gone")

    def test_decided_late(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        self.decide(request, "rejected", "2026-12-08 09:00:00")
        self.assertEqual(request.decision_working_days, 3)
        self.assertFalse(request.decided_on_time)

    def test_decision_day_taken_in_riyadh_time(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        # 21:30 UTC on Monday 7 is already Tuesday 8 in Riyadh: one day late.
        self.decide(request, "approved", "2026-12-07 21:30:00")
        self.assertEqual(request.decision_working_days, 3)
        self.assertFalse(request.decided_on_time)

    def test_clock_restarts_after_more_information(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        # More information asked after the first deadline (Monday 7): the clock stops...
        self.decide(request, "more_info", "2026-12-10 10:00:00", note="The lease")
        self.assertFalse(request.date_complete)
        self.assertFalse(request.date_deadline)
        self.assertEqual((request.decision_working_days, request.decided_on_time), (0, False))
        # ... and restarts when the file is complete again, Sunday 13: deadline Tuesday 15.
        self.complete(request, "2026-12-13 08:00:00")
        self.assertEqual(request.date_deadline, date(2026, 12, 15))
        self.decide(request, "approved", "2026-12-15 12:00:00")
        self.assertEqual(request.decision_working_days, 2)
        self.assertTrue(request.decided_on_time, "counted from the second completion")

    def test_measures_follow_a_corrected_completion_date(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        self.decide(request, "approved", "2026-12-08 09:00:00")
        self.assertFalse(request.decided_on_time)
        # A manager corrects the completion date to Sunday 6: the deadline moves to Tuesday 8.
        request.with_user(self.manager).date_complete = "2026-12-06 09:00:00"
        self.assertEqual(request.date_deadline, date(2026, 12, 8))
        self.assertEqual(request.decision_working_days, 2)
        self.assertTrue(request.decided_on_time)

    def test_measures_follow_a_changed_deadline(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        self.decide(request, "approved", "2026-12-08 09:00:00")
        self.assertFalse(request.decided_on_time)
        self.service.response_days = 3
        self.assertEqual(request.date_deadline, date(2026, 12, 8))
        self.assertTrue(request.decided_on_time)

    def test_only_managers_correct_the_measures(self):
        request = self.complete(self.create_request(), "2026-12-03 10:00:00")
        with self.assertRaises(AccessError):
            request.with_user(self.committee).write({"decided_on_time": True})

    def test_measures_computed_in_one_batch(self):
        """The calendar is read once for all the requests decided together."""
        counts = []
        for size in (3, 40):
            requests = self.env["beneficiary.request"].create(
                [{"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}] * size
            )
            requests.sudo().write({"date_complete": "2026-12-03 08:00:00"})
            requests.flush_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            requests.sudo().write({"decision": "approved", "decision_date": "2026-12-07 08:00:00"})
            requests.flush_recordset()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(requests.mapped("decision_working_days")), {2})
            self.assertEqual(set(requests.mapped("decided_on_time")), {True})
        self.assertEqual(counts[0], counts[1], f"queries for 3 and 40 requests: {counts}")


@tagged("post_install", "-at_install")
class TestComplaintMeasures(ComplaintCase):
    def receive(self, moment, **values):
        with freeze_time(moment):
            return self.create_complaint(**values)

    def resolve(self, complaint, moment):
        with freeze_time(moment):
            complaint.resolution = "<p>Done.</p>"
            complaint.with_user(self.follow_up).action_resolve()

    def test_resolved_by_the_deadline(self):
        # Received Thursday 2026-12-03: 5 working days, Thursday 10.
        complaint = self.receive("2026-12-03 10:00:00")
        self.assertEqual(complaint.date_deadline, date(2026, 12, 10))
        self.resolve(complaint, "2026-12-10 12:00:00")
        self.assertEqual(complaint.resolution_working_days, 5)
        self.assertTrue(complaint.resolved_on_time)

    def test_reopened_then_resolved_late(self):
        complaint = self.receive("2026-12-03 10:00:00")
        self.resolve(complaint, "2026-12-06 12:00:00")
        self.assertTrue(complaint.resolved_on_time)
        with freeze_time("2026-12-07 09:00:00"):
            complaint.with_user(self.follow_up).action_review()
        self.assertFalse(complaint.date_resolved)
        self.assertEqual(complaint.resolution_working_days, 0)
        self.assertFalse(complaint.resolved_on_time)
        self.resolve(complaint, "2026-12-13 12:00:00")
        self.assertEqual(complaint.resolution_working_days, 6)
        self.assertFalse(complaint.resolved_on_time)

    def test_praise_has_no_deadline_to_miss(self):
        complaint = self.receive("2026-12-03 10:00:00", complaint_type="praise")
        self.assertFalse(complaint.date_deadline)
        self.resolve(complaint, "2026-12-20 12:00:00")
        self.assertTrue(complaint.resolved_on_time)
