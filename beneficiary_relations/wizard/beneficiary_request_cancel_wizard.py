from odoo import fields, models


class BeneficiaryRequestCancelWizard(models.TransientModel):
    _name = "beneficiary.request.cancel.wizard"
    _description = "Cancel Service Requests"

    request_ids = fields.Many2many("beneficiary.request", string="Requests", required=True)
    reason = fields.Text(required=True, help="Told to the beneficiary with the cancellation.")

    def action_cancel(self):
        self.ensure_one()
        stage = self.request_ids._stage_of_kind("cancelled")
        # One write: the reason and the move, so that the rule and the notice both see it.
        self.request_ids.write({"cancel_reason": self.reason, "stage_id": stage.id})
        return {"type": "ir.actions.act_window_close"}
