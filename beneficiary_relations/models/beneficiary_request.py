import base64
import uuid
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools import WorkingDays, format_hijri, is_recorded_outcome
from ..tools.groups import MANAGER, OFFICER, RESEARCHER, SENSITIVE
from .beneficiary_request_stage import KIND_RANK, OPEN_KINDS

# Fields for staff only: the beneficiary reads their request on the portal, not these.
# The notice a move to a stage of this kind gives the beneficiary.
STAGE_NOTICES = {
    "research": "research",
    "decided": "decided",
    "delivered": "delivered",
    "cancelled": "cancelled",
}


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
    def _create_from_portal(self, beneficiary, service, description, files, key):
        """A request the beneficiary sends from the portal, created with its documents (``files``:
        (document type, name, content)) in one go, so that its received notice lists them;
        their declaration is signed online on the way if it was not yet."""
        # sudo: portal users read their file's contact and its representatives, nothing else
        # of it, here.
        representative = beneficiary.sudo()._representative_of(self.env.user.partner_id)
        # sudo: the file's contact only, compared with the signed-in user's.
        if beneficiary.sudo().partner_id != self.env.user.partner_id and not representative:
            raise AccessError(
                self.env._("A portal request is sent by the beneficiary or their representative.")
            )
        # sudo: as above; only whether it is signed is read.
        if not beneficiary.sudo().declaration_signed:
            beneficiary.action_sign_declaration_online()
        documents = [
            Command.create(
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": doc_type.id,
                    "file": base64.b64encode(content),
                    "file_name": name,
                }
            )
            for doc_type, name, content in files
        ]
        # sudo: portal users create neither requests nor documents; bounded to the signed-in
        # beneficiary's own file, or the one they validly represent (checked above), and a
        # service of the catalogue.
        request = self.sudo().create(
            {
                "beneficiary_id": beneficiary.id,
                "service_id": service.id,
                "channel_id": self.env.ref("beneficiary_relations.beneficiary_channel_portal").id,
                "description": description,
                "portal_submission_key": key or False,
                "document_ids": documents,
                "submitted_by_partner_id": representative.partner_id.id,
            }
        )
        if representative:
            request._note_representative(representative)
        return request

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

    # Stage rules ----------------------------------------------------------------------------

    def _check_date_complete_rights(self, vals):
        # A decision that more information is needed stops the clock, in the same write.
        restarts_clock = vals.get("decision") == "more_info" and not vals.get("date_complete")
        if "date_complete" in vals and not (
            self.env.su or restarts_clock or self.env.user.has_group(MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "The completion date is set by the completeness check; "
                    "only a manager can correct it."
                )
            )

    def _on_stage_change(self, old_kind):
        """Enforce the rules of a move from ``old_kind`` and do what the new stage entails."""
        self.ensure_one()
        new_kind = self.stage_kind
        self._check_stage_move(old_kind, new_kind)
        if old_kind == "research":
            self._close_research_activities()
        if new_kind == "research":
            self._refer_to_researcher()

    def _after_stage_change(self, old_kinds, created=False):
        """Tell the beneficiaries what the moves mean for them, one notice per kind of step
        for the whole batch; invite them to rate a service delivered or a request closed.
        A request created past its first steps has its receipt: only a decision, a delivery
        or a cancellation adds a notice."""
        notices = defaultdict(lambda: self.browse())
        invite = self.browse()
        for request in self:
            old_kind, new_kind = old_kinds[request.id], request.stage_kind
            event = STAGE_NOTICES.get(new_kind)
            if new_kind == "committee" and old_kind in ("received", "completeness"):
                event = "complete"
            if event == "decided" and request.decided_on_appeal:
                event = None  # the appeal's own notice tells the outcome
            if event and not (created and event in ("complete", "research")):
                notices[event] |= request
            if new_kind in ("delivered", "closed") and not request.survey_invited:
                invite |= request
        for event, requests in notices.items():
            requests._notify_beneficiary(event)
        if invite:
            self.env["beneficiary.survey.sender"]._invite_after_requests(invite)

    def _check_stage_move(self, old_kind, new_kind):
        # An upheld appeal takes a closed rejected request back to the decided stage.
        reopened = old_kind == "closed" and new_kind == "decided" and self.decided_on_appeal
        if old_kind in ("closed", "cancelled") and not (reopened and is_recorded_outcome(self.env)):
            raise UserError(
                self.env._("%s is closed or cancelled and cannot move any more.", self.name)
            )
        decided = KIND_RANK["decided"]
        if (
            old_kind != "cancelled"
            and KIND_RANK.get(old_kind, 0) >= decided
            and (new_kind != "cancelled" and KIND_RANK[new_kind] < decided)
        ):
            raise UserError(
                self.env._("%s has been decided: it cannot go back before the decision.", self.name)
            )
        committee = KIND_RANK["committee"]
        if (
            new_kind != "cancelled"
            and KIND_RANK[new_kind] >= committee
            and KIND_RANK.get(old_kind, 0) < committee
        ):
            self._check_research_done()
        if new_kind == "decided" and self.decision not in ("approved", "rejected"):
            raise UserError(
                self.env._(
                    "Record the committee's decision on %s with Record Decision (the meeting, "
                    "the members present, their votes and the minutes) before moving it.",
                    self.name,
                )
            )
        if new_kind == "delivered" and self.decision != "approved":
            raise UserError(self.env._("Only an approved request can be delivered."))
        if new_kind == "closed" and self.decision != "rejected" and not self.delivery_date:
            raise UserError(self.env._("Deliver the service of %s before closing it.", self.name))
        if new_kind == "cancelled" and KIND_RANK.get(old_kind, 0) >= decided:
            raise UserError(self.env._("A decided request cannot be cancelled."))
        if new_kind == "cancelled" and not (self.cancel_reason or "").strip():
            raise UserError(
                self.env._(
                    "Write why %s is cancelled: the beneficiary is told the reason.", self.name
                )
            )

    def _stage_entry_values(self, kind, vals, now):
        """What entering a stage of ``kind`` sets on this request, besides the stage: the
        completion date when it passes the completeness check, the delivery when delivered."""
        self.ensure_one()
        values = {}
        passes_check = kind != "cancelled" and KIND_RANK[kind] > KIND_RANK["completeness"]
        if passes_check and not self.date_complete and "date_complete" not in vals:
            beneficiary = self.beneficiary_id
            problems = beneficiary._document_problems(
                self.service_id.document_type_ids, self.document_ids
            )
            problems += [p for p in beneficiary._registration_problems() if p not in problems]
            if problems:
                raise ValidationError(
                    self.env._("%s is not complete:", self.name) + "\n- " + "\n- ".join(problems)
                )
            values["date_complete"] = now
        if kind == "delivered":
            values["delivery_date"] = self.delivery_date or now
            values["delivered_by_id"] = self.delivered_by_id.id or self.env.uid
        return values

    def _refer_to_researcher(self):
        if not self.researcher_id:
            raise UserError(
                self.env._("Assign a social researcher to %s before referring it.", self.name)
            )
        self.activity_schedule(
            "beneficiary_relations.mail_activity_type_social_research",
            user_id=self.researcher_id.id,
            summary=self.env._("Social research"),
            date_deadline=self.date_reminder or fields.Date.context_today(self),
        )

    def _check_research_done(self):
        """A request whose service needs a social research reaches the committee with its
        researcher, report and report date, whatever the path (button, drag, import, RPC)."""
        if not self.research_required:
            return
        # sudo: whether the report and its date exist, not what they say (officers may not
        # read them).
        research = self.sudo()
        missing = []
        if not research.researcher_id:
            missing.append(self.env._("the social researcher"))
        if is_html_empty(research.research_report):
            missing.append(self.env._("the research report"))
        if not research.research_date:
            missing.append(self.env._("the date of the research report"))
        if missing:
            raise UserError(
                self.env._(
                    "%(name)s needs its social research before the committee: %(missing)s.",
                    name=self.name,
                    missing=", ".join(missing),
                )
            )

    def _close_research_activities(self):
        """The research to-do is done once the request leaves the research stage."""
        activity_type = self.env.ref(
            "beneficiary_relations.mail_activity_type_social_research", raise_if_not_found=False
        )
        # sudo: the research to-dos of this request only, assigned to its researcher, closed
        # by whoever moves the request on.
        todos = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if todos:
            todos.action_feedback(
                feedback=Markup("<p>%s</p>")
                % self.env._("Research closed: the request moved to %s.", self.stage_id.name)
            )

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_days(self):
        return self.service_id.response_days

    def _deadline_responsible(self):
        # Nobody assigned yet: the managers are reminded rather than nobody.
        return self.user_id or self._escalation_recipients()

    def _clock_fields(self):
        return super()._clock_fields() | {
            "date_received",
            "survey_invited",
            "overdue_notified",
            "date_expected",
            "decision_working_days",
            "decided_on_time",
        }

    def _send_reminders(self, step):
        result = super()._send_reminders(step)
        if step == "overdue":
            self._apologise_for_delay()
        return result

    def _apologise_for_delay(self):
        """Once per request, when its deadline is missed: a new expected date, a set number of
        working days from today, and the beneficiary's apology notice with it."""
        late = self.filtered(lambda r: not r.overdue_notified)
        if not late:
            return
        today = fields.Date.context_today(self)
        for company, requests in late.grouped("company_id").items():
            calendar = company.beneficiary_calendar_id or self.env.ref(
                "beneficiary_relations.resource_calendar_saudi_week"
            )
            days = max(company.beneficiary_overdue_extension_days, 1)
            expected = WorkingDays(calendar, [today], days).shift(today, days)
            # sudo: the application's own record of the apology and of the date it gave, for
            # these overdue requests only. mail_notrack: as the escalation flag.
            requests.sudo().with_context(mail_notrack=True).write(
                {"overdue_notified": True, "date_expected": expected}
            )
        late._notify_beneficiary("overdue")

    # Notices --------------------------------------------------------------------------------

    def _notice_prepare(self):
        # The tracking link carries the access token: set the missing ones in one update.
        for request in self.filtered(lambda r: not r.access_token):
            request.access_token = str(uuid.uuid4())

    def _notice_portal_url(self, anchor=None):
        """The request's page on the portal, openable without signing in (its token)."""
        return self._notice_url(self.get_portal_url(anchor=anchor))

    def _notice_decision_label(self):
        """The decision in the notice's language (Approved, Rejected...), for the SMS."""
        labels = dict(self._fields["decision"]._description_selection(self.env))
        return labels.get(self.decision, "")

    def _missing_document_types(self):
        """The service's document types with no valid document yet (verified or waiting to be
        verified), in the file or sent for this request: what the beneficiary is asked for."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        # sudo: confidential documents count too; only their type and status are read.
        documents = (self.beneficiary_id.document_ids | self.document_ids).sudo()
        statuses = defaultdict(set)
        for document in documents:
            statuses[document.document_type_id.id].add(document._status_on(today))
        return self.service_id.document_type_ids.filtered(
            lambda t: not statuses[t.id] & {"verified", "to_verify"}
        )

    def _notice_missing_items(self):
        """What keeps the file incomplete, in the notice's language: the documents of the
        service that are missing, expired or not verified yet, and the unsigned declaration."""
        self.ensure_one()
        beneficiary = self.beneficiary_id
        problems = beneficiary._document_problems(
            self.service_id.document_type_ids, self.document_ids
        )
        problems += [p for p in beneficiary._registration_problems() if p not in problems]
        return problems
