from odoo import api, fields, models

from .res_company import RESPONSE_POLICIES


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
    beneficiary_response_policy = fields.Selection(
        related="company_id.beneficiary_response_policy", readonly=False
    )
    beneficiary_response_in_force = fields.Char(
        string="Response Time in Force", compute="_compute_beneficiary_response_in_force"
    )
    beneficiary_fitr_after_day = fields.Integer(
        related="company_id.beneficiary_fitr_after_day", readonly=False
    )
    beneficiary_fitr_days = fields.Integer(
        related="company_id.beneficiary_fitr_days", readonly=False
    )
    beneficiary_adha_from_day = fields.Integer(
        related="company_id.beneficiary_adha_from_day", readonly=False
    )
    beneficiary_adha_days = fields.Integer(
        related="company_id.beneficiary_adha_days", readonly=False
    )
    beneficiary_holiday_weekend_shift = fields.Boolean(
        related="company_id.beneficiary_holiday_weekend_shift", readonly=False
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
    beneficiary_appeal_days = fields.Integer(
        related="company_id.beneficiary_appeal_days", readonly=False
    )
    beneficiary_appeal_response_days = fields.Integer(
        related="company_id.beneficiary_appeal_response_days", readonly=False
    )
    beneficiary_complaint_alias_id = fields.Many2one(
        "mail.alias", compute="_compute_beneficiary_complaint_alias_id"
    )
    beneficiary_complaint_alias_name = fields.Char(
        string="Complaints Email Address",
        compute="_compute_beneficiary_complaint_alias_id",
        inverse="_inverse_beneficiary_complaint_alias_name",
    )

    @api.onchange("beneficiary_response_policy")
    def _onchange_beneficiary_response_policy(self):
        days = RESPONSE_POLICIES.get(self.beneficiary_response_policy)
        if days:
            self.beneficiary_response_days = days

    @api.onchange("beneficiary_response_days")
    def _onchange_beneficiary_response_days(self):
        by_days = {days: policy for policy, days in RESPONSE_POLICIES.items()}
        self.beneficiary_response_policy = by_days.get(self.beneficiary_response_days, "custom")

    @api.depends("beneficiary_response_policy", "beneficiary_response_days")
    def _compute_beneficiary_response_in_force(self):
        for settings in self:
            notes = {
                "policy_002": self.env._(
                    "In force: a decision within 15 working days of the request being complete "
                    "(policy 002)."
                ),
                "two_weeks": self.env._(
                    "In force: a decision within two weeks, 10 working days, of the request "
                    "being complete (policies 000, 001, 003 and 004)."
                ),
            }
            settings.beneficiary_response_in_force = notes.get(
                settings.beneficiary_response_policy
            ) or self.env._(
                "In force: the association's own period, %s working days from the request "
                "being complete.",
                settings.beneficiary_response_days,
            )

    def action_beneficiary_holidays(self):
        self.ensure_one()
        # Saved first, so that the holidays shown follow the settings on screen.
        self.execute()
        return self.env["beneficiary.holiday"].action_open_leaves(self.company_id)

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
