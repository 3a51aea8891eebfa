from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..tools.cron import run_in_batches, run_lock_key
from .common import RequestCase

COMPLETED = "2026-12-01 08:00:00"
OVERDUE_DAY = "2026-12-23 09:00:00"  # requests completed on 1 December are overdue

INDEXES = {
    "beneficiary_request": [
        "beneficiary_request_order_index",
        "beneficiary_request_stage_order_index",
        "beneficiary_request_open_deadline_index",
        "beneficiary_request_open_reminder_index",
        "beneficiary_request_date_received_index",
        "beneficiary_request_board_index",
        "beneficiary_request_board_order_index",
        "beneficiary_request__name_index",
    ],
    "beneficiary_complaint": [
        "beneficiary_complaint_order_index",
        "beneficiary_complaint_stage_order_index",
        "beneficiary_complaint_open_deadline_index",
        "beneficiary_complaint_open_reminder_index",
        "beneficiary_complaint_date_received_index",
        "beneficiary_complaint_board_index",
        "beneficiary_complaint_board_order_index",
        "beneficiary_complaint_create_uid_index",
        "beneficiary_complaint__user_id_index",
        "beneficiary_complaint__subject_index",
    ],
    "beneficiary_beneficiary": [
        "beneficiary_beneficiary__name_index",
        "beneficiary_beneficiary__national_id_index",
        "beneficiary_beneficiary__mobile_index",
    ],
    "beneficiary_document": ["beneficiary_document__expiry_date_index"],
    "survey_user_input": [
        "survey_user_input_beneficiary_date_index",
        "survey_user_input_beneficiary_write_index",
    ],
    "beneficiary_satisfaction_month": ["beneficiary_satisfaction_month__month_index"],
}


@tagged("post_install", "-at_install")
class TestScaleIndexes(RequestCase):
    """The indexes a million requests need exist, and the ORM's own queries can use them."""

    def plan(self, model, domain, order=None, limit=None):
        """The plan of the ORM's search, with sequential scans and sorts priced out of reach:
        on a test database's few rows they would win; what is asserted is that an index
        matches the query at all (a partial index whose predicate the query does not imply,
        or an order no index gives, cannot be used)."""
        query = model._search(domain, order=order, limit=limit)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        try:
            rows = self.env.execute_query(SQL("EXPLAIN %s", query.select()))
        finally:
            self.env.cr.execute("SET LOCAL enable_seqscan = on")
            self.env.cr.execute("SET LOCAL enable_sort = on")
        return "\n".join(row[0] for row in rows)

    def test_the_indexes_exist(self):
        for table, names in INDEXES.items():
            rows = self.env.execute_query(
                SQL("SELECT indexname FROM pg_indexes WHERE tablename = %s", table)
            )
            existing = {row[0] for row in rows}
            for name in names:
                with self.subTest(index=name):
                    self.assertIn(name, existing)

    def test_the_reminder_search_uses_the_partial_index(self):
        for model_name in ("beneficiary.request", "beneficiary.complaint"):
            model = self.env[model_name]
            with self.subTest(model=model_name), freeze_time(OVERDUE_DAY):
                plan = self.plan(model, model._reminder_step_domain("overdue"), "date_deadline, id")
                self.assertIn(f"{model._table}_open_deadline_index", plan)

    def test_the_board_columns_read_in_index_order(self):
        Request = self.env["beneficiary.request"]
        delivered = [("stage_id", "=", self.stages["delivered"].id)]
        plan = self.plan(Request, delivered, Request._order, limit=40)
        self.assertIn("beneficiary_request_stage_order_index", plan)
        plan = self.plan(Request, [], Request._order, limit=80)
        self.assertIn("beneficiary_request_order_index", plan)

    def test_the_list_as_it_opens_reads_in_index_order(self):
        """The requests action opens on the cases in progress: sorted by the partial index,
        not by walking the closed history that sorts first."""
        action = self.env.ref("beneficiary_relations.beneficiary_request_action")
        self.assertIn("search_default_in_progress", action.context)
        search = self.env.ref("beneficiary_relations.beneficiary_request_view_search")
        [in_progress] = etree.fromstring(search.arch).xpath("//filter[@name='in_progress']")
        domain = safe_eval(in_progress.get("domain"))
        Request = self.env["beneficiary.request"]
        plan = self.plan(Request, domain, Request._order, limit=80)
        self.assertIn("beneficiary_request_board_order_index", plan)

    def test_the_satisfaction_pivot_reads_the_monthly_sums(self):
        Summary = self.env["beneficiary.satisfaction.summary"]
        plan = self.plan(Summary, [("date", ">=", "2026-01-01")])
        self.assertIn("beneficiary_satisfaction_month__month_index", plan)
        self.assertIn("survey_user_input_beneficiary_date_index", plan)

    def test_searching_a_beneficiary_uses_the_trigram_indexes(self):
        Beneficiary = self.env["beneficiary.beneficiary"]
        plan = self.plan(Beneficiary, [("display_name", "ilike", "٠٥٥١٢٣٤")])
        for field_name in ("name", "national_id", "mobile"):
            self.assertIn(f"beneficiary_beneficiary__{field_name}_index", plan)

    def test_the_request_search_bar_finds_a_beneficiary_by_id_digits_and_mobile(self):
        self.beneficiary.mobile = "0551234567"
        request = self.create_request()
        Request = self.env["beneficiary.request"]
        for typed in (self.beneficiary.national_id[-4:], "٠٥٥١٢٣٤٥٦٧", "055 123 4567"):
            with self.subTest(typed=typed):
                self.assertIn(request, Request.search([("beneficiary_id", "ilike", typed)]))
        self.assertEqual(Request.search([("name", "ilike", request.name)]), request)


