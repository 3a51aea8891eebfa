from odoo import fields, models

KIND_HELP = (
    "What this stage means to the application: the rules follow the kind, never the stage's name."
)


class BeneficiaryStageMixin(models.AbstractModel):
    """A step of a case's way through the association, configurable by managers. Each stage
    model declares its ``kind`` (``help=KIND_HELP``), the meaning of a step to the
    application."""

    _name = "beneficiary.stage.mixin"
    _description = "Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
