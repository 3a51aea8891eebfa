import zlib

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools.cron import LOCK_NAMESPACE, run_in_batches
from .common import ComplaintCase, RequestCase

OVERDUE_DAY = "2026-12-23 09:00:00"  # requests completed on 1 December are overdue
COMPLETED = "2026-12-01 08:00:00"


@tagged("post_install", "-at_install")
class TestCronBatches(RequestCase):
    """The one batching helper every cron of the addon uses."""

    def create_overdue(self, count):
        requests = self.env["beneficiary.request"].create(
            [{"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}] * count
        )
        requests.sudo().write({"date_complete": COMPLETED})
        return requests

    def test_a_second_runner_steps_aside(self):
        """While another server holds a run's lock, the run does nothing at all."""
        requests = self.create_overdue(2)
        with self.registry.cursor() as other:
            key = zlib.crc32(b"beneficiary.request.reminders") & 0x7FFFFFFF
            other.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])
            self.assertTrue(other.fetchone()[0])
            with freeze_time(OVERDUE_DAY):
                self.assertEqual(self.env["beneficiary.request"]._cron_deadline_reminders(), (0, 0))
            self.assertFalse(any(requests.mapped("escalated")))
        with freeze_time(OVERDUE_DAY):
            self.assertEqual(self.env["beneficiary.request"]._cron_deadline_reminders(), (2, 0))
        self.assertTrue(all(requests.mapped("escalated")))

    def test_each_batch_is_checked_again_before_it_is_processed(self):
        """Records another runner processed since the search are skipped, not sent twice."""
        requests = self.create_overdue(4)
        processed = []

        def process(batch):
            processed.append(batch.ids)
            if len(processed) == 1:
                # Meanwhile another runner escalated the next batch.
                requests[2:].sudo().write({"escalated": True})
            batch.sudo().write({"escalated": True})

        domain = [("id", "in", requests.ids), ("escalated", "=", False)]
        steps = [(self.env["beneficiary.request"], domain, "id", process)]
        self.assertEqual(run_in_batches(self.env, "test.recheck", steps, batch_size=2), (4, 0))
        self.assertEqual(processed, [requests[:2].ids])

    def test_remaining_is_counted_once_per_run(self):
        requests = self.create_overdue(12)
        steps = [
            (
                self.env["beneficiary.request"],
                [("id", "in", requests.ids)],
                "id",
                lambda batch: None,
            )
        ]
        with self.assertQueryCount(__system__=4):
            # A search, one count (the search filled the run's budget), and per batch of 5
            # the locking re-check; the run's lock is held by a cursor of its own.
            done, remaining = run_in_batches(
                self.env, "test.count", steps, batch_size=5, max_records=10
            )
        self.assertEqual((done, remaining), (10, 2))

    def test_one_digest_per_person_when_the_backlog_is_drained(self):
        self.create_overdue(7)
        Request = self.env["beneficiary.request"]
        mails = self.env["mail.mail"]
        with freeze_time(OVERDUE_DAY):
            self.assertEqual(Request._cron_deadline_reminders(batch_size=2, max_batches=2), (4, 3))
            self.assertFalse(mails.search([("email_to", "ilike", self.manager.email)]))
            self.assertEqual(Request._cron_deadline_reminders(batch_size=2, max_batches=2), (3, 0))
        digests = mails.search([("email_to", "ilike", self.manager.email)])
        self.assertEqual(len(digests), 1)
        self.assertEqual(digests.body_html.count("<li>"), 7)
        with freeze_time(OVERDUE_DAY):
            self.assertEqual(Request._cron_deadline_reminders(), (0, 0))
        self.assertEqual(len(mails.search([("email_to", "ilike", self.manager.email)])), 1)


@tagged("post_install", "-at_install")
class TestComplaintEscalationCost(ComplaintCase):
    def test_escalating_500_complaints_costs_a_bounded_number_of_queries(self):
        with freeze_time("2026-12-01 08:00:00"):
            complaints = (
                self.env["beneficiary.complaint"]
                .with_context(tracking_disable=True, mail_create_nolog=True)
                .create(
                    [
                        {"subject": f"Late {n}", "beneficiary_id": self.beneficiary.id}
                        for n in range(501)
                    ]
                )
            )
        complaints = complaints.with_context(tracking_disable=False)
        with freeze_time("2026-12-09 09:00:00"):
            complaints[0]._send_reminders("overdue")  # warm the caches up, as a running cron has
        complaints = complaints[1:]
        self.env.flush_all()
        self.env.invalidate_all()
        # Odoo inserts and updates 100 rows a statement: six such statements (messages,
        # tracking values, activities, followers, activities' stored fields, the complaints)
        # make 30 of these queries.
        with freeze_time("2026-12-09 09:00:00"), self.assertQueryCount(__system__=60):
            complaints._send_reminders("overdue")
            self.env.flush_all()
        self.assertEqual(set(complaints.mapped("stage_kind")), {"escalated"})
        self.assertTrue(all(complaints.mapped("escalated")))
        tracked = complaints[0].message_ids.tracking_value_ids
        self.assertEqual(tracked.field_id.name, "stage_id")
        self.assertEqual(tracked.old_value_char, self.stages["new"].name)
        self.assertEqual(tracked.new_value_char, self.stages["escalated"].name)
