import base64
import logging
import os
import tempfile

import werkzeug.urls
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

from .kpi_common import TODAY, KpiCase

_logger = logging.getLogger(__name__)

PROGRESS_BAR = {
    "field": "deadline_state",
    "colors": {
        "on_track": "success",
        "due_soon": "warning",
        "due_today": "warning",
        "overdue": "danger",
    },
}


@tagged("post_install", "-at_install")
class TestKpiDashboard(KpiCase):
    def dashboard(self, user=None):
        with freeze_time(TODAY):
            data = (
                self.env["beneficiary.dashboard"]
                .with_user(user or self.manager)
                .get_dashboard_data()
            )
        return data, {card["key"]: card for card in data["cards"]}

    def test_figures(self):
        data, cards = self.dashboard()
        self.assertEqual(cards["requests_overdue"]["value"], 1)
        self.assertEqual(cards["requests_due_soon"]["value"], 0)
        # Decisions of the last 90 days: 1, 2, 3 and October's 6; 2 is late.
        self.assertEqual(cards["requests_on_time_rate"]["value"], 75)
        self.assertEqual(cards["complaints_overdue"]["value"], 1)
        self.assertEqual(cards["complaints_on_time_rate"]["value"], 50)
        self.assertEqual(cards["csat"]["value"], 50)
        self.assertEqual([bar["value"] for bar in data["complaint_ages"]["bars"]], [1, 1, 1, 0])
        self.assertEqual(data["open_requests"], 2)

    def test_cards_open_the_records_behind_them(self):
        data, cards = self.dashboard()
        with freeze_time(TODAY):
            for key, model, expected in (
                ("requests_overdue", "beneficiary.request", self.r4),
                ("complaints_overdue", "beneficiary.complaint", self.c4),
            ):
                action = cards[key]["action"]
                self.assertEqual(action["res_model"], model)
                found = self.env[model].with_user(self.manager).search(action["domain"])
                self.assertEqual(found, expected)
            ages = data["complaint_ages"]["bars"]
            Complaint = self.env["beneficiary.complaint"].with_user(self.manager)
            self.assertEqual(Complaint.search(ages[0]["action"]["domain"]), self.c6)
            self.assertEqual(Complaint.search(ages[1]["action"]["domain"]), self.c4)
            self.assertEqual(Complaint.search(ages[2]["action"]["domain"]), self.c3)

    def test_a_complaint_about_the_reader_is_not_counted(self):
        _data, cards = self.dashboard(self.other_manager)
        self.assertEqual(cards["complaints_overdue"]["value"], 2, "the other manager sees it")
        _data, cards = self.dashboard()
        self.assertEqual(cards["complaints_overdue"]["value"], 1)

    def test_managers_only(self):
        with self.assertRaises(AccessError):
            self.env["beneficiary.dashboard"].with_user(self.committee).get_dashboard_data()

    def test_query_count_does_not_grow_with_records(self):
        Dashboard = self.env["beneficiary.dashboard"].with_user(self.manager)
        with freeze_time(TODAY):
            Dashboard.get_dashboard_data()  # warm the caches
        self.env.invalidate_all()
        # 8, and 2 to read the company calendar's time zone: the manager has none of their own.
        with freeze_time(TODAY), self.assertQueryCount(10):
            Dashboard.get_dashboard_data()
        for _n in range(30):
            self.request_on("2026-11-15 10:00:00", self.food, "2026-11-15 10:00:00")
            self.complaint_on("2026-11-25 10:00:00", complaint_type="inquiry")
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(TODAY), self.assertQueryCount(10):
            data = Dashboard.get_dashboard_data()
        self.assertEqual(data["cards"][0]["value"], 31)

    def test_kanban_progress_bars_by_deadline_state(self):
        """The kanban's progress bars group by the deadline state, computed in SQL."""
        with freeze_time(TODAY):
            Request = self.env["beneficiary.request"].with_user(self.manager)
            bars = Request.read_progress_bar([], "stage_id", PROGRESS_BAR)
            committee = str(self.stages["committee"].id)
            self.assertEqual(bars[committee]["overdue"], 1)
            self.assertEqual(bars[str(self.stages["received"].id)]["overdue"], 0)
            Complaint = self.env["beneficiary.complaint"].with_user(self.manager)
            bars = Complaint.read_progress_bar([], "complaint_type", PROGRESS_BAR)
            self.assertEqual(
                bars["inquiry"], {**dict.fromkeys(PROGRESS_BAR["colors"], 0), "overdue": 1}
            )
            self.assertEqual(bars["suggestion"]["due_soon"], 1, "due on 3 December")
            # The same grouping as the computed field, record by record.
            for complaint in Complaint.search([]):
                [(state, count)] = Complaint._read_group(
                    [("id", "=", complaint.id)], ["deadline_state"], ["__count"]
                )
                self.assertEqual(state, complaint.deadline_state, complaint.name)


@tagged("post_install", "-at_install")
class TestKpiDashboardScreenshot(HttpCase, KpiCase):
    """The dashboard as a manager sees it, in Chromium (the README's pictures are taken by
    scripts/screenshots)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # English until the Arabic of these screens is written; then Arabic (ar_001).
        cls.manager.lang = "en_US"

    def shoot(self, url, ready, name, size="1280,800"):
        self.browser_size = size
        directory = tempfile.mkdtemp()
        browser = ChromeBrowser(self, headless=True, success_signal="test successful")
        try:
            self.authenticate(self.manager.login, self.manager.login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(werkzeug.urls.url_join(self.base_url(), url), wait_stop=True)
            is_ready = browser._wait_ready(ready, timeout=30)
            data = base64.b64decode(browser._websocket_request("Page.captureScreenshot")["data"])
        finally:
            browser.stop()
        path = os.path.join(directory, name)
        with open(path, "wb") as picture:
            picture.write(data)
        _logger.info("screenshot: %s", path)
        self.assertTrue(is_ready, f"{url}: {ready} (see {path})")

    def test_dashboard_renders(self):
        self.shoot(
            "/odoo/beneficiary-dashboard",
            "document.querySelectorAll('.o_beneficiary_dashboard .o_kpi_card').length == 6",
            "management_dashboard.png",
        )

    def test_kanban_shows_deadline_colors_and_time_left(self):
        # The browser's today is the machine's: the deadlines are set relative to it.
        self.env.cr.execute(
            "UPDATE beneficiary_request SET date_deadline = CURRENT_DATE - 3, "
            "date_reminder = CURRENT_DATE - 6 WHERE id = %s",
            [self.r4.id],
        )
        self.shoot(
            "/odoo/action-beneficiary_relations.beneficiary_request_action",
            "!!(document.querySelector('.o_kanban_renderer .o_column_progress .bg-danger') "
            "&& document.querySelector('.o_kanban_record .badge.text-bg-danger'))",
            "request_kanban_deadlines.png",
            size="1600,600",
        )
