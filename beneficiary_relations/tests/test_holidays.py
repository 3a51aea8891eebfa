from datetime import date, timedelta

from freezegun import freeze_time
from hijridate import Hijri

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from ..tools.saudi_holidays import saudi_holidays
from .common import RequestCase

# Umm al-Qura dates, written down here rather than computed, to check the generator against.
# Sources: the Umm al-Qura calendar tables of King Abdulaziz City for Science and Technology
# (https://www.ummulqura.org.sa/, the tables hijridate ships), and for 1447 the Ministry of
# Human Resources' announcement that the private and non-profit sectors' Eid al-Fitr holiday
# starts at the end of Wednesday 29 Ramadan 1447, 18 March 2026, for four days
# (https://www.almowaten.net/2026/03/ , 3 March 2026).
UMM_AL_QURA = {
    (1447, 9, 1): date(2026, 2, 18),
    (1447, 9, 29): date(2026, 3, 18),
    (1447, 10, 1): date(2026, 3, 20),
    (1447, 12, 9): date(2026, 5, 26),
    (1447, 12, 10): date(2026, 5, 27),
    (1448, 9, 29): date(2027, 3, 8),
    (1448, 10, 1): date(2027, 3, 9),
    (1448, 12, 9): date(2027, 5, 15),
    (1449, 9, 29): date(2028, 2, 25),
    (1449, 10, 1): date(2028, 2, 26),
    (1449, 12, 9): date(2028, 5, 4),
}

# The holidays of a Sunday-Thursday association for 1447-1449 AH (2026-2028), by the default
# rule: 4 days from the day after 29 Ramadan, 4 days from the day of Arafat, Founding Day and
# National Day moved off the weekend.
EXPECTED = {
    2026: {
        "founding_day": (date(2026, 2, 22), date(2026, 2, 22)),  # a Sunday
        "eid_al_fitr": (date(2026, 3, 19), date(2026, 3, 22)),
        "eid_al_adha": (date(2026, 5, 26), date(2026, 5, 29)),
        "national_day": (date(2026, 9, 23), date(2026, 9, 23)),  # a Wednesday
    },
    2027: {
        "founding_day": (date(2027, 2, 22), date(2027, 2, 22)),
        "eid_al_fitr": (date(2027, 3, 9), date(2027, 3, 12)),
        "eid_al_adha": (date(2027, 5, 15), date(2027, 5, 18)),
        "national_day": (date(2027, 9, 23), date(2027, 9, 23)),
    },
    2028: {
        "founding_day": (date(2028, 2, 22), date(2028, 2, 22)),
        "eid_al_fitr": (date(2028, 2, 26), date(2028, 2, 29)),
        "eid_al_adha": (date(2028, 5, 4), date(2028, 5, 7)),
        # Saturday 23 September 2028: Sunday 24 is the holiday.
        "national_day": (date(2028, 9, 24), date(2028, 9, 24)),
    },
}


def tabular_hijri_to_gregorian(year, month, day):
    """The arithmetic (tabular) Islamic calendar, an independent approximation: it stays within
    two days of Umm al-Qura, which follows the moon."""
    days = (
        day
        + (59 * (month - 1) + 1) // 2  # months alternate 30 and 29 days
        + 354 * (year - 1)
        + (3 + 11 * year) // 30  # leap years of the 30-year cycle
        + 1948439  # Julian day of 1 Muharram 1 AH (16 July 622), less one
    )
    return date.fromordinal(days - 1721425)  # Julian day to proleptic Gregorian ordinal


