from odoo import api, models
from odoo.exceptions import UserError

MODULE = "beneficiary_relations"


class BeneficiaryNoticeTemplateMixin(models.AbstractModel):
    """The mail and SMS templates the addon ships (its notices and replies): managers edit and
    translate them from Beneficiary Relations > Configuration; nobody deletes them, which would
    leave beneficiaries uninformed (a mail template is archived to switch its notice off)."""

    _name = "beneficiary.notice.template.mixin"
    _description = "Notice Templates of Beneficiary Relations"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_beneficiary_notice(self):
        notices = self._beneficiary_notice_templates()
        if notices:
            raise UserError(
                self.env._(
                    "These templates give the Beneficiary Relations notices and cannot be "
                    "deleted: %s. Edit their text instead, or archive a mail template to switch "
                    "its notice off.",
                    ", ".join(notices.mapped("name")),
                )
            )

    def _beneficiary_notice_templates(self):
        """Those of ``self`` that the addon ships."""
        # sudo: which records the addon ships is no secret; only their ids are read.
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [("module", "=", MODULE), ("model", "=", self._name), ("res_id", "in", self.ids)]
            )
        )
        return self.browse(data.mapped("res_id"))

    @api.model
    def _action_beneficiary_notice_templates(self):
        """The window listing the templates the addon ships, archived ones included."""
        # sudo: the list of the addon's own records, to filter the window on.
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", MODULE), ("model", "=", self._name)])
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notice Templates"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", data.mapped("res_id"))],
            "context": {"active_test": False},
        }
