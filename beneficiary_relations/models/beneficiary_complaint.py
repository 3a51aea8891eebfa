from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from .beneficiary_complaint_stage import DONE_KINDS, OPEN_KINDS

FOLLOW_UP = "beneficiary_relations.group_br_follow_up_committee"
# Fields for staff only: the complainant reads their complaint on the portal, not these.
STAFF = "beneficiary_relations.group_br_officer"


class BeneficiaryComplaint(models.Model):
    _name = "beneficiary.complaint"
    _description = "Complaint"
    _inherit = [
        "beneficiary.complaint.intake",
        "beneficiary.complaint.confidential",
        "beneficiary.staged.mixin",
        "beneficiary.notifier.mixin",
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
    subject = fields.Char(required=True, tracking=True)
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
    concerned_user_id = fields.Many2one(
        "res.users",
        string="Staff Member Concerned",
        domain=[("share", "=", False)],
        tracking=True,
        groups=STAFF,
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
    escalation_reason = fields.Text(copy=False, groups=STAFF)
    compensation_ids = fields.One2many("beneficiary.compensation", "complaint_id", groups=STAFF)
    compensation_count = fields.Integer(compute="_compute_compensation_count", groups=STAFF)
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
        groups="beneficiary_relations.group_br_manager",
        help="The one-time key of the public website form that sent this complaint: a "
        "resubmitted form finds it instead of creating another.",
    )

    _sql_constraints = [
        (
            "website_submission_key_uniq",
            "unique(website_submission_key)",
            "This form was already submitted.",
        ),
    ]

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
            dict(vals, **self._anonymous_values()) if vals.get("anonymous") else vals
            for vals in vals_list
        ]
        complaints = super().create(vals_list)
        complaints._keep_concerned_user_out()
        return complaints

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
            self._notify_beneficiary("resolved")
        elif new_kind in OPEN_KINDS and old_kind in DONE_KINDS:
            # sudo: reopened: the application clears its resolution date.
            self.sudo().date_resolved = False

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
        return super()._clock_fields() | {"date_received", "date_resolved"}

    def _send_reminders(self, step):
        result = super()._send_reminders(step)
        if step == "overdue":
            self._escalate_overdue()
        return result

    def _escalate_overdue(self):
        self._move_in_bulk("escalated", self.env._("Overdue: escalated to top management."))

    # Complainant ----------------------------------------------------------------------------

    def _notice_partner(self):
        return self.partner_id if not self.anonymous else self.env["res.partner"]

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
