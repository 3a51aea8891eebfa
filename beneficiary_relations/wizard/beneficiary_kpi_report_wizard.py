from dateutil.relativedelta import relativedelta
from werkzeug.urls import url_encode

from odoo import Command, api, fields, models
from odoo.tools import format_date


class BeneficiaryKpiReportWizard(models.TransientModel):
    _name = "beneficiary.kpi.report.wizard"
    _description = "KPI Workbook"

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_to())
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    service_ids = fields.Many2many(
        "beneficiary.service",
        string="Services",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Requests and satisfaction answers of these services only. Empty: all.",
    )
    category_ids = fields.Many2many(
        "beneficiary.category",
        string="Beneficiary Categories",
        domain="[('company_id', 'in', [company_id, False])]",
        help="Requests, complaints and satisfaction answers of beneficiaries in these "
        "categories only (anonymous complaints then leave the figures). Empty: all.",
    )
    in_background = fields.Boolean(
        compute="_compute_in_background",
        help="A period this long is prepared in the background rather than downloaded at once.",
    )

    @api.depends("date_from", "date_to")
    def _compute_in_background(self):
        days = self.env["beneficiary.kpi.export"]._background_days()
        for wizard in self:
            wizard.in_background = bool(
                wizard.date_from
                and wizard.date_to
                and (wizard.date_to - wizard.date_from).days + 1 > days
            )

    @api.model
    def _default_from(self):
        """The first day of last month."""
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    @api.model
    def _default_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    def _check_options(self):
        return self.env["beneficiary.kpi"]._options(
            self.date_from, self.date_to, self.company_id, self.service_ids, self.category_ids
        )

    def action_download(self):
        """The workbook at once, or in the background for a long period."""
        self.ensure_one()
        if self.in_background:
            return self.action_prepare_in_background()
        # Checked here for a clear message; the controller checks again.
        self._check_options()
        params = {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "company_id": self.company_id.id,
        }
        if self.service_ids:
            params["service_ids"] = ",".join(map(str, self.service_ids.ids))
        if self.category_ids:
            params["category_ids"] = ",".join(map(str, self.category_ids.ids))
        return {
            "type": "ir.actions.act_url",
            "url": f"/beneficiary_relations/report/kpi.xlsx?{url_encode(params)}",
            "target": "download",
        }

    def action_prepare_in_background(self):
        """Queue the workbook for the scheduled action, which builds it as this manager and
        tells them in their inbox when it is ready."""
        self.ensure_one()
        self._check_options()
        self.env["beneficiary.kpi.export"].create(
            {
                "user_id": self.env.user.id,
                "company_id": self.company_id.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "service_ids": [Command.set(self.service_ids.ids)],
                "category_ids": [Command.set(self.category_ids.ids)],
            }
        )
        # sudo: only wakes the scheduled action up now (managers cannot read scheduled
        # actions); it builds queued workbooks only, each as the manager who asked.
        self.env.ref("beneficiary_relations.ir_cron_kpi_exports").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("KPI workbook being prepared"),
                "message": self.env._(
                    "The workbook of %(start)s to %(end)s is being prepared. You will be told "
                    "in your inbox when it is ready; it will also be under Reporting, KPI "
                    "Workbooks Prepared.",
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
