from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import (
    association_sender,
    check_linked_records_readable,
    default_company_from_beneficiary,
    format_hijri,
)
from .beneficiary_beneficiary import SENSITIVE
from .beneficiary_request_stage import KIND_RANK, OPEN_KINDS

DECISION_FIELDS = {
    "decision",
    "decision_date",
    "decision_note",
    "committee_member_ids",
    "decision_minutes",
}
COMMITTEE = "beneficiary_relations.group_br_committee"
# Fields for staff only: the beneficiary reads their request on the portal, not these.
STAFF = "beneficiary_relations.group_br_officer"


class BeneficiaryRequest(models.Model):
    _name = "beneficiary.request"
    _description = "Service Request"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
        "beneficiary.deadline.mixin",
    ]
    _order = "priority desc, date_deadline, id desc"
    _track_duration_field = "stage_id"
    _mail_post_access = "read"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
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
    stage_id = fields.Many2one(
        "beneficiary.request.stage",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
    )
    stage_kind = fields.Selection(related="stage_id.kind", store=True)
    description = fields.Html()
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    tag_ids = fields.Many2many("beneficiary.request.tag", string="Tags")
    color = fields.Integer()
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        tracking=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
    )
    date_received = fields.Datetime(default=fields.Datetime.now, required=True, copy=False)
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
    date_deadline_hijri = fields.Char(
        string="Deadline (Hijri)", compute="_compute_date_deadline_hijri"
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

    # Committee decision
    decision = fields.Selection(
        [
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("more_info", "More Information Needed"),
        ],
        tracking=True,
        copy=False,
    )
    decision_date = fields.Datetime(tracking=True, copy=False)
    decision_note = fields.Text(string="Decision Reason", copy=False)
    committee_member_ids = fields.Many2many(
        "res.users",
        "beneficiary_request_committee_member_rel",
        string="Members Present",
        copy=False,
        groups=STAFF,
    )
    decision_minutes = fields.Binary(string="Minutes", attachment=True, copy=False, groups=STAFF)
    decision_minutes_name = fields.Char(copy=False, groups=STAFF)

    # Delivery
    delivery_note = fields.Text(string="What Was Delivered", copy=False)
    delivery_date = fields.Datetime(copy=False)
    delivered_by_id = fields.Many2one("res.users", string="Delivered By", copy=False, groups=STAFF)
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
        ("name_company_uniq", "unique(name, company_id)", "This reference is already used."),
        (
            "portal_submission_key_uniq",
            "unique(portal_submission_key)",
            "This form was already submitted.",
        ),
    ]

    def _default_stage(self):
        return self.env["beneficiary.request.stage"].search([("kind", "=", "received")], limit=1)

    def _default_channel(self):
        return (
            self.env.ref(
                "beneficiary_relations.beneficiary_channel_request_form", raise_if_not_found=False
            )
            or self.env["beneficiary.channel"]
        )

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([], order=stages._order)

    def _compute_access_url(self):
        super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/requests/{request.id}"

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

    @api.depends(
        "date_complete",
        "service_id.response_days",
        "company_id.beneficiary_calendar_id",
        "company_id.beneficiary_reminder_days",
    )
    def _compute_deadline_dates(self):
        return super()._compute_deadline_dates()

    @api.depends("date_deadline")
    @api.depends_context("lang")
    def _compute_date_deadline_hijri(self):
        for request in self:
            request.date_deadline_hijri = format_hijri(request.date_deadline, self.env.lang)

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

    @api.constrains("decision", "decision_note")
    def _check_decision(self):
        for request in self:
            if request.decision == "rejected" and not (request.decision_note or "").strip():
                raise ValidationError(self.env._("A rejection needs its reason."))
            if request.decision in ("approved", "rejected") and not request.date_complete:
                raise ValidationError(
                    self.env._("%s is not complete yet: it cannot be decided.", request.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        check_linked_records_readable(self, vals_list)
        default_company_from_beneficiary(self, vals_list)
        self._set_references(vals_list)
        self._set_shared_defaults(vals_list)
        self._check_decision_rights(set().union(*vals_list))
        requests = super().create(vals_list)
        for request in requests.filtered(lambda r: KIND_RANK.get(r.stage_kind, 0) > 1):
            request._on_stage_change("received")
        requests._notify_beneficiary("received")
        return requests

    @api.model
    def _set_references(self, vals_list):
        """A reference from each company's sequence, looked up once per company rather than
        once per request (as ``next_by_code`` would)."""
        sequences = {}
        for vals in vals_list:
            if vals.get("name", "/") != "/":
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if company not in sequences:
                sequences[company] = (
                    # sudo: users cannot read sequences; the request sequence of this company only.
                    self.env["ir.sequence"]
                    .sudo()
                    .search(
                        [
                            ("code", "=", "beneficiary.request"),
                            ("company_id", "in", [company.id, False]),
                        ],
                        order="company_id",
                        limit=1,
                    )
                )
            sequence = sequences[company]
            vals["name"] = sequence.with_company(company)._next() if sequence else "/"

    @api.model
    def _set_shared_defaults(self, vals_list):
        """The default stage and channel, evaluated once for the batch instead of once per
        request; a default given in the context (a kanban column's stage) still wins."""
        for field_name, default in (
            ("stage_id", self._default_stage),
            ("channel_id", self._default_channel),
        ):
            if f"default_{field_name}" in self.env.context:
                continue
            missing = [vals for vals in vals_list if field_name not in vals]
            if missing:
                record_id = default().id
                for vals in missing:
                    vals[field_name] = record_id

    def write(self, vals):
        check_linked_records_readable(self, [vals])
        self._check_decision_rights(vals)
        self._check_date_complete_rights(vals)
        if vals.get("decision") in ("approved", "rejected", "more_info") and not vals.get(
            "decision_date"
        ):
            vals = dict(vals, decision_date=fields.Datetime.now())
        old_kinds = {request: request.stage_kind for request in self}
        result = super().write(vals)
        if "stage_id" in vals:
            for request, old_kind in old_kinds.items():
                if request.stage_kind != old_kind:
                    request._on_stage_change(old_kind)
        return result

    # Actions --------------------------------------------------------------------------------

    def action_check_completeness(self):
        self._move_to_kind("research" if self.research_required else "committee")
        return True

    def action_refer_to_research(self):
        self.research_required = True
        self._move_to_kind("research")
        return True

    def action_send_to_committee(self):
        self._move_to_kind("committee")
        return True

    def action_open_decision_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Committee Decision"),
            "res_model": "beneficiary.request.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_deliver(self):
        self._move_to_kind("delivered")
        return True

    def action_close(self):
        self._move_to_kind("closed")
        return True

    def action_cancel(self):
        self._move_to_kind("cancelled")
        return True

    def _move_to_kind(self, kind):
        stage = self.env["beneficiary.request.stage"].search([("kind", "=", kind)], limit=1)
        if not stage:
            raise UserError(self.env._("No stage is configured for this step."))
        self.write({"stage_id": stage.id})

    # Stage rules ----------------------------------------------------------------------------

    def _check_decision_rights(self, vals):
        if DECISION_FIELDS & set(vals) and not (self.env.su or self.env.user.has_group(COMMITTEE)):
            raise AccessError(
                self.env._("Only the committee or a manager can record a committee decision.")
            )

    def _check_date_complete_rights(self, vals):
        if "date_complete" in vals and not (
            self.env.su or self.env.user.has_group("beneficiary_relations.group_br_manager")
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
        if new_kind == "cancelled":
            return
        new_rank = KIND_RANK[new_kind]
        if new_rank > KIND_RANK["completeness"] and not self.date_complete:
            self._pass_completeness_gate()
        if new_kind == "research":
            self._refer_to_researcher()
        elif new_kind == "decided":
            self._notify_beneficiary("decided")
        elif new_kind == "delivered":
            self._record_delivery()
        if new_kind in ("delivered", "closed") and not self.survey_invited:
            self._invite_to_satisfaction_survey()

    def _check_stage_move(self, old_kind, new_kind):
        if old_kind in ("closed", "cancelled"):
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
        if new_kind == "decided":
            self._check_decision_rights({"decision"})
        if new_kind == "decided" and self.decision not in ("approved", "rejected"):
            raise UserError(
                self.env._("Record the committee's decision on %s before moving it.", self.name)
            )
        if new_kind == "delivered" and self.decision != "approved":
            raise UserError(self.env._("Only an approved request can be delivered."))
        if new_kind == "closed" and self.decision != "rejected" and not self.delivery_date:
            raise UserError(self.env._("Deliver the service of %s before closing it.", self.name))
        if new_kind == "cancelled" and KIND_RANK.get(old_kind, 0) >= decided:
            raise UserError(self.env._("A decided request cannot be cancelled."))

    def _completeness_problems(self):
        """What keeps this request from passing the completeness check, as translated lines."""
        self.ensure_one()
        problems = []
        today = fields.Date.context_today(self)
        # sudo: confidential documents are hidden from officers, yet they count towards the
        # request being complete; only their type and status are read.
        documents = self.sudo().beneficiary_id.document_ids | self.sudo().document_ids
        for doc_type in self.service_id.document_type_ids:
            statuses = {d._status_on(today) for d in documents if d.document_type_id == doc_type}
            problem = self.beneficiary_id._document_problem(doc_type, statuses)
            if problem:
                problems.append(problem)
        problems += [p for p in self.beneficiary_id._registration_problems() if p not in problems]
        return problems

    def _pass_completeness_gate(self):
        problems = self._completeness_problems()
        if problems:
            raise ValidationError(
                self.env._("%s is not complete:", self.name) + "\n- " + "\n- ".join(problems)
            )
        # sudo: the completion date is set by this check only (managers may correct it).
        self.sudo().date_complete = fields.Datetime.now()

    def _refer_to_researcher(self):
        if not self.researcher_id:
            raise UserError(
                self.env._("Assign a social researcher to %s before referring it.", self.name)
            )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.researcher_id.id,
            summary=self.env._("Social research"),
            date_deadline=self.date_reminder or fields.Date.context_today(self),
        )

    def _record_delivery(self):
        self.write(
            {
                "delivery_date": self.delivery_date or fields.Datetime.now(),
                "delivered_by_id": self.delivered_by_id.id or self.env.uid,
            }
        )
        self._notify_beneficiary("delivered")

    def _apply_decision(self, decision, note, members, minutes=False, minutes_name=False):
        """Record the committee's decision and move the request on accordingly."""
        self.ensure_one()
        if (
            KIND_RANK.get(self.stage_kind, 0) >= KIND_RANK["decided"]
            or self.stage_kind == "cancelled"
        ):
            raise UserError(self.env._("%s has already been decided.", self.name))
        self.write(
            {
                "decision": decision,
                "decision_note": note,
                "committee_member_ids": [(6, 0, members.ids)],
                "decision_minutes": minutes,
                "decision_minutes_name": minutes_name,
            }
        )
        if decision == "more_info":
            # sudo: more information needed: the clock restarts when the file is complete again.
            self.sudo().date_complete = False
            self._move_to_kind("completeness")
            self._notify_beneficiary("more_info")
        else:
            self._move_to_kind("decided")

    def _invite_to_satisfaction_survey(self):
        # sudo: the application's record that this request's questionnaire was sent, and
        # when its beneficiary was last invited.
        self.sudo().survey_invited = True
        self.env["beneficiary.survey.sender"]._send_invitations([(self.beneficiary_id, self)])
        self.beneficiary_id.sudo().survey_invitation_date = fields.Datetime.now()

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_start_date(self):
        if not self.date_complete:
            return None
        tz_date = fields.Datetime.context_timestamp(
            self.with_context(tz=self.company_id.beneficiary_calendar_id.tz or "Asia/Riyadh"),
            self.date_complete,
        )
        return tz_date.date()

    def _deadline_days(self):
        return self.service_id.response_days

    @api.model
    def _deadline_open_domain(self):
        return [("stage_kind", "in", OPEN_KINDS)]

    def _deadline_responsible(self):
        # Nobody assigned yet: the managers are reminded rather than nobody.
        return self.user_id or self._escalation_recipients()

    def _clock_fields(self):
        return super()._clock_fields() | {"date_received", "survey_invited"}

    # Notifications --------------------------------------------------------------------------

    def _notify_beneficiary(self, event):
        """Tell each beneficiary about ``event`` through their preferred channel. Templates are
        rendered for the whole batch at once, per language; a batch's mails are queued for the
        mail cron instead of being sent one by one."""
        by_sms = self.filtered(
            lambda r: r.beneficiary_id.preferred_contact == "sms" and r.beneficiary_id.mobile
        )
        by_mail = (self - by_sms).filtered(lambda r: r.partner_id.email)
        if by_sms:
            by_sms._notify_by_sms(
                self.env.ref(f"beneficiary_relations.sms_template_request_{event}")
            )
        if by_mail:
            by_mail._notify_by_mail(
                self.env.ref(f"beneficiary_relations.mail_template_request_{event}")
            )
        for request in self - by_sms - by_mail:
            request.message_post(
                body=self.env._(
                    "The beneficiary could not be notified: no email address or mobile number."
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _notify_by_mail(self, template):
        rendered = template._generate_template(self.ids, ("subject", "body_html"))
        for company in self.company_id:
            requests = self.filtered(lambda r, c=company: r.company_id == c)
            sender = association_sender(requests[:1])
            # Reply-to for the whole batch at once; message_post would look it up per request.
            reply_to = requests._notify_get_reply_to(default=sender["email_from"])
            for request in requests:
                request.message_post(
                    subject=rendered[request.id]["subject"],
                    body=rendered[request.id]["body_html"],
                    reply_to=reply_to[request.id],
                    partner_ids=request.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    force_send=len(self) == 1,
                    notify_author=request._beneficiary_is_current_user(),
                    **sender,
                )

    def _notify_by_sms(self, template):
        bodies = template._render_field("body", self.ids, compute_lang=True)
        for request in self:
            request._message_sms(
                bodies[request.id],
                partner_ids=request.partner_id.ids,
                put_in_queue=True,
                notify_author=request._beneficiary_is_current_user(),
                **association_sender(request),
            )

    def _beneficiary_is_current_user(self):
        """Whether the beneficiary is the one acting (on the portal). Odoo never notifies the
        current user of their own posts; a beneficiary must still get their notices."""
        return self.env.user.partner_id in self.partner_id
