import uuid

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index

from ..tools.groups import MANAGER, OFFICER
from .beneficiary_complaint_stage import OPEN_KINDS

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
        result = super().init()
        # The officers' record rule reads "assigned to me or recorded by me".
        create_index(self.env.cr, f"{self._table}_create_uid_index", self._table, ["create_uid"])
        return result

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
