from odoo import api, fields, models

COMPLAINT = "beneficiary.complaint"


class MailNotification(models.Model):
    _inherit = "mail.notification"

    beneficiary_complaint_hidden = fields.Boolean(
        compute="_compute_beneficiary_complaint_hidden",
        search="_search_beneficiary_complaint_hidden",
        help="The notified message is on a complaint the current user may not read: the "
        "notification would name the complaint and who it was sent to.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_beneficiary_complaint_hidden(self):
        # sudo: reads only the document (model, id) of each notified message
        document_of = {
            notification.id: (
                notification.mail_message_id.model,
                notification.mail_message_id.res_id,
            )
            for notification in self.sudo()
        }
        complaint_ids = {res_id for model, res_id in document_of.values() if model == COMPLAINT}
        readable = self.env[COMPLAINT]._readable_ids(complaint_ids)
        for notification in self:
            model, res_id = document_of[notification.id]
            notification.beneficiary_complaint_hidden = (
                model == COMPLAINT and res_id not in readable
            )

    def _search_beneficiary_complaint_hidden(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Unsupported operator {operator!r}")
        readable = self.env[COMPLAINT]._readable_query()
        # sudo: messages picked by document only (mail.message's search checks each one in Python)
        hidden_messages = (
            self.env["mail.message"]
            .sudo()
            ._search([("model", "=", COMPLAINT), ("res_id", "not in", readable)])
        )
        if (operator == "=") == bool(value):
            return [("mail_message_id", "in", hidden_messages)]
        return [("mail_message_id", "not in", hidden_messages)]
