from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_declaration = fields.Text(
        related="company_id.beneficiary_declaration", readonly=False
    )
