from odoo import fields, models

# The order in which a request moves forward; cancelled stands apart.
KIND_RANK = {
    "received": 0,
    "completeness": 1,
    "research": 2,
    "committee": 3,
    "decided": 4,
    "delivered": 5,
    "closed": 6,
}
OPEN_KINDS = ("received", "completeness", "research", "committee")


class BeneficiaryRequestStage(models.Model):
    _name = "beneficiary.request.stage"
    _description = "Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
    kind = fields.Selection(
        [
            ("received", "Received"),
            ("completeness", "Completeness Check"),
            ("research", "Social Research"),
            ("committee", "Committee Review"),
            ("decided", "Decided"),
            ("delivered", "Service Delivered"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        help="What this stage means to the application: the rules follow the kind, "
        "never the stage's name.",
    )
    active = fields.Boolean(default=True)