@tagged("post_install", "-at_install")
class TestReminderRuns(RequestCase):
    """Two runners, or a run after a run, never remind anyone twice."""

    def create_overdue(self, count):
        requests = self.env["beneficiary.request"].create(
            [{"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}] * count
        )
        requests.sudo().write({"date_complete": COMPLETED})
        return requests

    def reminders(self, requests):
        return self.env["mail.activity"].search(
            [("res_model", "=", "beneficiary.request"), ("res_id", "in", requests.ids)]
        )

    def digests(self):
        return self.env["mail.mail"].search([("email_to", "ilike", self.manager.email)])

    def run_cron(self, **kwargs):
        with freeze_time(OVERDUE_DAY):
            return self.env["beneficiary.request"]._cron_deadline_reminders(**kwargs)

    def test_a_second_run_sends_nothing(self):
        requests = self.create_overdue(3)
        self.assertEqual(self.run_cron(), (3, 0))
        activities, digests = self.reminders(requests), self.digests()
        self.assertEqual(len(activities), 3)
        self.assertEqual(len(digests), 1)
        self.assertEqual(self.run_cron(), (0, 0))
        self.assertEqual(self.reminders(requests), activities)
        self.assertEqual(self.digests(), digests)

    def test_one_digest_per_recipient_for_a_run_of_many_batches(self):
        self.create_overdue(5)
        self.assertEqual(self.run_cron(batch_size=2), (5, 0))
        digests = self.digests()
        self.assertEqual(len(digests), 1)
        self.assertEqual(digests.body_html.count("<li>"), 5)

    def test_the_lock_is_held_for_the_whole_run(self):
        """A runner starting while the first is between two batches (which commit) steps
        aside; once the run is over, the next run gets the lock."""
        requests = self.create_overdue(4)
        seen = []

        def process(batch):
            seen.append(run_in_batches(self.env, "test.held", [], batch_size=2))
            batch.sudo().write({"escalated": True})

        steps = [(self.env["beneficiary.request"], [("id", "in", requests.ids)], "id", process)]
        self.assertEqual(run_in_batches(self.env, "test.held", steps, batch_size=2), (4, 0))
        self.assertEqual(seen, [(0, 0), (0, 0)])
        ran = []
        steps = [(self.env["beneficiary.request"], [("id", "in", requests.ids)], "id", ran.append)]
        self.assertEqual(run_in_batches(self.env, "test.held", steps, batch_size=4), (4, 0))
        self.assertEqual(len(ran), 1)

    def test_a_runner_stepping_aside_mails_no_digest(self):
        self.create_overdue(3)
        self.assertEqual(self.run_cron(batch_size=2, max_batches=1), (2, 1))
        self.assertFalse(self.digests(), "the backlog is not drained yet")
        with self.registry.cursor() as other:
            other.execute(
                "SELECT pg_try_advisory_xact_lock(%s, %s)",
                run_lock_key("beneficiary.request.reminders"),
            )
            self.assertTrue(other.fetchone()[0])
            self.assertEqual(self.run_cron(), (0, 0))
            self.assertFalse(self.digests(), "only the runner holding the lock mails digests")
        self.assertEqual(self.run_cron(), (1, 0))
        self.assertEqual(len(self.digests()), 1)