@tagged("post_install", "-at_install")
class TestHolidays(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Association week (test)",
                "tz": "Asia/Riyadh",
                "company_id": False,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create({"name": day, "dayofweek": day, "hour_from": 8, "hour_to": 16})
                    for day in ("6", "0", "1", "2", "3")
                ],
            }
        )
        cls.Holiday = cls.env["beneficiary.holiday"]

    def use_calendar(self):
        with freeze_time("2026-01-10"):
            self.env.company.beneficiary_calendar_id = self.calendar

    def holidays(self, year=None):
        domain = [("calendar_id", "=", self.calendar.id)]
        if year:
            domain.append(("year", "=", year))
        return self.Holiday.search(domain)

    def leave_days(self, holiday):
        return holiday._leave_days()

    # Dates ----------------------------------------------------------------------------------

    def test_umm_al_qura_table(self):
        for (year, month, day), gregorian in UMM_AL_QURA.items():
            self.assertEqual(
                Hijri(year, month, day).to_gregorian(), gregorian, f"{day}/{month}/{year} AH"
            )
            approximate = tabular_hijri_to_gregorian(year, month, day)
            self.assertLessEqual(abs((approximate - gregorian).days), 2, f"{day}/{month}/{year}")

    def test_holidays_of_1447_to_1449(self):
        for year, expected in EXPECTED.items():
            found = {h.kind: (h.first_day, h.last_day) for h in saudi_holidays(year)}
            self.assertEqual(found, expected, year)
        # The Eids are those of 29 Ramadan and 9 Dhu al-Hijjah in the table above.
        for hijri_year in (1447, 1448, 1449):
            ramadan_29 = UMM_AL_QURA[(hijri_year, 9, 29)]
            year = ramadan_29.year
            self.assertEqual(EXPECTED[year]["eid_al_fitr"][0], ramadan_29 + timedelta(1))
            self.assertEqual(EXPECTED[year]["eid_al_adha"][0], UMM_AL_QURA[(hijri_year, 12, 9)])

    def test_one_day_holidays_move_off_the_weekend(self):
        # Friday 23 September 2022: Thursday 22 was the holiday; Saturday 22 February 2025:
        # Sunday 23 was.
        national_2022 = {h.kind: h.first_day for h in saudi_holidays(2022)}["national_day"]
        founding_2025 = {h.kind: h.first_day for h in saudi_holidays(2025)}["founding_day"]
        self.assertEqual(national_2022, date(2022, 9, 22))
        self.assertEqual(founding_2025, date(2025, 2, 23))

    def test_leaves_generated_in_the_calendar(self):
        self.use_calendar()
        self.Holiday._generate(self.env.company, [2026, 2027, 2028])
        for year, expected in EXPECTED.items():
            found = {h.kind: self.leave_days(h) for h in self.holidays(year)}
            self.assertEqual(found, expected, year)
        leaves = self.calendar.global_leave_ids
        self.assertEqual(len(leaves), 12)
        self.assertEqual(set(leaves.mapped("time_type")), {"leave"})
        self.assertFalse(leaves.resource_id)
        self.assertFalse(leaves.company_id, "a calendar shared by all companies: theirs too")
        fitr = self.holidays(2027).filtered(lambda h: h.kind == "eid_al_fitr")
        self.assertEqual(fitr.hijri_year, 1448)
        # Midnight to midnight in Riyadh (UTC+3).
        self.assertEqual(str(fitr.leave_id.date_from), "2027-03-08 21:00:00")
        self.assertEqual(str(fitr.leave_id.date_to), "2027-03-12 20:59:59")

    # Deadlines ------------------------------------------------------------------------------

    def test_deadline_spanning_eid_skips_it(self):
        self.use_calendar()
        self.Holiday._generate(self.env.company, [2026])
        self.service.response_days = 5
        request = self.create_request()
        with freeze_time("2026-03-17 09:00:00"):  # Tuesday, 28 Ramadan 1447
            request.action_check_completeness()
        # Wednesday 18; Eid from Thursday 19 to Sunday 22; Monday 23 to Thursday 26.
        self.assertEqual(request.date_deadline, date(2026, 3, 26))
        # The portal's estimate counts the same days.
        self.assertEqual(
            self.service._expected_decision_date(self.env.company, date(2026, 3, 17)),
            request.date_deadline,
        )

    def test_a_holiday_declared_later_moves_open_deadlines(self):
        """A day off declared by decree after the file was complete: the open request's
        deadline moves by that working day, and back when the day is withdrawn; a decided
        request keeps its deadline."""
        self.use_calendar()
        self.service.response_days = 5
        request = self.create_request()
        decided = self.create_request()
        with freeze_time("2026-05-04 09:00:00"):  # Monday
            request.action_check_completeness()
            decided.action_check_completeness()
        # Tuesday 5 to Thursday 7, Sunday 10 and Monday 11.
        self.assertEqual(request.date_deadline, date(2026, 5, 11))
        with freeze_time("2026-05-05 09:00:00"):
            decided._move_to_kind("committee")
            self.record_decision(decided)
        decided_deadline = decided.date_deadline
        decree = (
            self.env["resource.calendar.leaves"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Day off by decree",
                    "calendar_id": self.calendar.id,
                    # Wednesday 6 May in Riyadh.
                    "date_from": "2026-05-05 21:00:00",
                    "date_to": "2026-05-06 20:59:59",
                }
            )
        )
        self.assertEqual(request.date_deadline, date(2026, 5, 12))
        self.assertEqual(decided.date_deadline, decided_deadline)
        decree.with_user(self.manager).unlink()
        self.assertEqual(request.date_deadline, date(2026, 5, 11))

    # The yearly run -------------------------------------------------------------------------

    def test_cron_is_idempotent(self):
        self.use_calendar()
        with freeze_time("2026-12-01 06:00:00"):
            self.Holiday._cron_generate()
            leaves = self.calendar.global_leave_ids
            generated = self.holidays()
            self.Holiday._cron_generate()
            self.Holiday._cron_generate()
        self.assertEqual(len(leaves), 8)  # 2026 and 2027
        self.assertEqual(self.calendar.global_leave_ids, leaves)
        self.assertEqual(self.holidays(), generated)
        with freeze_time("2027-12-01 06:00:00"):
            self.Holiday._cron_generate()
        self.assertEqual(len(self.calendar.global_leave_ids), 12)  # and 2028

    def test_cron_respects_a_changed_or_deleted_holiday(self):
        self.use_calendar()
        self.Holiday._generate(self.env.company, [2027])
        by_kind = {h.kind: h for h in self.holidays(2027)}
        # A royal decree moves National Day to the Friday; the association works Founding Day.
        national = by_kind["national_day"].leave_id
        national.with_user(self.manager).write(
            {"date_from": "2027-09-23 21:00:00", "date_to": "2027-09-24 20:59:59"}
        )
        by_kind["founding_day"].leave_id.with_user(self.manager).unlink()
        self.assertEqual(by_kind["national_day"].status, "changed")
        self.assertEqual(by_kind["founding_day"].status, "deleted")
        with freeze_time("2027-01-05"):
            self.Holiday._cron_generate()
        self.Holiday._generate(self.env.company, [2027])
        leaves = self.calendar.global_leave_ids.filtered(lambda leave: leave.date_from.year == 2027)
        self.assertEqual(len(leaves), 3, "Founding Day stays deleted")
        self.assertEqual(str(national.date_from), "2027-09-23 21:00:00")
        # New Eid settings move the holidays left as generated, never the changed one.
        self.env.company.beneficiary_adha_days = 5
        self.Holiday._generate(self.env.company, [2027])
        self.assertEqual(
            self.leave_days(by_kind["eid_al_adha"]), (date(2027, 5, 15), date(2027, 5, 19))
        )
        self.assertEqual(by_kind["eid_al_adha"].status, "generated")
        self.assertEqual(str(national.date_from), "2027-09-23 21:00:00")

    def test_settings(self):
        self.env.company.beneficiary_calendar_id = self.calendar
        admin = new_test_user(
            self.env,
            "br_settings",
            groups="base.group_system,beneficiary_relations.group_br_manager",
        )
        with Form(self.env["res.config.settings"].with_user(admin)) as settings:
            settings.beneficiary_response_policy = "two_weeks"
            self.assertEqual(settings.beneficiary_response_days, 10)
            self.assertIn("10 working days", settings.beneficiary_response_in_force)
            settings.beneficiary_fitr_days = 3
        self.assertEqual(self.env.company.beneficiary_response_days, 10)
        self.assertEqual(self.env["beneficiary.service"].create({"name": "X"}).response_days, 10)
        fitr = self.holidays(date.today().year + 1).filtered(lambda h: h.kind == "eid_al_fitr")
        self.assertEqual((fitr.date_to - fitr.date_from).days, 2)
        self.env.company.beneficiary_response_days = 15
        self.assertEqual(self.env.company.beneficiary_response_policy, "policy_002")
        self.env.company.beneficiary_response_days = 12
        self.assertEqual(self.env.company.beneficiary_response_policy, "custom")

    def test_every_company_has_a_calendar_and_its_holidays(self):
        """Set on install (or by the upgrade) for the companies that existed before."""
        saudi_week = self.env.ref("beneficiary_relations.resource_calendar_saudi_week")
        self.assertFalse(
            self.env["res.company"].search([("beneficiary_calendar_id", "=", False)]),
        )
        self.assertTrue(self.env.ref("base.main_company").beneficiary_calendar_id)
        self.assertTrue(
            saudi_week.global_leave_ids.filtered(lambda leave: leave.name and leave.date_from),
        )
        company = self.env["res.company"].create({"name": "Second association"})
        self.assertEqual(company.beneficiary_calendar_id, saudi_week)
