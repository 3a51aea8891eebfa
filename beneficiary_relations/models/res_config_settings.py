from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_declaration = fields.Text(
        related="company_id.beneficiary_declaration", readonly=False
    )
    beneficiary_calendar_id = fields.Many2one(
        related="company_id.beneficiary_calendar_id", readonly=False
    )
    beneficiary_response_days = fields.Integer(
        related="company_id.beneficiary_response_days", readonly=False
    )
    beneficiary_reminder_days = fields.Integer(
        related="company_id.beneficiary_reminder_days", readonly=False
    )
    beneficiary_escalation_user_ids = fields.Many2many(
        related="company_id.beneficiary_escalation_user_ids", readonly=False
    )
    beneficiary_overdue_extension_days = fields.Integer(
        related="company_id.beneficiary_overdue_extension_days", readonly=False
    )
    beneficiary_complaint_days = fields.Integer(
        related="company_id.beneficiary_complaint_days", readonly=False
    )
    beneficiary_suggestion_days = fields.Integer(
        related="company_id.beneficiary_suggestion_days", readonly=False
    )
    beneficiary_inquiry_days = fields.Integer(
        related="company_id.beneficiary_inquiry_days", readonly=False
    )
    beneficiary_max_upload_mb = fields.Integer(
        related="company_id.beneficiary_max_upload_mb", readonly=False
    )
    beneficiary_policy_reminder_days = fields.Integer(
        related="company_id.beneficiary_policy_reminder_days", readonly=False
    )
    beneficiary_document_expiry_days = fields.Integer(
        related="company_id.beneficiary_document_expiry_days", readonly=False
    )
    beneficiary_survey_interval_months = fields.Integer(
        related="company_id.beneficiary_survey_interval_months", readonly=False
    )
    beneficiary_complaint_alias_id = fields.Many2one(
        "mail.alias", compute="_compute_beneficiary_complaint_alias_id"
    )
    beneficiary_complaint_alias_name = fields.Char(
        string="Complaints Email Address",
        compute="_compute_beneficiary_complaint_alias_id",
        inverse="_inverse_beneficiary_complaint_alias_name",
    )

    def _compute_beneficiary_complaint_alias_id(self):
        alias = self.env.ref(
            "beneficiary_relations.mail_alias_complaints", raise_if_not_found=False
        )
        for settings in self:
            settings.beneficiary_complaint_alias_id = alias
            settings.beneficiary_complaint_alias_name = alias.alias_name if alias else False

    def _inverse_beneficiary_complaint_alias_name(self):
        for settings in self.filtered("beneficiary_complaint_alias_id"):
            # sudo: the addon's own complaints alias, renamed from Settings (system users only).
            settings.beneficiary_complaint_alias_id.sudo().alias_name = (
                settings.beneficiary_complaint_alias_name
            )
