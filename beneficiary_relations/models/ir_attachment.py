from odoo import models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        self._check_not_in_superseded_policy()
        return super().write(vals)

    def unlink(self):
        self._check_not_in_superseded_policy()
        return super().unlink()

    def _check_not_in_superseded_policy(self):
        """The files of a superseded policy stay as they were approved (the code itself, such
        as uninstalling, works as the superuser)."""
        if self.env.su:
            return
        policy_ids = [a.res_id for a in self if a.res_model == "beneficiary.policy"]
        if not policy_ids:
            return
        # sudo: only whether those policies are superseded is read.
        superseded = (
            self.env["beneficiary.policy"]
            .sudo()
            .search([("id", "in", policy_ids), ("state", "=", "superseded")], limit=1)
        )
        if superseded:
            raise UserError(
                self.env._(
                    "%s is superseded: its files are kept as they were approved.",
                    superseded.display_name,
                )
            )
