from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .kpi_common import TODAY, KpiCase

SHEETS = [
    "Summary",
    "Requests",
    "Overdue Requests",
    "Complaints",
    "Escalations",
    "Satisfaction",
    "Supervision",
    "Request Rows",
    "Complaint Rows",
    "Satisfaction Rows",
    "Acknowledgements",
]


@tagged("post_install", "-at_install")
class TestKpiWorkbook(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.book, cls.data = cls.workbook(cls)

    def test_sheets_and_layout(self):
        self.assertEqual(self.book.sheetnames, SHEETS)
        for sheet in self.book.worksheets:
            with self.subTest(sheet=sheet.title):
                self.assertTrue(sheet.freeze_panes, "headers stay in view")
                self.assertTrue(sheet.auto_filter.ref, "every table can be filtered")
                self.assertFalse(sheet.sheet_view.rightToLeft, "English: left to right")
        # Charts where a reader would rather look: requests by month and by service, open
        # complaints by age and by type, satisfaction by month, items per staff member.
        self.assertEqual(len(self.charts(self.data)), 6)
        summary = self.book["Summary"]
        self.assertEqual(summary["B2"].value, self.env.company.name)
        self.assertEqual(summary["B3"].value, datetime(2026, 11, 1))
        self.assertEqual(summary["B3"].number_format, "yyyy-mm-dd")

    def test_summary_per_clause(self):
        figures = self.summary(self.book)
        expected = {
            "Requests received": 5,
            "Requests decided (approved or rejected)": 3,
            "Decided within the deadline": 2,
            "Median working days from a complete request to its decision": 2,
            "Requests awaiting a decision today": 2,
            "Requests overdue today": 1,
            "Complaints overdue today": 1,
            "Received: Complaint": 2,
            "Received: Suggestion": 1,
            "Received: Inquiry": 1,
            "Received: Praise": 1,
            "Answered (resolved or rejected as unfounded)": 2,
            "Share answered within the deadline": 0.5,
            "Share of answers settled amicably": 0.5,
            "Escalated to top management": 1,
            "Complaints open today": 3,
            "Complaints open today, 0 to 5 days": 1,
            "Complaints open today, 6 to 10 days": 1,
            "Complaints open today, 11 to 30 days": 1,
            "Complaints open today, Over 30 days": 0,
            "Questionnaires sent": 3,
            "Answers": 2,
            "CSAT (answers rating 4 or 5 out of 5)": 0.5,
            "Average score (1-5)": 4,
            "Staff who acknowledged it": 2,
        }
        for label, value in expected.items():
            with self.subTest(label=label):
                self.assertAlmostEqual(figures[label], value)
        self.assertAlmostEqual(figures["Share decided within the deadline"], 2 / 3)
        self.assertAlmostEqual(figures["Response rate"], 2 / 3)
        staff = self.env["beneficiary.policy"]._audience_by_company(self.env.company)
        self.assertEqual(figures["Staff who must acknowledge it"], len(staff[self.env.company]))
        self.assertAlmostEqual(
            figures["Acknowledgement coverage"], 2 / len(staff[self.env.company])
        )
        rate = next(
            row for row in self.book["Summary"].iter_rows() if row[1].value == "Response rate"
        )
        self.assertEqual(rate[2].number_format, "0.0%")

    def test_requests_by_service_channel_category_and_month(self):
        food = self.breakdown(self.book, "Requests", "Service", "Food basket")
        self.assertEqual(
            [food[k] for k in ("Received", "Decided", "Approved", "Rejected", "Decided on Time")],
            [3, 2, 1, 1, 1],
        )
        self.assertEqual(food["On-time Share"], 0.5)
        self.assertEqual(food["Median Working Days to Decision"], 2.5)
        self.assertEqual((food["Open Today"], food["Overdue Today"]), (1, 1))
        rent = self.breakdown(self.book, "Requests", "Service", "Rent support")
        self.assertEqual((rent["Received"], rent["Decided"], rent["On-time Share"]), (2, 1, 1))
        phone = self.breakdown(self.book, "Requests", "Intake Channel", self.phone.name)
        self.assertEqual((phone["Received"], phone["Decided"], phone["Decided on Time"]), (1, 1, 0))
        category = self.breakdown(self.book, "Requests", "Category", self.category.name)
        self.assertEqual(category["Received"], 5)
        november = self.breakdown(self.book, "Requests", "Month", datetime(2026, 11, 1))
        self.assertEqual((november["Received"], november["Decided"]), (5, 3))

    def test_overdue_requests_with_their_age(self):
        rows = self.table(self.book["Overdue Requests"])
        self.assertEqual([row["Reference"] for row in rows], [self.r4.name])
        self.assertEqual(rows[0]["Deadline"], datetime(2026, 11, 17))
        self.assertEqual(rows[0]["Days Overdue"], 14)
        self.assertEqual(rows[0]["Age (Days Since Received)"], 16)

    def test_complaints_by_type_category_member_and_age(self):
        complaint = self.breakdown(self.book, "Complaints", "Type", "Complaint")
        self.assertEqual(
            [complaint[k] for k in ("Received", "Answered", "Answered on Time")], [2, 2, 1]
        )
        self.assertEqual((complaint["On-time Share"], complaint["Amicable Share"]), (0.5, 0.5))
        inquiry = self.breakdown(self.book, "Complaints", "Type", "Inquiry")
        self.assertEqual(
            (inquiry["Escalated"], inquiry["Open Today"], inquiry["Overdue Today"]), (1, 1, 1)
        )
        delay = self.breakdown(self.book, "Complaints", "Category", self.delay.name)
        self.assertEqual((delay["Received"], delay["Settled Amicably"]), (2, 1))
        member = self.breakdown(self.book, "Complaints", "Follow-up Member", self.follow_up.name)
        self.assertEqual((member["Received"], member["Answered"], member["Open Today"]), (5, 2, 3))
        ages = {
            row["Item"]: row["Open Today"]
            for row in self.table(self.book["Complaints"])
            if row["Breakdown"] == "Age Today"
        }
        self.assertEqual(
            ages,
            {"0 to 5 days": 1, "6 to 10 days": 1, "11 to 30 days": 1, "Over 30 days": 0},
        )
        escalations = self.table(self.book["Escalations"])
        self.assertEqual([row["Reference"] for row in escalations], [self.c4.name])
        self.assertEqual(escalations[0]["Escalation Reason"], "No answer yet")

    def test_satisfaction_by_service_channel_category_and_period(self):
        food = self.breakdown(self.book, "Satisfaction", "Service", "Food basket")
        self.assertEqual((food["Questionnaires Sent"], food["Answers"], food["CSAT"]), (2, 1, 1))
        rent = self.breakdown(self.book, "Satisfaction", "Service", "Rent support")
        self.assertEqual((rent["CSAT"], rent["Average Score"]), (0, 3))
        november = self.breakdown(self.book, "Satisfaction", "Month", datetime(2026, 11, 1))
        self.assertEqual((november["Questionnaires Sent"], november["CSAT"]), (3, 0.5))
        self.assertAlmostEqual(november["Response Rate"], 2 / 3)
        origin = self.breakdown(self.book, "Satisfaction", "Origin", "Service Request")
        self.assertEqual(origin["Questionnaires Sent"], 3)

    def test_supervision_per_officer(self):
        rows = {row["Staff Member"]: row for row in self.table(self.book["Supervision"])}
        officer = rows[self.officer.name]
        self.assertEqual(
            [officer[k] for k in ("Requests Received", "Requests Decided", "Decided on Time")],
            [5, 3, 2],
        )
        self.assertEqual((officer["Open Requests"], officer["Overdue Requests"]), (2, 1))
        self.assertEqual(officer["Beneficiaries in Their Care"], 0, "the file is a draft")
        member = rows[self.follow_up.name]
        self.assertEqual(
            [member[k] for k in ("Complaints Received", "Complaints Answered", "Open Complaints")],
            [5, 2, 3],
        )
        self.assertEqual((member["Open Items"], member["Overdue Items"]), (3, 1))

    def test_rows_behind_the_figures(self):
        requests = {row["Reference"]: row for row in self.table(self.book["Request Rows"])}
        self.assertEqual(
            set(requests), {r.name for r in (self.r1, self.r2, self.r3, self.r4, self.r5)}
        )
        r2 = requests[self.r2.name]
        self.assertEqual((r2["Decision"], r2["Working Days to Decision"]), ("Rejected", 3))
        self.assertIs(r2["Decided on Time"], False)
        self.assertIs(r2["Decided in Period"], True)
        self.assertEqual(r2["Received On"], datetime(2026, 11, 2, 13, 0), "in Riyadh time")
        self.assertIsNone(requests[self.r5.name]["Deadline"])
        self.assertEqual(sum(1 for row in requests.values() if row["Decided on Time"]), 2)
        complaints = {row["Reference"]: row for row in self.table(self.book["Complaint Rows"])}
        self.assertEqual(len(complaints), 5)
        self.assertIs(complaints[self.c1.name]["Settled Amicably"], True)
        self.assertEqual(complaints[self.c2.name]["Working Days to Answer"], 10)
        answers = self.table(self.book["Satisfaction Rows"])
        self.assertEqual(
            sorted(row["Overall Satisfaction (1-5)"] or 0 for row in answers), [0, 3, 5]
        )
        acknowledgements = {
            row["Employee"]: row["Acknowledged"]
            for row in self.table(self.book["Acknowledgements"])
        }
        self.assertIs(acknowledgements[self.manager.name], True)
        self.assertIs(acknowledgements[self.committee.name], False)

    def test_filters_by_service_and_category(self):
        book, _data = self.workbook(services=self.rent)
        figures = self.summary(book)
        self.assertEqual((figures["Requests received"], figures["Questionnaires sent"]), (2, 1))
        self.assertEqual(figures["Received: Complaint"], 2, "complaints have no service")
        other = self.env["beneficiary.category"].create({"name": "Widows (test)"})
        book, _data = self.workbook(categories=other)
        figures = self.summary(book)
        self.assertEqual((figures["Requests received"], figures["Received: Complaint"]), (0, 0))

    def test_confidentiality_a_complaint_about_the_reader(self):
        """The complaint about the manager is in no sheet and no figure of their workbook; the
        other manager's has it."""
        secrets = [self.c5.name, self.c5.subject, "About a manager"]
        for sheet in self.book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    for secret in secrets:
                        self.assertNotIn(secret, str(value or ""), sheet.title)
        self.assertEqual(self.summary(self.book)["Escalated to top management"], 1)
        book, _data = self.workbook(user=self.other_manager)
        figures = self.summary(book)
        self.assertEqual(
            [
                figures[k]
                for k in (
                    "Received: Complaint",
                    "Escalated to top management",
                    "Complaints open today",
                )
            ],
            [3, 2, 4],
        )
        self.assertEqual(figures["Questionnaires sent"], 4)
        self.assertIn(
            self.c5.name, [row["Reference"] for row in self.table(book["Complaint Rows"])]
        )

    def test_streamed_cells_keep_their_text(self):
        """The rows written straight into the sheet's XML read back as written."""
        reason = '  <b>Tom & Jerry</b> "quoted" تأخر 15 يوماً  '
        self.c4.escalation_reason = reason
        book, _data = self.workbook()
        [row] = self.table(book["Escalations"])
        self.assertEqual(row["Escalation Reason"], reason)
        self.assertEqual(row["Received On"], datetime(2026, 11, 25, 13, 0))
        self.assertEqual(row["Deadline"], datetime(2026, 11, 30))

    def test_arabic_sheets_read_right_to_left(self):
        self.env["res.lang"]._activate_lang("ar_001")
        book, _data = self.workbook(lang="ar_001")
        self.assertEqual(len(book.sheetnames), len(SHEETS))
        for sheet in book.worksheets:
            self.assertTrue(sheet.sheet_view.rightToLeft, sheet.title)

    def test_rows_are_read_in_batches(self):
        """Keyset paging returns every row once, in order, whatever the batch size."""
        kpi = self.env["beneficiary.kpi"].with_user(self.manager)
        with freeze_time(TODAY):
            options = kpi._options(date(2026, 11, 1), date(2026, 11, 30))
            columns = kpi._request_row_columns(options)[:1]
            domain = kpi._request_domain(options)
            Request = kpi.env["beneficiary.request"]
            expected = [(r.name,) for r in Request.search(domain, order="id")]
            self.assertEqual(list(kpi._stream(Request, domain, columns, batch=2)), expected)
            self.assertEqual(list(kpi._stream(Request, domain, columns, batch=5)), expected)

    def test_managers_only_and_a_sane_period(self):
        with self.assertRaises(AccessError):
            self.env["beneficiary.kpi"].with_user(self.committee)._options(
                date(2026, 11, 1), date(2026, 11, 30)
            )
        with self.assertRaises(UserError):
            self.env["beneficiary.kpi"].with_user(self.manager)._options(
                date(2026, 11, 30), date(2026, 11, 1)
            )

    def test_wizard_downloads_the_workbook(self):
        with freeze_time(TODAY):
            wizard = Form(self.env["beneficiary.kpi.report.wizard"].with_user(self.manager))
            self.assertEqual(
                (wizard.date_from, wizard.date_to), (date(2026, 11, 1), date(2026, 11, 30))
            )
            wizard.service_ids.add(self.rent)
            action = wizard.save().action_download()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/beneficiary_relations/report/kpi.xlsx?", action["url"])
        self.assertIn("date_from=2026-11-01", action["url"])
        self.assertIn(f"service_ids={self.rent.id}", action["url"])


@tagged("post_install", "-at_install")
class TestKpiController(HttpCase, KpiCase):
    URL = "/beneficiary_relations/report/kpi.xlsx?date_from=2026-11-01&date_to=2026-11-30"

    def test_managers_download_others_are_refused(self):
        self.authenticate(self.committee.login, self.committee.login)
        self.assertEqual(self.url_open(self.URL).status_code, 403)
        self.authenticate(self.officer.login, self.officer.login)
        self.assertEqual(self.url_open(self.URL).status_code, 403)
        self.authenticate(self.manager.login, self.manager.login)
        response = self.url_open(self.URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.content[:2], b"PK")
        self.assertEqual(int(response.headers["Content-Length"]), len(response.content))

    def test_bad_period_and_foreign_company(self):
        self.authenticate(self.manager.login, self.manager.login)
        bad = "/beneficiary_relations/report/kpi.xlsx?date_from=2026-11-30&date_to=2026-11-01"
        self.assertEqual(self.url_open(bad).status_code, 400)
        other = self.env["res.company"].create({"name": "Other association"})
        foreign = f"{self.URL}&company_id={other.id}"
        self.assertEqual(self.url_open(foreign).status_code, 403)

    def test_anonymous_visitors_sign_in_first(self):
        response = self.url_open(self.URL, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
