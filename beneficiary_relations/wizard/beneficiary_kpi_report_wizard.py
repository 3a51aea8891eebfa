from dateutil.relativedelta import relativedelta
from werkzeug.urls import url_encode

from odoo import api, fields, models


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

    @api.model
    def _default_from(self):
        """The first day of last month."""
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    @api.model
    def _default_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    def action_download(self):
        self.ensure_one()
        # Checked here for a clear message; the controller checks again.
        self.env["beneficiary.kpi"]._options(
            self.date_from, self.date_to, self.company_id, self.service_ids, self.category_ids
        )
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
