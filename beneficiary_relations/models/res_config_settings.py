from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_declaration = fields.Text(
        related="company_id.beneficiary_declaration", readonly=False
    )
    beneficiary_calendar_id = fields.Many2one(
        related="company_id.beneficiary_calendar_id", readonly=False
    )
    beneficiary_response_days = fields.Integer(
        related="company_id.beneficiary_response_days", readonly=False
    )
    beneficiary_reminder_days = fields.Integer(
        related="company_id.beneficiary_reminder_days", readonly=False
    )
    beneficiary_escalation_user_ids = fields.Many2many(
        related="company_id.beneficiary_escalation_user_ids", readonly=False
    )
