import io
import zipfile
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from .common import RequestCase

# "Today" for every figure: the workbook of November 2026 is made on the first of December.
TODAY = "2026-12-01 10:00:00"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


class KpiCase(RequestCase):
    """Known requests, complaints, answers and acknowledgements in November 2026, whose
    figures are worked out by hand in the comments below."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "beneficiary_complaint_days": 5,
                "beneficiary_suggestion_days": 10,
                "beneficiary_inquiry_days": 3,
            }
        )
        cls.follow_up = new_test_user(
            cls.env, "br_kpi_follow_up", groups="beneficiary_relations.group_br_follow_up_committee"
        )
        cls.other_manager = new_test_user(
            cls.env, "br_kpi_manager", groups="beneficiary_relations.group_br_manager"
        )
        cls.food = cls.service
        cls.food.write({"name": "Food basket", "response_days": 2})
        cls.rent = cls.env["beneficiary.service"].create(
            {"name": "Rent support", "response_days": 5}
        )
        cls.phone = cls.env.ref("beneficiary_relations.beneficiary_channel_phone")
        cls.make_requests()
        cls.make_complaints()
        cls.make_answers()
        cls.policy = cls.env["beneficiary.policy"].search(
            [("state", "=", "active"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        if not cls.policy:
            cls.policy = cls.env["beneficiary.policy"].create(
                {"name": "Policy", "state": "active", "company_id": cls.env.company.id}
            )
        for user in (cls.manager, cls.officer):
            cls.env["beneficiary.policy.acknowledgement"].create(
                {"policy_id": cls.policy.id, "user_id": user.id}
            )

    @classmethod
    def request_on(cls, received, service, complete=None, decision=None, decided=None, **values):
        with freeze_time(received):
            request = cls.create_request(service_id=service.id, **values)
        if complete:
            with freeze_time(complete):
                request.action_check_completeness()
        if decision:
            with freeze_time(decided):
                cls.record_decision(request, decision, note="Reason")
        return request

    @classmethod
    def make_requests(cls):
        # Sunday 1 November, decided Tuesday 3: 2 working days, on time (deadline Tuesday 3).
        cls.r1 = cls.request_on(
            "2026-11-01 10:00:00",
            cls.food,
            "2026-11-01 10:00:00",
            "approved",
            "2026-11-03 10:00:00",
        )
        # Monday 2, rejected Thursday 5: 3 working days, late (deadline Wednesday 4).
        cls.r2 = cls.request_on(
            "2026-11-02 10:00:00",
            cls.food,
            "2026-11-02 10:00:00",
            "rejected",
            "2026-11-05 10:00:00",
            channel_id=cls.phone.id,
        )
        # Rent (5 days): Tuesday 10, approved Thursday 12: 2 working days, on time.
        cls.r3 = cls.request_on(
            "2026-11-10 10:00:00",
            cls.rent,
            "2026-11-10 10:00:00",
            "approved",
            "2026-11-12 10:00:00",
        )
        # Complete Sunday 15, deadline Tuesday 17: open and overdue on 1 December.
        cls.r4 = cls.request_on("2026-11-15 10:00:00", cls.food, "2026-11-15 10:00:00")
        # Not complete yet: open, no deadline.
        cls.r5 = cls.request_on("2026-11-20 10:00:00", cls.rent)
        # October: neither received nor decided in November, and closed: in no figure.
        cls.r6 = cls.request_on(
            "2026-10-05 10:00:00",
            cls.food,
            "2026-10-05 10:00:00",
            "approved",
            "2026-10-06 10:00:00",
        )
        # November: received 5, decided 3 (2 on time), median 2 working days; open today 2,
        # overdue 1. Food basket: received 3, decided 2 (1 on time), median 2.5, open 1,
        # overdue 1. Rent support: received 2, decided 1 (on time), open 1.

    @classmethod
    def complaint_on(cls, received, **values):
        vals = {
            "subject": "Late answer",
            "description": "<p>I have waited a month.</p>",
            "beneficiary_id": cls.beneficiary.id,
            "user_id": cls.follow_up.id,
        }
        vals.update(values)
        with freeze_time(received):
            return cls.env["beneficiary.complaint"].create(vals)

    @classmethod
    def resolve(cls, complaint, moment, amicably=False):
        with freeze_time(moment):
            settlement = {
                "settlement_attempt_ids": [
                    Command.create({"means": "phone", "summary": "Apologised", "outcome": "agreed"})
                ],
                "settlement_outcome": "settled",
            }
            complaint.write({"resolution": "<p>Done.</p>", **(settlement if amicably else {})})
            complaint.with_user(cls.follow_up).action_resolve()

    @classmethod
    def make_complaints(cls):
        # Sunday 1, answered Wednesday 4 (deadline Sunday 8): on time, settled amicably.
        cls.delay = cls.env.ref("beneficiary_relations.beneficiary_complaint_category_delay")
        cls.c1 = cls.complaint_on(
            "2026-11-01 10:00:00", subject="Slow answer at the desk", category_id=cls.delay.id
        )
        cls.resolve(cls.c1, "2026-11-04 10:00:00", amicably=True)
        # Monday 2, answered Monday 16 (deadline Monday 9): late.
        cls.c2 = cls.complaint_on(
            "2026-11-02 10:00:00", subject="Basket never came", category_id=cls.delay.id
        )
        cls.resolve(cls.c2, "2026-11-16 10:00:00")
        # A suggestion of Friday 20, open: deadline 3 December, 11 days old on 1 December.
        cls.c3 = cls.complaint_on(
            "2026-11-20 10:00:00", complaint_type="suggestion", subject="Open on Saturdays"
        )
        # An inquiry of Wednesday 25, deadline Monday 30: overdue, 6 days old, escalated.
        cls.c4 = cls.complaint_on(
            "2026-11-25 10:00:00", complaint_type="inquiry", subject="Which documents?"
        )
        with freeze_time("2026-11-30 12:00:00"):
            cls.c4.with_user(cls.follow_up)._escalate("No answer yet")
        # Praise of Saturday 28: no deadline, 3 days old.
        cls.c6 = cls.complaint_on(
            "2026-11-28 10:00:00", complaint_type="praise", subject="Kind staff"
        )
        # About the manager: escalated, open, overdue (deadline Tuesday 10), 28 days old.
        # The manager must find it nowhere; the other manager sees it.
        cls.c5 = cls.complaint_on(
            "2026-11-03 10:00:00",
            subject="The manager shouted at me",
            concerned_user_id=cls.manager.id,
        )
        with freeze_time("2026-11-12 12:00:00"):
            cls.c5._escalate("About a manager")
        # For the manager: received 5 (complaint 2, suggestion 1, inquiry 1, praise 1),
        # answered 2 (1 on time, 1 amicably), escalated 1, open 3 (overdue 1); by age:
        # 0-5 days 1, 6-10 days 1, 11-30 days 1.

    @classmethod
    def make_answers(cls):
        cls.answers = cls.env["survey.user_input"]
        for origin, score in (
            ({"beneficiary_request_id": cls.r1.id}, 5),
            ({"beneficiary_request_id": cls.r3.id}, 3),
            ({"beneficiary_request_id": cls.r2.id}, None),
            ({"beneficiary_complaint_id": cls.c5.id}, 1),
        ):
            with freeze_time("2026-11-20 10:00:00"):
                cls.answers |= cls.answer_questionnaire(score, **origin)
        # Sent on 20 November (the creation date comes from the database, not freezegun).
        cls.answers.flush_recordset()
        cls.env.cr.execute(
            "UPDATE survey_user_input SET create_date = '2026-11-20 10:00:00' WHERE id IN %s",
            [tuple(cls.answers.ids)],
        )
        cls.answers.invalidate_recordset(["create_date"])
        # For the manager: sent 3, answered 2, response rate 2/3, CSAT 50 %, average 4.

    # The workbook ----------------------------------------------------------------------------

    def workbook(self, user=None, lang="en_US", **options):
        """The workbook of November as ``user`` (the manager), opened with openpyxl, and its
        raw bytes."""
        kpi = self.env["beneficiary.kpi"].with_user(user or self.manager).with_context(lang=lang)
        values = {"date_from": NOVEMBER[0], "date_to": NOVEMBER[1]}
        values.update(options)
        with freeze_time(TODAY):
            opts = kpi._options(
                values["date_from"],
                values["date_to"],
                self.env.company,
                values.get("services"),
                values.get("categories"),
            )
            out = io.BytesIO()
            kpi._write_xlsx(out, opts)
        data = out.getvalue()
        return openpyxl.load_workbook(io.BytesIO(data)), data

    @staticmethod
    def charts(data):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [name for name in archive.namelist() if name.startswith("xl/charts/chart")]

    @staticmethod
    def table(sheet, header_row=1):
        """The rows of a sheet's table as dicts keyed by the header."""
        rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
        headers = rows[0]
        return [dict(zip(headers, row, strict=True)) for row in rows[1:]]

    @staticmethod
    def summary(book):
        sheet = book["Summary"]
        return {
            row[1]: row[2]
            for row in sheet.iter_rows(min_row=1, values_only=True)
            if row[0] and row[1] is not None
        }

    @staticmethod
    def breakdown(book, sheet_name, breakdown, item):
        for row in KpiCase.table(book[sheet_name]):
            if row["Breakdown"] == breakdown and row["Item"] == item:
                return row
        raise AssertionError(f"no {breakdown} / {item} row in {sheet_name}")

    @classmethod
    def link_manager(cls, user):
        user.write({"company_ids": [Command.link(cls.env.company.id)]})
