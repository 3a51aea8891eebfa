from datetime import date
from math import ceil

from freezegun import freeze_time

from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import RequestCase

# Completed Tuesday 2026-12-01 with 15 working days: deadline Tuesday 2026-12-22,
# reminder 3 working days before, Thursday 2026-12-17.
COMPLETED = "2026-12-01 08:00:00"


@tagged("post_install", "-at_install")
class TestRequestReminder(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Tracking on, as in production: a tracked field written by the cron would cost
        # queries per request.
        cls.Request = cls.env["beneficiary.request"].with_context(tracking_disable=False)

    def create_due_requests(self, count):
        requests = self.Request.create(
            [{"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}] * count
        )
        requests.sudo().write({"date_complete": COMPLETED})
        return requests

    def reminder_activities(self, requests):
        return self.env["mail.activity"].search(
            [("res_model", "=", "beneficiary.request"), ("res_id", "in", requests.ids)]
        )

    def run_cron(self, day, **kwargs):
        with freeze_time(day):
            return self.Request._cron_deadline_reminders(**kwargs)

    def test_each_step_once(self):
        requests = self.create_due_requests(2)
        self.assertEqual(requests[0].date_reminder, date(2026, 12, 17))
        self.run_cron("2026-12-16 09:00:00")
        self.assertFalse(self.reminder_activities(requests), "too early")
        for _run in range(2):
            self.run_cron("2026-12-17 09:00:00")
        before = self.reminder_activities(requests)
        self.assertEqual(len(before), 2)
        self.assertEqual(before.user_id, self.officer)
        self.assertTrue(all(requests.mapped("reminder_done")))
        for _run in range(2):
            self.run_cron("2026-12-22 09:00:00")
        self.assertEqual(len(self.reminder_activities(requests)), 4)
        for _run in range(2):
            self.run_cron("2026-12-23 09:00:00")
        activities = self.reminder_activities(requests)
        self.assertEqual(len(activities), 6)
        self.assertEqual(
            activities.filtered(lambda a: "Overdue" in a.summary).user_id, self.manager
        )
        self.assertTrue(all(requests.mapped("escalated")))

    def test_digest_mail_to_each_responsible(self):
        requests = self.create_due_requests(3)
        self.run_cron("2026-12-23 09:00:00")
        mails = self.env["mail.mail"].search([("email_to", "ilike", self.manager.email)])
        self.assertEqual(len(mails), 1)
        for request in requests:
            self.assertIn(request.name, mails.body_html)

    def test_decided_requests_are_left_alone(self):
        requests = self.create_due_requests(1)
        requests.write({"stage_id": self.stages["committee"].id})
        self.record_decision(requests)
        self.run_cron("2026-12-23 09:00:00")
        self.assertFalse(self.reminder_activities(requests))

    def test_new_deadline_gets_new_reminders(self):
        request = self.create_due_requests(1)
        self.run_cron("2026-12-23 09:00:00")
        self.assertTrue(request.escalated)
        request.with_user(self.manager).date_complete = "2026-12-20 08:00:00"
        self.assertFalse(request.escalated)

    def test_backlog_finishes_over_several_runs(self):
        requests = self.create_due_requests(23)
        done, remaining = self.run_cron("2026-12-23 09:00:00", batch_size=5, max_batches=2)
        self.assertEqual((done, remaining), (10, 13))
        done, remaining = self.run_cron("2026-12-23 09:00:00", batch_size=5, max_batches=2)
        self.assertEqual((done, remaining), (10, 3))
        done, remaining = self.run_cron("2026-12-23 09:00:00", batch_size=5, max_batches=2)
        self.assertEqual((done, remaining), (3, 0))
        self.assertEqual(len(self.reminder_activities(requests)), 23)

    def run_cron_counting_queries(self):
        with freeze_time("2026-12-23 09:00:00"):
            return self.count_queries(self.Request._cron_deadline_reminders)

    def test_query_count_does_not_grow_with_requests(self):
        self.assert_query_count_does_not_grow()

    def test_escalation_to_the_managers_group_does_not_grow_either(self):
        """With no escalation users set, overdue requests go to the managers' group."""
        self.env.company.beneficiary_escalation_user_ids = False
        self.assert_query_count_does_not_grow()

    def assert_query_count_does_not_grow(self):
        """No query per request. The ORM itself writes rows in chunks of INSERT_BATCH_SIZE /
        UPDATE_BATCH_SIZE (100), so each of the cron's bulk statements runs once more per
        further hundred rows: four for the escalation (activities, followers, the request
        flags, the activities' stored fields), three for the beneficiaries' apologies
        (their flags and new dates, the messages, the mails); a per-request query would add
        190."""
        self.create_due_requests(1)
        self.run_cron_counting_queries()  # warm the caches up
        ten = self.create_due_requests(10)
        queries_for_ten = self.run_cron_counting_queries()
        self.assertEqual(len(self.reminder_activities(ten)), 10)
        two_hundred = self.create_due_requests(200)
        chunk_overhead = 7 * (ceil(200 / INSERT_BATCH_SIZE) - 1)
        queries_for_two_hundred = self.run_cron_counting_queries()
        self.assertFlatQueryCount(
            queries_for_ten,
            queries_for_two_hundred,
            ceiling=80,
            slack=chunk_overhead,
            what="reminders of 10 and 200 requests",
        )
        self.assertEqual(len(self.reminder_activities(two_hundred)), 200)
