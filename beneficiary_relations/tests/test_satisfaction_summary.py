from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import RequestCase

MEASURES = [
    "invitation_count:sum",
    "answer_count:sum",
    "response_rate:avg",
    "csat:avg",
    "score:avg",
]


@tagged("post_install", "-at_install")
class TestSatisfactionSummary(RequestCase):
    """The satisfaction analysis reads months before the last from sums kept by an hourly
    cron, the rest from the questionnaires; both give what the questionnaires say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overall = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")
        cls.Month = cls.env["beneficiary.satisfaction.month"]
        cls.Summary = cls.env["beneficiary.satisfaction.summary"]
        cls.Report = cls.env["beneficiary.satisfaction.report"]
        cls.ours = [("category_id", "=", cls.category.id)]

    def answer(self, score, months_ago=0, written_then=False):
        """A questionnaire sent ``months_ago`` (answered with ``score`` unless None), last
        written now (as an import does) or, ``written_then``, when it was sent."""
        answer = self.answer_questionnaire(score)
        if months_ago:
            self.env.flush_all()
            sent = fields.Datetime.now() - relativedelta(months=months_ago)
            self.env.cr.execute(
                SQL(
                    "UPDATE survey_user_input SET create_date = %s, write_date = %s WHERE id = %s",
                    sent,
                    sent if written_then else fields.Datetime.now(),
                    answer.id,
                )
            )
            self.env.invalidate_all()
        return answer

    def figures(self, model, groupby=()):
        return [tuple(row) for row in model._read_group(self.ours, groupby, MEASURES)]

    def month_rows(self):
        return self.Month.search_read(
            self.ours, ["month", "invitation_count", "answer_count", "score_total"]
        )

    def test_summed_months_read_as_the_questionnaires(self):
        for score in (5, 4, 3, None):
            self.answer(score)
        for score in (5, None, None):
            self.answer(score, months_ago=3)
        self.answer(2, months_ago=14)
        self.Month._cron_refresh()
        this_month = fields.Date.today().replace(day=1)
        summed = {row["month"] for row in self.month_rows()}
        self.assertEqual(
            summed,
            {this_month - relativedelta(months=3), this_month - relativedelta(months=14)},
            "months before the last are summed, this one is read live",
        )
        self.assertEqual(self.figures(self.Summary), self.figures(self.Report))
        self.assertEqual(
            self.figures(self.Summary, ["date:month"]),
            self.figures(self.Report, ["date:month"]),
        )
        [(sent, answered, rate, csat, score)] = self.figures(self.Summary)
        self.assertIsInstance(sent, int, "counts read as whole numbers")
        [(count,)] = self.Summary._read_group(self.ours, [], ["__count"])
        self.assertEqual(count, 8, "the pivot's Count counts questionnaires, not rows")
        # Weighted by what each row counts: 5 of 8 answered, 3 of 5 rated 4 or 5.
        self.assertEqual((sent, answered), (8, 5))
        self.assertAlmostEqual(rate, 62.5)
        self.assertAlmostEqual(csat, 60.0)
        self.assertAlmostEqual(score, 19 / 5)

    def test_late_answer_is_summed_by_the_next_run(self):
        late = self.answer(None, months_ago=4, written_then=True)
        self.Month._cron_refresh()
        month = fields.Date.today().replace(day=1) - relativedelta(months=4)
        self.assertEqual(self.month_rows()[0]["answer_count"], 0)
        late._save_lines(self.overall, "4")
        late._mark_done()
        self.env.flush_all()
        self.assertEqual(self.month_rows()[0]["answer_count"], 0, "until the next run")
        self.Month._cron_refresh()
        [row] = self.month_rows()
        self.assertEqual(
            (row["month"], row["invitation_count"], row["answer_count"], row["score_total"]),
            (month, 1, 1, 4),
        )
        self.assertEqual(self.figures(self.Summary), self.figures(self.Report))

    def test_a_run_sums_only_what_changed_and_agrees_with_a_full_one(self):
        self.answer(5, months_ago=6, written_then=True)
        self.answer(1, months_ago=9, written_then=True)
        self.Month._cron_refresh()
        # Both were written months ago: nothing changed since the last run.
        since = fields.Datetime.now() - relativedelta(minutes=1)
        self.assertNotIn(
            fields.Date.today().replace(day=1) - relativedelta(months=9),
            self.Month._refresh(since=since),
        )
        incremental = self.month_rows()
        self.Month._refresh()
        self.assertEqual(
            [dict(row, id=0) for row in self.month_rows()],
            [dict(row, id=0) for row in incremental],
        )
        self.Month._cron_refresh()
        self.Month._cron_refresh()
        self.assertEqual(self.Month.search_count(self.ours), 2, "twice sums nothing twice")

    def test_reading_costs_the_same_at_any_number_of_questionnaires(self):
        Summary = self.Summary.with_user(self.manager)
        self.answer(5, months_ago=2)
        self.Month._cron_refresh()
        Summary._read_group(self.ours, ["service_id", "date:quarter"], MEASURES)  # warm-up
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            Summary._read_group(self.ours, ["service_id", "date:quarter"], MEASURES)
        for months_ago in range(2, 14):
            self.answer(4, months_ago=months_ago)
            self.answer(None, months_ago=months_ago)
        self.Month._cron_refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            Summary._read_group(self.ours, ["service_id", "date:quarter"], MEASURES)
        self.assertEqual(self.figures(self.Summary), self.figures(self.Report))

    def test_the_sums_are_read_through_the_analysis_only(self):
        self.answer(5, months_ago=3)
        self.Month._cron_refresh()
        portal = new_test_user(self.env, "br_summary_portal", groups="base.group_portal")
        for user in (self.officer, self.manager, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Month.with_user(user).search_read(self.ours, ["invitation_count"])
        with self.assertRaises(AccessError):
            self.Summary.with_user(portal).search_read(self.ours, ["invitation_count"])
        rows = self.Summary.with_user(self.officer).search_read(self.ours, ["invitation_count"])
        self.assertEqual(sum(row["invitation_count"] for row in rows), 1)
