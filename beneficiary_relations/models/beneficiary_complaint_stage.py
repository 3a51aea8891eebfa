from odoo import fields, models

from .beneficiary_stage_mixin import KIND_HELP

# Stages where the complaint still waits for an answer (the deadline runs).
OPEN_KINDS = ("new", "review", "escalated")
DONE_KINDS = ("resolved", "closed", "rejected")


class BeneficiaryComplaintStage(models.Model):
    _name = "beneficiary.complaint.stage"
    _inherit = ["beneficiary.stage.mixin"]
    _description = "Complaint Stage"
    _order = "sequence, id"

    kind = fields.Selection(
        [
            ("new", "New"),
            ("review", "Under Review"),
            ("escalated", "Escalated"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
            ("rejected", "Rejected as Unfounded"),
        ],
        required=True,
        help=KIND_HELP,
    )
