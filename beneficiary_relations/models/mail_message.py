from odoo import api, models

COMPLAINT = "beneficiary.complaint"


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._forget_complaint_concerned_partner()
        return messages

    def write(self, vals):
        result = super().write(vals)
        if "partner_ids" in vals:
            self._forget_complaint_concerned_partner()
        return result

    def _forget_complaint_concerned_partner(self):
        """A message on a complaint never counts the staff member the complaint concerns
        among its recipients, however it was written (a mention, a reply by email copying
        them, an edit): a recipient may read the message, and it names the complaint."""
        on_complaints = self.filtered(lambda m: m.model == COMPLAINT and m.res_id)
        if not on_complaints:
            return
        # sudo: an author may not see who a complaint concerns; only these messages' complaints,
        # found in one query.
        complaints = (
            self.env[COMPLAINT]
            .sudo()
            .search(
                [
                    ("id", "in", list(set(on_complaints.mapped("res_id")))),
                    ("concerned_user_id", "!=", False),
                ]
            )
        )
        for complaint in complaints:
            complaint._forget_concerned_partner_in_messages(on_complaints)
