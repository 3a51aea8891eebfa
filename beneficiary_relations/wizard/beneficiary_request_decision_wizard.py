from odoo import fields, models


class BeneficiaryRequestDecisionWizard(models.TransientModel):
    _name = "beneficiary.request.decision.wizard"
    _description = "Committee Decision"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    decision = fields.Selection(
        [
            ("approved", "Approve"),
            ("rejected", "Reject"),
            ("more_info", "More Information Needed"),
        ],
        required=True,
        default="approved",
    )
    note = fields.Text(string="Reason or Missing Information")
    member_ids = fields.Many2many(
        "res.users", string="Members Present", default=lambda self: self.env.user
    )
    minutes = fields.Binary()
    minutes_name = fields.Char()

    def action_apply(self):
        self.ensure_one()
        self.request_id._apply_decision(
            self.decision, self.note, self.member_ids, self.minutes, self.minutes_name
        )
        return {"type": "ir.actions.act_window_close"}
