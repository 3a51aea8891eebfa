from odoo import fields, models

from ..tools.groups import RESEARCHER


class BeneficiaryRequestResearchWizard(models.TransientModel):
    """Asks for the social researcher when a request goes to research without one."""

    _name = "beneficiary.request.research.wizard"
    _description = "Refer to Social Research"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    researcher_id = fields.Many2one(
        "res.users",
        string="Social Researcher",
        required=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(RESEARCHER).ids),
            ("share", "=", False),
        ],
    )

    def action_apply(self):
        self.ensure_one()
        request = self.request_id
        request.write({"researcher_id": self.researcher_id.id, "research_required": True})
        request._move_to_kind("research")
        return {"type": "ir.actions.act_window_close"}
