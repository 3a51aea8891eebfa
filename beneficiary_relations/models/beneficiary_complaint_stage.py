from odoo import fields, models

# Stages where the complaint still waits for an answer (the deadline runs).
OPEN_KINDS = ("new", "review", "escalated")
DONE_KINDS = ("resolved", "closed", "rejected")


class BeneficiaryComplaintStage(models.Model):
    _name = "beneficiary.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    description = fields.Text(translate=True)
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
        help="What this stage means to the application: the rules follow the kind, "
        "never the stage's name.",
    )
    active = fields.Boolean(default=True)
