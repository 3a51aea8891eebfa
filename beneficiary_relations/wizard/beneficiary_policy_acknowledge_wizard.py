from odoo import fields, models


class BeneficiaryPolicyAcknowledgeWizard(models.TransientModel):
    _name = "beneficiary.policy.acknowledge.wizard"
    _description = "Read and Acknowledge the Policy"

    policy_id = fields.Many2one(
        "beneficiary.policy", required=True, readonly=True, ondelete="cascade"
    )
    name = fields.Char(related="policy_id.name", string="Title")
    version = fields.Char(related="policy_id.version")
    approving_body = fields.Char(related="policy_id.approving_body")
    resolution_number = fields.Char(related="policy_id.resolution_number")
    approval_date = fields.Date(related="policy_id.approval_date")
    approval_date_hijri = fields.Char(related="policy_id.approval_date_hijri")
    body = fields.Html(related="policy_id.body", string="Text")

    def action_acknowledge(self):
        self.ensure_one()
        self.policy_id.action_acknowledge()
        return self.env["beneficiary.policy"]._app_home_action()

    def action_later(self):
        return self.env["beneficiary.policy"]._app_home_action()
