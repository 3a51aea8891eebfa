from odoo import api, fields, models


class BeneficiaryComplaintEscalateWizard(models.TransientModel):
    _name = "beneficiary.complaint.escalate.wizard"
    _description = "Escalate a Complaint to Top Management"

    complaint_id = fields.Many2one("beneficiary.complaint", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_complaint_readable(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_complaint_readable([vals])
        return super().write(vals)

    def action_escalate(self):
        self.ensure_one()
        self.complaint_id._escalate(self.reason)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _check_complaint_readable(self, vals_list):
        """Only a complaint the user may read can be escalated here: the wizard shows its
        reference, which is read as superuser."""
        complaint_ids = {vals["complaint_id"] for vals in vals_list if vals.get("complaint_id")}
        self.env["beneficiary.complaint"].browse(complaint_ids).check_access("read")
