from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.survey_user_input import SATISFIED
from .beneficiary_satisfaction_analysis import ORIGIN_SQL, ORIGINS

FULL_REBUILD_EVERY = timedelta(days=1)
# Rows written this long before the last refresh are read again: a transaction that was
# still running when it read the answers commits them with its own, earlier, write date.
WRITE_MARGIN = timedelta(days=1)
FULL_PARAM = "beneficiary_relations.satisfaction_month_full_refresh"
REFRESH_PARAM = "beneficiary_relations.satisfaction_month_refresh"
# The columns a month's row holds, as ``_month_query`` selects them.
SUMMED_COLUMNS = [
    "month",
    "company_id",
    "service_id",
    "channel_id",
    "category_id",
    "origin",
    "complaint_id",
    "invitation_count",
    "answer_count",
    "scored_count",
    "satisfied_count",
    "score_total",
]


class BeneficiarySatisfactionMonth(models.Model):
    """The satisfaction questionnaires sent in one month, counted by company, service, intake
    channel, beneficiary category, origin and complaint. The satisfaction analysis reads these
    rows for the months before the last, so that it stays flat in the number of
    questionnaires; ``_refresh`` (an hourly cron) writes them, in SQL, and nothing else."""

    _name = "beneficiary.satisfaction.month"
    _description = "Beneficiary Satisfaction by Month"
    _log_access = False
    _order = "month desc, id"

    month = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, ondelete="cascade")
    service_id = fields.Many2one("beneficiary.service", readonly=True, ondelete="cascade")
    channel_id = fields.Many2one("beneficiary.channel", readonly=True, ondelete="cascade")
    category_id = fields.Many2one("beneficiary.category", readonly=True, ondelete="cascade")
    origin = fields.Selection(ORIGINS, readonly=True)
    complaint_id = fields.Many2one("beneficiary.complaint", readonly=True, ondelete="cascade")
    invitation_count = fields.Integer(string="Questionnaires Sent", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    scored_count = fields.Integer(string="Rated Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Answers", readonly=True)
    score_total = fields.Integer(string="Sum of Scores", readonly=True)

    @api.model
    def _month_query(self, where):
        """The rows of the questionnaires ``where`` selects, one per month and dimension."""
        return SQL(
            """
            SELECT date_trunc('month', ui.create_date)::date AS month,
                   ui.beneficiary_company_id AS company_id,
                   ui.beneficiary_service_id AS service_id,
                   ui.beneficiary_channel_id AS channel_id,
                   ui.beneficiary_category_id AS category_id,
                   %(origin)s AS origin,
                   ui.beneficiary_complaint_id AS complaint_id,
                   COUNT(*) AS invitation_count,
                   COUNT(*) FILTER (WHERE ui.state = 'done') AS answer_count,
                   COUNT(*) FILTER (WHERE ui.state = 'done' AND ui.beneficiary_score > 0)
                       AS scored_count,
                   COUNT(*) FILTER (WHERE ui.state = 'done'
                                      AND ui.beneficiary_score >= %(satisfied)s)
                       AS satisfied_count,
                   COALESCE(SUM(ui.beneficiary_score)
                       FILTER (WHERE ui.state = 'done' AND ui.beneficiary_score > 0), 0)
                       AS score_total,
                   MIN(ui.id) AS first_id
              FROM survey_user_input ui
             WHERE ui.beneficiary_id IS NOT NULL
               AND ui.test_entry IS NOT TRUE
               AND %(where)s
             GROUP BY 1, 2, 3, 4, 5, 6, 7
            """,
            satisfied=SATISFIED,
            origin=ORIGIN_SQL,
            where=where,
        )

    @api.model
    def _summed_before(self):
        """The first day of last month: the months before it are read from this table, the
        rest from the questionnaires themselves."""
        return fields.Date.today().replace(day=1) - relativedelta(months=1)

    @api.model
    def _cron_refresh(self):
        """Sum the months that changed since the last run (answers come in late), the months
        that ended since, and once a day every month (rows that left without a write)."""
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", self._table))
        if not self.env.cr.fetchone()[0]:
            return False  # another runner is summing; it reads what this one would
        # sudo: the parameters are read and written by name, only the cron's own two markers
        params = self.env["ir.config_parameter"].sudo()
        now = self.env.cr.now()
        last_full = fields.Datetime.to_datetime(params.get_param(FULL_PARAM))
        last_run = fields.Datetime.to_datetime(params.get_param(REFRESH_PARAM))
        if not last_full or not last_run or now - last_full >= FULL_REBUILD_EVERY:
            months = self._refresh()
            params.set_param(FULL_PARAM, fields.Datetime.to_string(now))
        else:
            months = self._refresh(since=last_run - WRITE_MARGIN)
        params.set_param(REFRESH_PARAM, fields.Datetime.to_string(now))
        self.env["ir.cron"]._notify_progress(done=len(months), remaining=0)
        return True

    @api.model
    def _refresh(self, since=None):
        """Sum again the months before ``_summed_before()``: all of them, or (``since`` given)
        those with a questionnaire written since then and those not summed yet. Returns the
        months summed."""
        before = self._summed_before()
        months = self._months_to_sum(before, since)
        if since is None:
            self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        for month in months:
            self._sum_month(month)
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE month >= %s", SQL.identifier(self._table), before)
        )
        self.env.invalidate_all()
        return months

    @api.model
    def _months_to_sum(self, before, since=None):
        """The months before ``before`` with a questionnaire: all, or (``since`` given) those
        with one written since then and those after the last month summed."""
        if since is None:
            return self._months_of(SQL("ui.create_date::date < %s", before))
        [(last,)] = self.env.execute_query(
            SQL("SELECT max(month) FROM %s", SQL.identifier(self._table))
        )
        written = self._months_of(
            SQL("ui.write_date >= %s AND ui.create_date::date < %s", since, before)
        )
        after_last = SQL("ui.create_date::date < %s", before)
        if last:
            after_last = SQL(
                "%s AND ui.create_date::date >= %s", after_last, last + relativedelta(months=1)
            )
        return sorted(set(written) | set(self._months_of(after_last)))

    @api.model
    def _months_of(self, where):
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT date_trunc('month', ui.create_date)::date
                     FROM survey_user_input ui
                    WHERE ui.beneficiary_id IS NOT NULL
                      AND ui.test_entry IS NOT TRUE
                      AND %s""",
                where,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _sum_month(self, month):
        table = SQL.identifier(self._table)
        self.env.cr.execute(SQL("DELETE FROM %s WHERE month = %s", table, month))
        in_month = SQL(
            "ui.create_date::date >= %s AND ui.create_date::date < %s",
            month,
            month + relativedelta(months=1),
        )
        columns = SQL(", ").join(SQL.identifier(column) for column in SUMMED_COLUMNS)
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM (%s) AS sums",
                table,
                columns,
                columns,
                self._month_query(in_month),
            )
        )
