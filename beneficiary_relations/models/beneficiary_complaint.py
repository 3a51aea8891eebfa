import uuid
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import create_index, is_html_empty

from ..tools import (
    NoticeContact,
    format_tracking_code,
    new_tracking_code,
    saudi_mobile,
)
from ..tools.groups import FOLLOW_UP, MANAGER, OFFICER
from .beneficiary_complaint_stage import DONE_KINDS, OPEN_KINDS

# Fields for staff only: the complainant reads their complaint on the portal, not these.


class BeneficiaryComplaint(models.Model):
    _name = "beneficiary.complaint"
    _description = "Complaint"
    _inherit = [
        "beneficiary.complaint.intake",
        "beneficiary.complaint.confidential",
        "beneficiary.staged.mixin",
        "beneficiary.notifier.mixin",
        "beneficiary.notice.call.mixin",
        "rating.mixin",
    ]
    _order = "priority desc, date_deadline, id desc"
    _primary_email = "email_from"
    _stage_model = "beneficiary.complaint.stage"
    _initial_stage_kind = "new"
    _open_stage_kinds = OPEN_KINDS
    _sequence_code = "beneficiary.complaint"
    _portal_path = "/my/complaints"
    _deadline_start_field = "date_received"
    _deadline_days_depends = (
        "complaint_type",
        "company_id.beneficiary_complaint_days",
        "company_id.beneficiary_suggestion_days",
        "company_id.beneficiary_inquiry_days",
    )
    _notice_prefix = "complaint"

    complaint_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("suggestion", "Suggestion"),
            ("inquiry", "Inquiry"),
            ("praise", "Praise"),
        ],
        string="Type",
        required=True,
        default="complaint",
        tracking=True,
    )
    category_id = fields.Many2one(
        "beneficiary.complaint.category", tracking=True, ondelete="restrict", check_company=True
    )
    channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Intake Channel",
        required=True,
        default=lambda self: self._default_channel(),
    )
    subject = fields.Char(required=True, tracking=True, index="trigram")
    description = fields.Html()
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    anonymous = fields.Boolean(
        help="The complainant did not give their name: nobody is contacted about this complaint."
    )
    contact_name = fields.Char(string="Complainant Name")
    email_from = fields.Char(string="Complainant Email")
    contact_phone = fields.Char(string="Complainant Phone")
    lang = fields.Selection(
        selection="_get_languages",
        string="Complainant Language",
        compute="_compute_lang",
        store=True,
        readonly=False,
        help="The complainant is written to in this language: their file's or contact's, else "
        "the language of the page they wrote from.",
    )
    tracking_code = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=OFFICER,
        help="The short code the complainant follows their message with on the website "
        "(Complaints and Suggestions > Follow a message). Staff may read it out on the phone.",
    )
    concerned_user_id = fields.Many2one(
        "res.users",
        string="Staff Member Concerned",
        domain=[("share", "=", False)],
        tracking=True,
        groups=OFFICER,
        help="The staff member this complaint is about. They never see it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Follow-up Member",
        tracking=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    stage_id = fields.Many2one("beneficiary.complaint.stage")
    stage_kind = fields.Selection(related="stage_id.kind", store=True)
    resolution = fields.Html(copy=False)
    request_id = fields.Many2one(
        "beneficiary.request",
        string="Request Concerned",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('beneficiary_id', '=?', beneficiary_id)]",
        help="The service request, or the committee's decision on it, this message is about.",
    )
    settlement_attempt_ids = fields.One2many(
        "beneficiary.complaint.settlement.attempt",
        "complaint_id",
        string="Settlement Attempts",
        copy=False,
    )
    settlement_outcome = fields.Selection(
        [
            ("settled", "Settled Amicably"),
            ("not_settled", "Not Settled"),
            ("not_applicable", "Not Applicable"),
        ],
        string="Amicable Settlement",
        copy=False,
        tracking=True,
        help="The outcome of the attempts to settle the complaint amicably, as the policy "
        "asks before anything else.",
    )
    settled_amicably = fields.Boolean(
        compute="_compute_settled_amicably", store=True, copy=False, index=True
    )
    suggestion_outcome = fields.Selection(
        [("adopted", "Adopted"), ("not_adopted", "Not Adopted")],
        copy=False,
        tracking=True,
    )
    improvement_action = fields.Text(
        copy=False, help="What the association changes because of the adopted suggestion."
    )
    improvement_user_id = fields.Many2one(
        "res.users",
        string="Improvement Responsible",
        domain=[("share", "=", False)],
        copy=False,
        tracking=True,
    )
    date_resolved = fields.Datetime(string="Resolved On", copy=False, readonly=True)
    # Measures: the evidence that complaints are answered within the deadline.
    resolution_working_days = fields.Integer(
        string="Working Days to Resolution",
        compute="_compute_resolution_measures",
        store=True,
        aggregator="avg",
        help="Working days from the complaint's reception to its resolution or rejection, on "
        "the association's calendar.",
    )
    resolved_on_time = fields.Boolean(
        string="Answered on Time",
        compute="_compute_resolution_measures",
        store=True,
        help="Resolved or rejected by its deadline (always, for a type without a deadline).",
    )
    escalation_reason = fields.Text(copy=False, groups=OFFICER)
    compensation_ids = fields.One2many("beneficiary.compensation", "complaint_id", groups=OFFICER)
    compensation_count = fields.Integer(compute="_compute_compensation_count", groups=OFFICER)
    submitted_by_partner_id = fields.Many2one(
        "res.partner",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="The representative who sent this complaint from the portal for the beneficiary; "
        "empty when the complainant did.",
    )
    website_submission_key = fields.Char(
        copy=False,
        index="btree_not_null",
        groups=MANAGER,
        help="The one-time key of the public website form that sent this complaint: a "
        "resubmitted form finds it instead of creating another.",
    )

    _sql_constraints = [
        (
            "website_submission_key_uniq",
            "unique(website_submission_key)",
            "This form was already submitted.",
        ),
        ("tracking_code_uniq", "unique(tracking_code)", "This tracking code is already used."),
    ]

    def init(self):
        super().init()
        # The officers' record rule reads "assigned to me or recorded by me".
        create_index(self.env.cr, f"{self._table}_create_uid_index", self._table, ["create_uid"])

    @api.model
    def _get_languages(self):
        return self.env["res.lang"].get_installed()

    @api.depends("beneficiary_id", "partner_id")
    def _compute_lang(self):
        for complaint in self:
            complaint.lang = (
                complaint.beneficiary_id.lang
                or complaint.partner_id.lang
                or complaint.lang
                or self.env.lang
            )

    @api.depends("beneficiary_id")
    def _compute_partner_id(self):
        for complaint in self.filtered("beneficiary_id"):
            complaint.partner_id = complaint.beneficiary_id.partner_id

    @api.depends("settlement_outcome")
    def _compute_settled_amicably(self):
        for complaint in self:
            complaint.settled_amicably = complaint.settlement_outcome == "settled"

    @api.depends("compensation_ids")
    def _compute_compensation_count(self):
        counts = dict(
            self.env["beneficiary.compensation"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.compensation_count = counts.get(complaint, 0)

    @api.depends("category_id", "beneficiary_id")
    def _compute_user_id(self):
        for complaint in self.filtered(lambda c: not c.user_id):
            candidates = complaint.category_id.user_id | complaint.beneficiary_id.contact_officer_id
            complaint.user_id = candidates.filtered(
                lambda u, c=complaint: u != c.concerned_user_id
            )[:1]

    @api.depends(
        "date_received", "date_resolved", "date_deadline", "company_id.beneficiary_calendar_id"
    )
    def _compute_resolution_measures(self):
        """Reopening clears the resolution date, and with it these."""
        measured = self._working_days_between("date_received", "date_resolved")
        for complaint in self:
            working_days, resolved_on = measured.get(complaint, (0, None))
            complaint.resolution_working_days = working_days
            complaint.resolved_on_time = bool(resolved_on) and (
                not complaint.date_deadline or resolved_on <= complaint.date_deadline
            )

    @api.constrains("user_id", "concerned_user_id")
    def _check_not_assigned_to_concerned(self):
        for complaint in self:
            if complaint.concerned_user_id and complaint.user_id == complaint.concerned_user_id:
                raise ValidationError(
                    self.env._(
                        "%s cannot follow up a complaint that concerns them.",
                        complaint.concerned_user_id.name,
                    )
                )

    @api.constrains("stage_id", "resolution", "suggestion_outcome", "complaint_type")
    def _check_resolution(self):
        for complaint in self:
            if complaint.stage_kind in DONE_KINDS and is_html_empty(complaint.resolution):
                raise ValidationError(
                    self.env._(
                        "Write the resolution of %s (what was done, or why it is unfounded) "
                        "before closing it.",
                        complaint.name,
                    )
                )
            if complaint.suggestion_outcome and complaint.complaint_type != "suggestion":
                raise ValidationError(
                    self.env._(
                        "Only a suggestion is adopted or not: %s is not one.", complaint.name
                    )
                )
            if (
                complaint.complaint_type == "suggestion"
                and complaint.stage_kind == "resolved"
                and not complaint.suggestion_outcome
            ):
                raise ValidationError(
                    self.env._(
                        "Say whether the suggestion %s is adopted before resolving it.",
                        complaint.name,
                    )
                )

    @api.constrains("suggestion_outcome", "improvement_action")
    def _check_improvement_action(self):
        for complaint in self:
            if (
                complaint.suggestion_outcome == "adopted"
                and not (complaint.improvement_action or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "The suggestion %s is adopted: record the improvement it leads to.",
                        complaint.name,
                    )
                )

    @api.constrains("settlement_outcome", "settlement_attempt_ids")
    def _check_settlement(self):
        for complaint in self:
            attempts = complaint.settlement_attempt_ids
            if complaint.settlement_outcome == "settled" and "agreed" not in attempts.mapped(
                "outcome"
            ):
                raise ValidationError(
                    self.env._(
                        "Record the attempt that reached an agreement before marking %s settled "
                        "amicably.",
                        complaint.name,
                    )
                )
            if complaint.settlement_outcome == "not_settled" and not attempts:
                raise ValidationError(
                    self.env._(
                        "Record the attempts to settle %s amicably before saying they failed.",
                        complaint.name,
                    )
                )

    @api.constrains("request_id", "beneficiary_id")
    def _check_request(self):
        for complaint in self.filtered("request_id"):
            if complaint.request_id.beneficiary_id != complaint.beneficiary_id:
                raise ValidationError(
                    self.env._(
                        "%(complaint)s can only be about a request of its complainant's file, "
                        "not %(request)s.",
                        complaint=complaint.name,
                        request=complaint.request_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [
            dict(vals, **self._anonymous_values()) if vals.get("anonymous") else dict(vals)
            for vals in vals_list
        ]
        codes = self._new_tracking_codes(len(vals_list))
        for vals, code in zip(vals_list, codes, strict=True):
            # Set with the rest: the acknowledgement gives both (no update per complaint).
            vals.setdefault("access_token", str(uuid.uuid4()))
            vals["tracking_code"] = code
        complaints = super().create(vals_list)
        complaints._keep_concerned_user_out()
        # Received: acknowledged to whoever can be reached; created already answered: the
        # answer (see _after_stage_change) gives the reference and the code too.
        complaints.filtered(lambda c: c.stage_kind in OPEN_KINDS)._notify_beneficiary("received")
        return complaints

    @api.model
    def _new_tracking_codes(self, count):
        """``count`` tracking codes used by no complaint, checked in one query."""
        codes = set()
        while len(codes) < count:
            candidates = {new_tracking_code() for _i in range(count - len(codes))} - codes
            # sudo: any complaint's code, hidden or not, must not be given twice; only
            # whether these codes are taken is read.
            taken = self.sudo().search_fetch(
                [("tracking_code", "in", list(candidates))], ["tracking_code"]
            )
            codes |= candidates - set(taken.mapped("tracking_code"))
        return list(codes)

    @api.model
    def _shared_defaults(self):
        return dict(super()._shared_defaults(), channel_id=self._default_channel)

    def _default_channel(self):
        return (
            self.env.ref(
                "beneficiary_relations.beneficiary_channel_phone", raise_if_not_found=False
            )
            or self.env["beneficiary.channel"]
        )

    def write(self, vals):
        if vals.get("anonymous"):
            vals = dict(vals, **self._anonymous_values())
        result = super().write(vals)
        if vals.get("suggestion_outcome") == "adopted" or vals.get("improvement_user_id"):
            self._plan_improvements()
        if "concerned_user_id" in vals or "user_id" in vals:
            self._keep_concerned_user_out()
        if "concerned_user_id" in vals or "company_id" in vals:
            # sudo: complaint ratings are the committee's; only these complaints' are recomputed
            ratings = self.sudo().rating_ids
            ratings._compute_beneficiary_concerned_user_id()
            ratings._compute_beneficiary_company_id()
        return result

    def _plan_improvements(self):
        """An adopted suggestion's improvement is a to-do for whoever carries it out."""
        for complaint in self.filtered(
            lambda c: c.suggestion_outcome == "adopted" and c.improvement_user_id
        ):
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=complaint.improvement_user_id.id,
                summary=self.env._("Carry out the improvement suggested in %s", complaint.name),
                note=complaint.improvement_action,
            )

    @api.model
    def _anonymous_values(self):
        return {
            "beneficiary_id": False,
            "partner_id": False,
            "contact_name": False,
            "email_from": False,
            "contact_phone": False,
        }

    # Actions --------------------------------------------------------------------------------

    def action_review(self):
        return self._move_to_kind("review")

    def action_escalate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Top Management"),
            "res_model": "beneficiary.complaint.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_resolve(self):
        return self._move_to_kind("resolved")

    def action_reject(self):
        return self._move_to_kind("rejected")

    def action_close(self):
        return self._move_to_kind("closed")

    def action_open_compensations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compensation"),
            "res_model": "beneficiary.compensation",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id},
        }

    def _escalate(self, reason):
        """Escalate to top management: an activity for each escalation recipient."""
        self.ensure_one()
        if self.stage_kind not in OPEN_KINDS:
            raise UserError(self.env._("%s is no longer open: it cannot be escalated.", self.name))
        self.write({"escalation_reason": reason})
        # sudo: the escalation flag is the application's record of this escalation, which the
        # user was just allowed to make.
        self.sudo().escalated = True
        if self.stage_kind != "escalated":
            self._move_to_kind("escalated")
        for user in self._escalation_recipients() - self.concerned_user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Complaint escalated to top management"),
                note=reason,
            )

    # Stage rules ----------------------------------------------------------------------------

    def _on_stage_change(self, old_kind):
        self.ensure_one()
        new_kind = self.stage_kind
        self._check_stage_rights(new_kind)
        if old_kind == "closed":
            raise UserError(self.env._("%s is closed and cannot move any more.", self.name))
        if new_kind in ("resolved", "rejected"):
            # sudo: the resolution date is the application's, set on this move only.
            self.sudo().date_resolved = fields.Datetime.now()
        elif new_kind in OPEN_KINDS and old_kind in DONE_KINDS:
            # sudo: reopened: the application clears its resolution date.
            self.sudo().date_resolved = False

    def _after_stage_change(self, old_kinds, created=False):
        """The complainant receives the answer, with a rating offered on the tracking page."""
        answered = self.filtered(
            lambda c: c.stage_kind in ("resolved", "rejected")
            and old_kinds[c.id] not in ("resolved", "rejected")
        )
        for complaint in answered.filtered(lambda c: not c.anonymous):
            # sudo: the rating request of this complaint's complainant, which the tracking
            # page offers (the committee member answering may not create ratings).
            complaint.sudo()._rating_get_access_token()
        answered._notify_beneficiary("resolved")

    def _escalation_recipients(self):
        return super()._escalation_recipients() - self.concerned_user_id

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_days(self):
        company = self.company_id
        days = {
            "complaint": company.beneficiary_complaint_days,
            "suggestion": company.beneficiary_suggestion_days,
            "inquiry": company.beneficiary_inquiry_days,
        }
        return days.get(self.complaint_type, 0)

    def _clock_fields(self):
        return super()._clock_fields() | {
            "date_received",
            "date_resolved",
            "resolution_working_days",
            "resolved_on_time",
        }

    def _send_reminders(self, step):
        result = super()._send_reminders(step)
        if step == "overdue":
            self._escalate_overdue()
        return result

    def _escalate_overdue(self):
        self._move_in_bulk("escalated", self.env._("Overdue: escalated to top management."))

    # Complainant ----------------------------------------------------------------------------

    def _notice_contact(self):
        """The complainant: nobody when anonymous; their file when there is one (with what
        the complaint adds, such as the address a mail came from); else their contact and
        whatever they gave on the complaint."""
        self.ensure_one()
        if self.anonymous:
            return NoticeContact(self.env["res.partner"], anonymous=True)
        phone = saudi_mobile(self.env, self.contact_phone)
        if self.beneficiary_id:
            contact = self.beneficiary_id._notice_contact()
            return contact._replace(
                email=contact.email or self.email_from or False,
                mobile=contact.mobile or phone,
            )
        partner = self.partner_id
        return NoticeContact(
            partner,
            email=self.email_from or partner.email or False,
            mobile=phone or saudi_mobile(self.env, partner.mobile or partner.phone),
            lang=self.lang or partner.lang,
        )

    def _notice_name(self):
        self.ensure_one()
        return self.contact_name or super()._notice_name()

    def _notice_call_user(self):
        """The follow-up member, else the file's officer, else top management: never the staff
        member the complaint is about."""
        self.ensure_one()
        candidates = self.user_id | self.beneficiary_id.contact_officer_id
        candidates |= self._escalation_recipients()
        return candidates.filtered(lambda u: u != self.concerned_user_id and not u.share)[:1]

    def _notice_tracking_code(self):
        """The tracking code as the complainant reads it (ABCD-2345)."""
        return format_tracking_code(self.tracking_code)

    def _notice_track_url(self):
        """The public page that shows the complaint's status, its answer and the rating."""
        return self._notice_url(f"/complaint/track?{urlencode({'code': self.tracking_code})}")

    def _rating_get_partner(self):
        return self.partner_id if not self.anonymous else self.env["res.partner"]

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _check_stage_rights(self, kind):
        """Resolving, rejecting or closing a complaint is the follow-up committee's call."""
        if kind in DONE_KINDS and not (self.env.su or self.env.user.has_group(FOLLOW_UP)):
            raise AccessError(
                self.env._(
                    "Only the follow-up committee or a manager can resolve, reject or close "
                    "a complaint."
                )
            )
