import uuid

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import format_hijri
from ..tools.groups import OFFICER, RESEARCHER, SENSITIVE
from .beneficiary_request_stage import OPEN_KINDS


class BeneficiaryRequest(models.Model):
    _name = "beneficiary.request"
    _description = "Service Request"
    _inherit = [
        "beneficiary.request.decision",
        "beneficiary.staged.mixin",
        "beneficiary.notifier.mixin",
        "beneficiary.notice.call.mixin",
    ]
    _order = "priority desc, date_deadline, id desc"
    _stage_model = "beneficiary.request.stage"
    _initial_stage_kind = "received"
    _open_stage_kinds = OPEN_KINDS
    _board_stage_kinds = (*OPEN_KINDS, "decided")
    _sequence_code = "beneficiary.request"
    _portal_path = "/my/requests"
    _deadline_start_field = "date_complete"
    _deadline_days_depends = ("service_id.response_days",)
    _notice_prefix = "request"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(related="beneficiary_id.partner_id")
    category_id = fields.Many2one(related="beneficiary_id.category_id", store=True)
    service_id = fields.Many2one(
        "beneficiary.service", required=True, tracking=True, ondelete="restrict", check_company=True
    )
    channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Intake Channel",
        required=True,
        default=lambda self: self._default_channel(),
    )
    stage_id = fields.Many2one("beneficiary.request.stage")
    stage_kind = fields.Selection(related="stage_id.kind", store=True)
    description = fields.Html()
    tag_ids = fields.Many2many("beneficiary.request.tag", string="Tags")
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        tracking=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
    )
    document_ids = fields.One2many("beneficiary.document", "request_id", string="Request Documents")
    beneficiary_document_ids = fields.One2many(related="beneficiary_id.document_ids")
    declaration_signed = fields.Boolean(related="beneficiary_id.declaration_signed")
    declaration_date = fields.Datetime(related="beneficiary_id.declaration_date")
    declaration_method = fields.Selection(related="beneficiary_id.declaration_method")

    # Completeness and deadline
    date_complete = fields.Datetime(
        string="Completed On",
        tracking=True,
        copy=False,
        help="When the request passed the completeness check; the deadline counts from here.",
    )

    # Social research
    research_required = fields.Boolean(
        compute="_compute_research_required", store=True, readonly=False
    )
    researcher_id = fields.Many2one(
        "res.users",
        tracking=True,
        groups=OFFICER,
        domain=lambda self: [("groups_id", "in", self.env.ref(RESEARCHER).ids)],
    )
    research_report = fields.Html(groups=SENSITIVE)
    research_date = fields.Date(groups=SENSITIVE)
    # Measures: the evidence that decisions come within the deadline.
    decision_working_days = fields.Integer(
        string="Working Days to Decision",
        compute="_compute_decision_measures",
        store=True,
        aggregator="avg",
        help="Working days from the request being complete to the committee's approval or "
        "rejection, on the association's calendar.",
    )
    decided_on_time = fields.Boolean(
        string="Decided on Time",
        compute="_compute_decision_measures",
        store=True,
        help="Approved or rejected by its deadline.",
    )

    # Delivery
    delivery_note = fields.Text(string="What Was Delivered", copy=False)
    delivery_date = fields.Datetime(copy=False)
    delivered_by_id = fields.Many2one("res.users", copy=False, groups=OFFICER)
    cancel_reason = fields.Text(
        copy=False,
        help="Why the request was cancelled: required to cancel it, and told to the beneficiary.",
    )
    overdue_notified = fields.Boolean(
        string="Apology Sent",
        copy=False,
        readonly=True,
        groups=OFFICER,
        help="Set once the beneficiary was told the decision is late, with a new expected date: "
        "never twice for a request.",
    )
    date_expected = fields.Date(
        string="New Expected Decision Date",
        copy=False,
        readonly=True,
        help="The date given to the beneficiary with the apology, once the deadline was missed.",
    )
    date_expected_hijri = fields.Char(
        string="New Expected Decision Date (Hijri)", compute="_compute_date_expected_hijri"
    )
    survey_answer_ids = fields.One2many(
        "survey.user_input", "beneficiary_request_id", string="Satisfaction Answers"
    )
    survey_invited = fields.Boolean(
        string="Questionnaire Sent",
        copy=False,
        readonly=True,
        groups=OFFICER,
        help="Set once the beneficiary was invited to rate this request: never twice.",
    )
    portal_submission_key = fields.Char(
        copy=False,
        index="btree_not_null",
        help="The one-time key of the portal form that created this request: a resubmitted "
        "form finds the request instead of creating another.",
    )
    submitted_by_partner_id = fields.Many2one(
        "res.partner",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="The representative who submitted this request from the portal for the "
        "beneficiary; empty when the beneficiary did.",
    )
    beneficiary_has_access_needs = fields.Boolean(related="beneficiary_id.has_access_needs")
    beneficiary_access_summary = fields.Char(related="beneficiary_id.access_summary")

    _sql_constraints = [
        (
            "portal_submission_key_uniq",
            "unique(portal_submission_key)",
            "This form was already submitted.",
        ),
    ]

    def _default_channel(self):
        return (
            self.env.ref(
                "beneficiary_relations.beneficiary_channel_request_form", raise_if_not_found=False
            )
            or self.env["beneficiary.channel"]
        )

    @api.depends("service_id")
    def _compute_user_id(self):
        # Only staff are officers: a request the beneficiary sends from the portal (they are
        # then the current user) with no contact officer or service team stays unassigned.
        staff = self.env.user if not self.env.user.share else self.env["res.users"]
        for request in self.filtered(lambda r: not r.user_id):
            request.user_id = (
                request.beneficiary_id.contact_officer_id
                or request.service_id.user_ids[:1]
                or staff
            )

    @api.depends("date_expected")
    @api.depends_context("lang")
    def _compute_date_expected_hijri(self):
        for request in self:
            request.date_expected_hijri = format_hijri(request.date_expected, self.env.lang)

    @api.depends("service_id")
    def _compute_research_required(self):
        for request in self:
            request.research_required = request.service_id.research_required

    @api.constrains("research_required", "service_id")
    def _check_research_required(self):
        for request in self:
            if request.service_id.research_required and not request.research_required:
                raise ValidationError(
                    self.env._(
                        "The service %s always needs a social research: it cannot be skipped.",
                        request.service_id.name,
                    )
                )

    @api.depends(
        "decision",
        "decision_date",
        "date_complete",
        "date_deadline",
        "company_id.beneficiary_calendar_id",
    )
    def _compute_decision_measures(self):
        """Counted from the last completion: asking for more information clears it and the
        clock restarts when the file is complete again. The deadline state is cleared once a
        request is decided; these stay."""
        decided = self.filtered(lambda r: r.decision in ("approved", "rejected"))
        measured = decided._working_days_between("date_complete", "decision_date")
        for request in self:
            working_days, decided_on = measured.get(request, (0, None))
            request.decision_working_days = working_days
            request.decided_on_time = bool(decided_on and request.date_deadline) and (
                decided_on <= request.date_deadline
            )

    @api.constrains("beneficiary_id", "service_id")
    def _check_beneficiary_and_service(self):
        for request in self:
            if request.beneficiary_id.state in ("suspended", "archived"):
                raise ValidationError(
                    self.env._(
                        "%s's file is suspended or archived: no new request can be made.",
                        request.beneficiary_id.name,
                    )
                )
            if not request.service_id.active:
                raise ValidationError(
                    self.env._("The service %s is no longer offered.", request.service_id.name)
                )

    @api.constrains("cancel_reason")
    def _check_cancel_reason(self):
        for request in self:
            if request.stage_kind == "cancelled" and not (request.cancel_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write why %s is cancelled: the beneficiary is told the reason.",
                        request.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # The token of the tracking link the receipt gives, set with the rest (not one update
        # per request when the notice is rendered).
        vals_list = [
            dict(vals, access_token=vals.get("access_token") or str(uuid.uuid4()))
            for vals in vals_list
        ]
        requests = super().create(vals_list)
        requests._notify_beneficiary("received")
        return requests

    @api.model
    def _shared_defaults(self):
        return dict(super()._shared_defaults(), channel_id=self._default_channel)

    def write(self, vals):
        self._check_date_complete_rights(vals)
        return super().write(vals)

    # Actions --------------------------------------------------------------------------------

    def action_check_completeness(self):
        if len(self) == 1 and self.research_required and not self.researcher_id:
            return self._research_wizard_action()
        self._move_to_kind("research" if self.research_required else "committee")
        return True

    def action_refer_to_research(self):
        if len(self) == 1 and not self.researcher_id:
            return self._research_wizard_action()
        self.research_required = True
        return self._move_to_kind("research")

    def _research_wizard_action(self):
        """The social researcher asked for at the step that needs one."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer to Social Research"),
            "res_model": "beneficiary.request.research.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_send_to_committee(self):
        return self._move_to_kind("committee")

    def action_deliver(self):
        return self._move_to_kind("delivered")

    def action_close(self):
        return self._move_to_kind("closed")

    def action_cancel(self):
        """Cancel requests whose reason is written (``action_open_cancel_wizard`` asks it)."""
        return self._move_to_kind("cancelled")

    def action_open_cancel_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Request"),
            "res_model": "beneficiary.request.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": self.ids},
        }
