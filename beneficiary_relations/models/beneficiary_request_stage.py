from odoo import fields, models

from .beneficiary_stage_mixin import KIND_HELP

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
    _inherit = ["beneficiary.stage.mixin"]
    _description = "Request Stage"
    _order = "sequence, id"

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
        help=KIND_HELP,
    )
