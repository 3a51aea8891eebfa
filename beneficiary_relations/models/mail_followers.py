from odoo import api, fields, models

COMPLAINT = "beneficiary.complaint"


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    beneficiary_complaint_hidden = fields.Boolean(
        compute="_compute_beneficiary_complaint_hidden",
        search="_search_beneficiary_complaint_hidden",
        help="The followed document is a complaint the current user may not read: its "
        "followers would name the complainant.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_beneficiary_complaint_hidden(self):
        on_complaints = self.filtered(lambda f: f.res_model == COMPLAINT)
        readable = self.env[COMPLAINT]._readable_ids(on_complaints.mapped("res_id"))
        for follower in self:
            follower.beneficiary_complaint_hidden = (
                follower in on_complaints and follower.res_id not in readable
            )

    def _search_beneficiary_complaint_hidden(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Unsupported operator {operator!r}")
        readable = self.env[COMPLAINT]._readable_query()
        if (operator == "=") == bool(value):
            return [("res_model", "=", COMPLAINT), ("res_id", "not in", readable)]
        return ["|", ("res_model", "!=", COMPLAINT), ("res_id", "in", readable)]
