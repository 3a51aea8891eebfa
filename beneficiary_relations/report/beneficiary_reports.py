"""The values of the printable documents: dates in Hijri beside the Gregorian, the writing
direction of each document's language, the request's tracking link and its QR code."""

import base64
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import format_hijri


class BeneficiaryReportHelpers(models.AbstractModel):
    _name = "beneficiary.report.helpers"
    _description = "Beneficiary Relations Printable Documents"

    @api.model
    def _get_report_values(self, docids, data=None):
        report = self.env["ir.actions.report"]._get_report(self._name.removeprefix("report."))
        docs = self.env[report.model].browse(docids)
        self._check_printable(docs)
        return {
            "doc_ids": docids,
            "doc_model": report.model,
            "docs": docs,
            "data": data,
            "hijri": self._hijri,
            "direction": self._direction,
            "masked": self._masked,
            "today": fields.Date.context_today(self),
            **self._extra_values(docs),
        }

    def _check_printable(self, docs):
        """Refuse documents that would say nothing true."""

    def _extra_values(self, docs):
        return {}

    @api.model
    def _hijri(self, day, lang=None):
        if isinstance(day, str):
            day = fields.Date.to_date(day)
        if isinstance(day, datetime):
            day = fields.Date.context_today(self, day)
        return format_hijri(day, lang or self.env.lang) if day else ""

    @api.model
    def _direction(self, lang=None):
        data = self.env["res.lang"]._get_data(code=lang or self.env.lang or "en_US")
        return data.direction or "ltr"

    @api.model
    def _masked(self, number):
        """An ID number on a paper the beneficiary carries: its last four digits only."""
        number = number or ""
        return "•" * max(len(number) - 4, 0) + number[-4:]


class ReportRequestReceipt(models.AbstractModel):
    _name = "report.beneficiary_relations.report_request_receipt"
    _inherit = "beneficiary.report.helpers"
    _description = "Request Receipt"

    def _extra_values(self, docs):
        links = {request.id: request.get_base_url() + request.get_portal_url() for request in docs}
        Report = self.env["ir.actions.report"]
        qr_codes = {
            request_id: "data:image/png;base64,%s"
            % base64.b64encode(Report.barcode("QR", link, width=160, height=160)).decode()
            for request_id, link in links.items()
        }
        return {"tracking_links": links, "qr_codes": qr_codes}


class ReportRequestDecision(models.AbstractModel):
    _name = "report.beneficiary_relations.report_request_decision"
    _inherit = "beneficiary.report.helpers"
    _description = "Decision Letter"

    def _check_printable(self, docs):
        undecided = docs.filtered(lambda r: not r.decision)
        if undecided:
            raise UserError(
                self.env._(
                    "%s has no committee decision yet: there is no letter to print.",
                    undecided[0].name,
                )
            )


class ReportBeneficiaryDeclaration(models.AbstractModel):
    _name = "report.beneficiary_relations.report_beneficiary_declaration"
    _inherit = "beneficiary.report.helpers"
    _description = "Data Accuracy Declaration Form"


class ReportBeneficiaryFile(models.AbstractModel):
    _name = "report.beneficiary_relations.report_beneficiary_file"
    _inherit = "beneficiary.report.helpers"
    _description = "Beneficiary File Summary"

    def _extra_values(self, docs):
        # Under the reader's own rules: a confidential document is listed only for those who
        # may open it; its presence still counts in the registration checks.
        return {
            "documents": {
                beneficiary.id: beneficiary.document_ids.sorted("expiry_date")
                for beneficiary in docs
            },
            "requests": {
                beneficiary.id: beneficiary.request_ids.sorted("date_received", reverse=True)
                for beneficiary in docs
            },
        }


class ReportServiceChecklist(models.AbstractModel):
    _name = "report.beneficiary_relations.report_service_checklist"
    _inherit = "beneficiary.report.helpers"
    _description = "Service Criteria and Documents Checklist"

    def _extra_values(self, docs):
        registration = self.env["beneficiary.document.type"].search(
            [("required_for_registration", "=", True)]
        )
        return {"registration_documents": registration}


class ReportCompensationDecision(models.AbstractModel):
    _name = "report.beneficiary_relations.report_compensation_decision"
    _inherit = "beneficiary.report.helpers"
    _description = "Compensation Decision"
