from odoo import models

from ..tools.bidi import isolate_ltr_runs


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        """This addon's PDFs are read in Arabic: numbers and Latin words inside Arabic text
        are set apart so that wkhtmltopdf lays the line out right (see ``tools.bidi``)."""
        if self.report_name and self.report_name.startswith("beneficiary_relations."):
            html = isolate_ltr_runs(html)
        return super()._prepare_html(html, report_model=report_model)
