from odoo import api, fields, models
from odoo.tools import create_index

SATISFIED = 4  # on the 1-5 scale, 4 and 5 count as satisfied (CSAT)


class SurveyUserInput(models.Model):
    _name = "survey.user_input"
    _inherit = ["survey.user_input", "beneficiary.notifier.mixin"]
    _notice_prefix = "survey"

    beneficiary_request_id = fields.Many2one(
        "beneficiary.request", string="Service Request", index="btree_not_null", ondelete="set null"
    )
    beneficiary_complaint_id = fields.Many2one(
        "beneficiary.complaint", string="Complaint", index="btree_not_null", ondelete="set null"
    )
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", index="btree_not_null", ondelete="set null"
    )
    beneficiary_service_id = fields.Many2one(
        related="beneficiary_request_id.service_id", string="Service", store=True
    )
    beneficiary_channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Intake Channel",
        compute="_compute_beneficiary_channel_id",
        store=True,
    )
    beneficiary_category_id = fields.Many2one(
        related="beneficiary_id.category_id", string="Beneficiary Category", store=True
    )
    beneficiary_company_id = fields.Many2one(
        "res.company",
        compute="_compute_beneficiary_company_id",
        store=True,
        index="btree_not_null",
        help="The company of the complaint, request or beneficiary the answer is about: other "
        "companies may not read it.",
    )
    beneficiary_complaint_hidden = fields.Boolean(
        compute="_compute_beneficiary_complaint_hidden",
        search="_search_beneficiary_complaint_hidden",
        help="The answer is about a complaint the current user may not read.",
    )
    beneficiary_score = fields.Integer(
        string="Overall Satisfaction",
        compute="_compute_beneficiary_score",
        store=True,
        help="The answer to the overall satisfaction question, from 1 to 5.",
    )

    def init(self):
        result = super().init()
        # The satisfaction report reads the beneficiaries' answers by the day they were sent
        # (its default period is the last 12 months).
        create_index(
            self.env.cr,
            "survey_user_input_beneficiary_date_index",
            self._table,
            ["(create_date::date)", "beneficiary_company_id"],
            where="beneficiary_id IS NOT NULL AND test_entry IS NOT TRUE",
        )
        # The hourly sum of the satisfaction months looks for the answers written since.
        create_index(
            self.env.cr,
            "survey_user_input_beneficiary_write_index",
            self._table,
            ["write_date"],
            where="beneficiary_id IS NOT NULL AND test_entry IS NOT TRUE",
        )
        return result

    @api.depends("beneficiary_request_id.channel_id", "beneficiary_complaint_id.channel_id")
    def _compute_beneficiary_channel_id(self):
        for answer in self:
            answer.beneficiary_channel_id = (
                answer.beneficiary_request_id.channel_id
                or answer.beneficiary_complaint_id.channel_id
            )

    @api.depends(
        "beneficiary_complaint_id.company_id",
        "beneficiary_request_id.company_id",
        "beneficiary_id.company_id",
    )
    def _compute_beneficiary_company_id(self):
        for answer in self:
            answer.beneficiary_company_id = (
                answer.beneficiary_complaint_id.company_id
                or answer.beneficiary_request_id.company_id
                or answer.beneficiary_id.company_id
            )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_beneficiary_complaint_hidden(self):
        complaint_ids = self.beneficiary_complaint_id.ids
        readable = self.env["beneficiary.complaint"]._readable_ids(complaint_ids)
        for answer in self:
            complaint = answer.beneficiary_complaint_id
            answer.beneficiary_complaint_hidden = bool(complaint) and complaint.id not in readable

    def _search_beneficiary_complaint_hidden(self, operator, value):
        return self.env["beneficiary.complaint"]._hidden_complaint_domain(
            "beneficiary_complaint_id", operator, value
        )

    @api.depends("user_input_line_ids.value_scale", "user_input_line_ids.skipped")
    def _compute_beneficiary_score(self):
        overall = self.env.ref(
            "beneficiary_relations.survey_beneficiary_satisfaction_q_overall",
            raise_if_not_found=False,
        )
        for answer in self:
            line = answer.user_input_line_ids.filtered(
                lambda ln: ln.question_id == overall and not ln.skipped
            )[:1]
            answer.beneficiary_score = line.value_scale if line else 0

    # Invitations (notices) ------------------------------------------------------------------

    def _notice_thread(self):
        """Invitations are traced on the beneficiary's file."""
        return self.beneficiary_id

    def _notice_company(self):
        return self.beneficiary_company_id or self.beneficiary_id.company_id
