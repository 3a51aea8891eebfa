import tempfile

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from ..tools import run_in_batches
from ..tools.groups import MANAGER, OFFICER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BeneficiaryKpiDigest(models.Model):
    """The monthly digest of the indicators sent to one person for one month: the record that
    it was sent (never twice, also enforced by the database), the headline figures it gave and
    the workbook attached, both computed under that person's own access rules. Each person
    reads only their own."""

    _name = "beneficiary.kpi.digest"
    _description = "Monthly Indicators Digest"
    _order = "period desc, id desc"
    _rec_name = "period"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    period = fields.Date(
        string="Month", required=True, readonly=True, help="The first day of the month covered."
    )
    user_id = fields.Many2one(
        "res.users", string="Recipient", required=True, readonly=True, ondelete="cascade"
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Workbook", readonly=True)
    requests_received = fields.Integer(readonly=True)
    requests_decided = fields.Integer(readonly=True)
    requests_on_time_rate = fields.Float(string="Decided on Time (%)", readonly=True)
    requests_median_days = fields.Float(string="Median Working Days to Decision", readonly=True)
    requests_open = fields.Integer(string="Requests Awaiting a Decision", readonly=True)
    requests_overdue = fields.Integer(readonly=True)
    complaints_received = fields.Integer(readonly=True)
    other_feedback_received = fields.Integer(
        string="Suggestions, Inquiries and Praise Received", readonly=True
    )
    complaints_answered = fields.Integer(readonly=True)
    complaints_on_time_rate = fields.Float(string="Answered on Time (%)", readonly=True)
    complaints_amicable_rate = fields.Float(string="Settled Amicably (%)", readonly=True)
    complaints_escalated = fields.Integer(readonly=True)
    complaints_open = fields.Integer(readonly=True)
    complaints_overdue = fields.Integer(readonly=True)
    survey_sent = fields.Integer(string="Questionnaires Sent", readonly=True)
    survey_answers = fields.Integer(string="Answers", readonly=True)
    survey_response_rate = fields.Float(string="Response Rate (%)", readonly=True)
    csat = fields.Float(string="CSAT (%)", readonly=True)
    policy_staff = fields.Integer(string="Staff Who Must Acknowledge the Policy", readonly=True)
    policy_coverage = fields.Float(string="Policy Acknowledgement Coverage (%)", readonly=True)

    _sql_constraints = [
        (
            "period_user_uniq",
            "unique(company_id, period, user_id)",
            "This month's digest was already sent to this person.",
        ),
    ]

    @api.model
    def _cron_send_digests(self, batch_size=5, max_batches=20):
        """Last month's digest to each manager and escalation recipient of each company who
        has not had it: in committed batches, each digest recorded in the transaction that
        queues its mail, so that a second run or a run after a crash sends nothing twice."""
        period = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        Users = self.env["res.users"]
        steps = []
        for company in self.env["res.company"].search([]):
            recipients = self._digest_recipients(company)
            # sudo: which of these people already had this month's digest (each reads only
            # their own); the records are not shown.
            sent = (
                self.sudo()
                .search([("company_id", "=", company.id), ("period", "=", period)])
                .user_id
            )
            todo = recipients - sent
            if todo:
                steps.append(
                    (
                        Users,
                        [("id", "in", todo.ids)],
                        "id",
                        lambda users, company=company: self._send_digests(company, period, users),
                    )
                )
        return run_in_batches(
            self.env,
            "beneficiary.kpi.digest",
            steps,
            batch_size,
            batch_size * max_batches,
            lock_records=False,
        )

    @api.model
    def _digest_recipients(self, company):
        """The company's Beneficiary Relations managers and escalation recipients who work
        in the app and can receive mail."""
        managers = self.env.ref(MANAGER).users
        recipients = managers | company.beneficiary_escalation_user_ids
        return recipients.filtered(
            lambda u: u.active
            and not u.share
            and u.email
            and company in u.company_ids
            and u.has_group(OFFICER)
        )

    @api.model
    def _send_digests(self, company, period, users):
        template = self.env.ref("beneficiary_relations.mail_template_kpi_digest")
        for user in users:
            # sudo: the same check as the unique constraint, across every reader's digests.
            if self.sudo().search_count(
                [
                    ("company_id", "=", company.id),
                    ("period", "=", period),
                    ("user_id", "=", user.id),
                ]
            ):
                continue
            digest = self._make_digest(company, period, user)
            template.send_mail(
                digest.id,
                email_values={"attachment_ids": [Command.link(digest.attachment_id.id)]},
            )

    @api.model
    def _make_digest(self, company, period, user):
        """The digest of ``period`` for ``user``: figures and workbook computed as them, under
        their own rules (a complaint about them is in neither), in their language."""
        lang = user.lang or self.env.lang
        Kpi = self.env["beneficiary.kpi"].with_user(user).with_context(lang=lang)
        options = Kpi._make_options(
            period, period + relativedelta(months=1, days=-1), company.with_user(user)
        )
        Kpi = Kpi._in_company(options)
        figures = {key: value for key, _clause, _label, value, _kind in Kpi._summary(options)}
        with tempfile.TemporaryFile() as out:
            Kpi._build_xlsx(out, options)
            out.seek(0)
            workbook = out.read()

        def percent(key):
            value = figures.get(key)
            return 100 * value if value is not None else 0.0

        # sudo: the application's record of the digest it sends (cron); each person reads
        # only their own.
        digest = self.sudo().create(
            {
                "company_id": company.id,
                "period": period,
                "user_id": user.id,
                "date_sent": fields.Datetime.now(),
                "requests_received": figures["requests_received"],
                "requests_decided": figures["requests_decided"],
                "requests_on_time_rate": percent("requests_on_time_rate"),
                "requests_median_days": figures["requests_median_days"] or 0.0,
                "requests_open": figures["requests_open"],
                "requests_overdue": figures["requests_overdue"],
                "complaints_received": figures["received_complaint"],
                "other_feedback_received": sum(
                    figures[f"received_{kind}"] for kind in ("suggestion", "inquiry", "praise")
                ),
                "complaints_answered": figures["complaints_answered"],
                "complaints_on_time_rate": percent("complaints_on_time_rate"),
                "complaints_amicable_rate": percent("complaints_amicable_rate"),
                "complaints_escalated": figures["complaints_escalated"],
                "complaints_open": figures["complaints_open"],
                "complaints_overdue": figures["complaints_overdue"],
                "survey_sent": figures["survey_sent"],
                "survey_answers": figures["survey_answers"],
                "survey_response_rate": percent("survey_response_rate"),
                "csat": percent("csat"),
                "policy_staff": figures["policy_staff"],
                "policy_coverage": percent("policy_coverage"),
            }
        )
        # sudo: the workbook belongs to the digest, which only its recipient reads.
        digest.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": Kpi._workbook_name(options),
                    "raw": workbook,
                    "mimetype": XLSX,
                    "res_model": self._name,
                    "res_id": digest.id,
                }
            )
        )
        return digest
