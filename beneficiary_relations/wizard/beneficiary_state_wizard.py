from odoo import fields, models


class BeneficiaryStateWizard(models.TransientModel):
    _name = "beneficiary.state.wizard"
    _description = "Suspend or Archive Beneficiaries"

    beneficiary_ids = fields.Many2many("beneficiary.beneficiary", required=True)
    new_state = fields.Selection(
        [("suspended", "Suspend"), ("archived", "Archive")], required=True, default="suspended"
    )
    reason = fields.Text(required=True)

    def action_apply(self):
        self.beneficiary_ids.write({"state": self.new_state, "state_reason": self.reason})
        return {"type": "ir.actions.act_window_close"}
