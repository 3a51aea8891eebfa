from odoo import fields, models


class BeneficiaryChannel(models.Model):
    _name = "beneficiary.channel"
    _description = "Intake Channel"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code used by the application.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "An intake channel with this code already exists."),
    ]
