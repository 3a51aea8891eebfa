import base64

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools import is_recorded_outcome
from .beneficiary_beneficiary import SENSITIVE
from .beneficiary_request_stage import KIND_RANK, OPEN_KINDS

# Fields for staff only: the beneficiary reads their request on the portal, not these.
STAFF = "beneficiary_relations.group_br_officer"


class BeneficiaryRequest(models.Model):
    _name = "beneficiary.request"
    _description = "Service Request"
    _inherit = [
        "beneficiary.request.decision",
        "beneficiary.staged.mixin",
        "beneficiary.notifier.mixin",
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
        groups=STAFF,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("beneficiary_relations.group_br_researcher").ids)
        ],
    )
    research_report = fields.Html(groups=SENSITIVE)
    research_date = fields.Date(groups=SENSITIVE)

    # Delivery
    delivery_note = fields.Text(string="What Was Delivered", copy=False)
    delivery_date = fields.Datetime(copy=False)
    delivered_by_id = fields.Many2one("res.users", copy=False, groups=STAFF)
    cancel_reason = fields.Text(copy=False)
    survey_answer_ids = fields.One2many(
        "survey.user_input", "beneficiary_request_id", string="Satisfaction Answers"
    )
    survey_invited = fields.Boolean(
        string="Questionnaire Sent",
        copy=False,
        readonly=True,
        groups=STAFF,
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

    @api.model_create_multi
    def create(self, vals_list):
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
        return self._move_to_kind("cancelled")

    # Stage rules ----------------------------------------------------------------------------

    def _check_date_complete_rights(self, vals):
        # A decision that more information is needed stops the clock, in the same write.
        restarts_clock = vals.get("decision") == "more_info" and not vals.get("date_complete")
        if "date_complete" in vals and not (
            self.env.su
            or restarts_clock
            or self.env.user.has_group("beneficiary_relations.group_br_manager")
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
        elif new_kind == "decided" and not self.decided_on_appeal:
            self._notify_beneficiary("decided")
        elif new_kind == "delivered":
            self._notify_beneficiary("delivered")
        if new_kind in ("delivered", "closed") and not self.survey_invited:
            self.env["beneficiary.survey.sender"]._invite_after_request(self)

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
        return super()._clock_fields() | {"date_received", "survey_invited"}
