from odoo import fields, models


class BeneficiaryComplaintEscalateWizard(models.TransientModel):
    _name = "beneficiary.complaint.escalate.wizard"
    _description = "Escalate a Complaint to Top Management"

    complaint_id = fields.Many2one("beneficiary.complaint", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_escalate(self):
        self.ensure_one()
        self.complaint_id._escalate(self.reason)
        return {"type": "ir.actions.act_window_close"}
