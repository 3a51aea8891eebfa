import base64

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import as_recorded_outcome, assign_references, is_recorded_outcome
from ..tools.groups import OFFICER

# Fields for staff only: the beneficiary reads their appeal's status and outcome, not these.
# Set by the application: who hears the appeal when it is made, its outcome when heard.
OUTCOME_FIELDS = {
    "state",
    "committee_id",
    "panel_ids",
    "by_management",
    "rejection_reason",
    "meeting_date",
    "member_ids",
    "vote_ids",
    "outcome_note",
    "decided_by_chair",
    "minutes",
    "minutes_name",
    "minutes_text",
    "date_decided",
}


class BeneficiaryRequestAppeal(models.Model):
    """A beneficiary contests the rejection of their request (reconsideration), within the
    number of days set in Settings: from the portal, or recorded by staff from a call or a
    letter, with the reason and documents. Research committee members who did not take the
    first decision hear it (management, when too few of them remain for the quorum), within
    its own working-day deadline; the outcome goes back on the request (upheld: approved;
    dismissed: it stays rejected) and to the beneficiary."""

    _name = "beneficiary.request.appeal"
    _description = "Appeal against a Decision"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.deadline.mixin",
        "beneficiary.notifier.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _deadline_start_field = "date_received"
    _deadline_days_depends = ("company_id.beneficiary_appeal_response_days",)
    _notice_prefix = "appeal"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    request_id = fields.Many2one(
        "beneficiary.request",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    beneficiary_id = fields.Many2one(related="request_id.beneficiary_id", store=True, index=True)
    partner_id = fields.Many2one(related="request_id.partner_id")
    service_id = fields.Many2one(related="request_id.service_id")
    channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Received Through",
        required=True,
        default=lambda self: self.env.ref(
            "beneficiary_relations.beneficiary_channel_phone", raise_if_not_found=False
        ),
    )
    date_received = fields.Datetime(default=fields.Datetime.now, required=True, copy=False)
    reason = fields.Text(string="Why the Decision Is Contested", required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "beneficiary_request_appeal_attachment_rel",
        string="Documents",
        groups=OFFICER,
    )
    rejection_reason = fields.Text(
        string="Reason for the Rejection", readonly=True, help="As the first decision gave it."
    )
    state = fields.Selection(
        [("open", "Being Heard"), ("upheld", "Upheld"), ("dismissed", "Dismissed")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    committee_id = fields.Many2one(
        "beneficiary.committee", readonly=True, copy=False, groups=OFFICER, check_company=True
    )
    by_management = fields.Boolean(
        string="Heard by Top Management",
        readonly=True,
        copy=False,
        groups=OFFICER,
        help="Too few committee members who did not take the first decision remain for the "
        "quorum: top management hears the appeal.",
    )
    panel_ids = fields.Many2many(
        "res.users",
        "beneficiary_request_appeal_panel_rel",
        string="Hearing Members",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    meeting_date = fields.Date(readonly=True, copy=False, groups=OFFICER)
    member_ids = fields.Many2many(
        "res.users",
        "beneficiary_request_appeal_member_rel",
        string="Members Present",
        readonly=True,
        copy=False,
        groups=OFFICER,
    )
    vote_ids = fields.One2many(
        "beneficiary.request.vote", "appeal_id", string="Votes", readonly=True, groups=OFFICER
    )
    decided_by_chair = fields.Boolean(
        string="Tie Settled by the Chair", readonly=True, copy=False, groups=OFFICER
    )
    outcome_note = fields.Text(string="Outcome and Its Reason", readonly=True, copy=False)
    minutes = fields.Binary(attachment=True, readonly=True, copy=False, groups=OFFICER)
    minutes_name = fields.Char(readonly=True, copy=False, groups=OFFICER)
    minutes_text = fields.Text(string="Minutes (Text)", readonly=True, copy=False, groups=OFFICER)
    date_decided = fields.Datetime(string="Heard On", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_recorded_outcome(self.env):
            for vals in vals_list:
                self._check_outcome_fields(vals)
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            request = self.env["beneficiary.request"].browse(vals.get("request_id"))
            if request and not vals.get("company_id"):
                vals["company_id"] = request.company_id.id
        assign_references(self, vals_list, "beneficiary.request.appeal")
        appeals = super().create(vals_list)
        for appeal in appeals:
            appeal._check_appealable()
            appeal._assign_panel()
        appeals._notify_beneficiary("received")
        return appeals

    def write(self, vals):
        if not is_recorded_outcome(self.env):
            self._check_outcome_fields(vals)
            if "request_id" in vals:
                raise UserError(self.env._("An appeal stays with the decision it contests."))
        return super().write(vals)

    def _check_outcome_fields(self, vals):
        if OUTCOME_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "Who hears an appeal is set when it is made, and its outcome is recorded "
                    "from the hearing with Record Outcome: neither is written directly."
                )
            )

    # Actions --------------------------------------------------------------------------------

    def action_open_hearing(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appeal Hearing"),
            "res_model": "beneficiary.request.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.request_id.id, "default_appeal_id": self.id},
        }

    # Making an appeal -----------------------------------------------------------------------

    def _check_appealable(self):
        """An appeal contests a rejection, once, within the company's window of days."""
        self.ensure_one()
        env = self.env
        request = self.request_id
        if request.decision != "rejected" or request.decided_on_appeal:
            raise ValidationError(
                env._(
                    "Only a rejected request can be contested: %s was not rejected.", request.name
                )
            )
        # sudo: whether the decision was already contested, whoever makes this appeal.
        earlier = self.sudo().search_count([("request_id", "=", request.id), ("id", "!=", self.id)])
        if earlier:
            raise ValidationError(
                env._(
                    "The decision on %s has already been contested: an appeal is heard once.",
                    request.name,
                )
            )
        deadline = request._appeal_deadline()
        received = fields.Datetime.context_timestamp(self, self.date_received).date()
        if not deadline or received > deadline:
            raise ValidationError(
                env._(
                    "The time to contest the decision on %(name)s ended on %(date)s "
                    "(%(days)s days after the decision).",
                    name=request.name,
                    date=deadline,
                    days=request.company_id.beneficiary_appeal_days,
                )
            )

    def _excluded_members(self):
        """``{user id: why}``: who may not hear this appeal: those who took the first decision
        and those who may not vote on the request."""
        self.ensure_one()
        why = self.request_id._conflicted_members()
        # sudo: who sat on the first decision, whoever makes or hears the appeal.
        first = self.request_id.sudo()
        for user in first.committee_member_ids | first.vote_ids.user_id:
            why[user.id] = self.env._("took the first decision")
        return why

    def _assign_panel(self):
        """The research committee members who did not take the first decision hear the
        appeal; when fewer of them remain than the quorum, top management does."""
        env = self.env
        # sudo: the committees and the first decision are read to name who hears the appeal,
        # including when the beneficiary makes it from the portal.
        request = self.request_id.sudo()
        excluded = self._excluded_members()
        # sudo: as above, the company's research committee when the first one is archived.
        Committee = env["beneficiary.committee"].sudo()
        committee = request.committee_id.filtered("active") or Committee._default_for(
            "research", self.company_id
        )
        eligible = committee.member_ids.filtered(lambda u: u.id not in excluded)
        by_management = not committee or len(eligible) < committee.quorum
        if by_management:
            eligible = self._escalation_recipients().filtered(lambda u: u.id not in excluded)
        as_recorded_outcome(self).write(
            {
                "committee_id": committee.id if not by_management else False,
                "by_management": by_management,
                "panel_ids": [Command.set(eligible.ids)],
                "rejection_reason": request.decision_note,
            }
        )
        for user in eligible:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=env._("Hear the appeal against the decision on %s", request.name),
                date_deadline=self.date_deadline or fields.Date.context_today(self),
            )
        heard_by = ", ".join(eligible.mapped("name")) or env._("nobody yet")
        request.message_post(
            body=Markup("<p>%s</p>")
            % (
                env._(
                    "The beneficiary contests the decision (%(appeal)s): heard by top "
                    "management (%(who)s).",
                    appeal=self.name,
                    who=heard_by,
                )
                if by_management
                else env._(
                    "The beneficiary contests the decision (%(appeal)s): heard by %(who)s.",
                    appeal=self.name,
                    who=heard_by,
                )
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _create_from_portal(self, request, reason, files):
        """The beneficiary's own appeal from the portal, with their documents (``files``:
        (name, content))."""
        # sudo: portal users read their request's beneficiary contact only, to check it is
        # theirs.
        if request.sudo().partner_id != self.env.user.partner_id:
            raise AccessError(self.env._("An appeal is made by the beneficiary themselves."))
        # sudo: portal users create no appeal; bounded to the signed-in beneficiary's own
        # request (checked above) and the checks of create (a rejection, within the window).
        appeal = self.sudo().create(
            {
                "request_id": request.id,
                "reason": reason,
                "channel_id": self.env.ref("beneficiary_relations.beneficiary_channel_portal").id,
            }
        )
        if files:
            # sudo: as above, the documents of this appeal only.
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "datas": base64.b64encode(content),
                            "res_model": self._name,
                            "res_id": appeal.id,
                        }
                        for name, content in files
                    ]
                )
            )
            appeal.attachment_ids = attachments
        return appeal

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_days(self):
        return self.company_id.beneficiary_appeal_response_days

    @api.model
    def _deadline_open_domain(self):
        return [("state", "=", "open")]

    def _deadline_responsible(self):
        # sudo: the cron reads who hears the appeal to remind them.
        appeal = self.sudo()
        chair = appeal.committee_id.chair_id
        return (chair if chair in appeal.panel_ids else appeal.panel_ids[:1]) or (
            self._escalation_recipients()
        )

    def _clock_fields(self):
        return super()._clock_fields() | {"date_received"}
