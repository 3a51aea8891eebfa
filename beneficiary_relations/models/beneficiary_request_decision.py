from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import as_recorded_outcome, is_recorded_outcome
from ..tools.groups import MANAGER, OFFICER
from .beneficiary_request_stage import KIND_RANK

# Fields for staff only: the beneficiary reads the decision and its reason, not these.
# Written only with a meeting's outcome (or an appeal's), never directly by a client.
DECISION_FIELDS = {
    "decision",
    "decision_date",
    "decision_note",
    "committee_id",
    "decision_meeting_date",
    "committee_member_ids",
    "vote_ids",
    "decision_by_chair",
    "decision_minutes",
    "decision_minutes_name",
    "decision_minutes_text",
    "decided_on_appeal",
}
RESULTS = {"approve": "approved", "reject": "rejected"}


class BeneficiaryRequestDecision(models.AbstractModel):
    """The research committee's decision on a request, as the outcome of a meeting: the
    committee, the date, the members present (at least its quorum, none in conflict), each
    member's vote, the majority result, the reason and the dated minutes. It is recorded in
    one write with the move to the decided stage, by ``_record_meeting_outcome`` only: the
    decision wizard calls it; a kanban drag to the decided stage, an import or an RPC write
    of the decision are refused."""

    _name = "beneficiary.request.decision"
    _description = "Committee Decision on a Request"

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
    committee_id = fields.Many2one(
        "beneficiary.committee",
        string="Deciding Committee",
        copy=False,
        tracking=True,
        groups=OFFICER,
    )
    decision_meeting_date = fields.Date(string="Meeting Date", copy=False, groups=OFFICER)
    committee_member_ids = fields.Many2many(
        "res.users",
        "beneficiary_request_committee_member_rel",
        string="Members Present",
        copy=False,
        groups=OFFICER,
    )
    vote_ids = fields.One2many(
        "beneficiary.request.vote",
        "request_id",
        string="Votes",
        domain=[("appeal_id", "=", False)],
        copy=False,
        groups=OFFICER,
    )
    decision_by_chair = fields.Boolean(
        string="Tie Settled by the Chair",
        copy=False,
        groups=OFFICER,
        help="The votes were tied; the chair's vote decided.",
    )
    decision_minutes = fields.Binary(string="Minutes", attachment=True, copy=False, groups=OFFICER)
    decision_minutes_name = fields.Char(copy=False, groups=OFFICER)
    decision_minutes_text = fields.Text(string="Minutes (Text)", copy=False, groups=OFFICER)
    decided_on_appeal = fields.Boolean(
        copy=False,
        readonly=True,
        help="Approved when the beneficiary's appeal against the rejection was upheld.",
    )
    conflict_ids = fields.One2many(
        "beneficiary.request.conflict",
        "request_id",
        string="Conflicts of Interest",
        copy=False,
        groups=OFFICER,
    )
    appeal_ids = fields.One2many("beneficiary.request.appeal", "request_id", string="Appeals")
    appeal_deadline = fields.Date(
        string="Appeal Until",
        compute="_compute_appeal_deadline",
        help="The last day the beneficiary may contest the rejection.",
    )
    can_appeal = fields.Boolean(compute="_compute_appeal_deadline")

    @api.depends("decision", "decision_date", "decided_on_appeal", "appeal_ids")
    def _compute_appeal_deadline(self):
        today = fields.Date.context_today(self)
        # sudo: whether an appeal was already made, whoever reads the request (its
        # beneficiary on the portal may not read every appeal field).
        appealed = set(self.sudo().appeal_ids.request_id.ids)
        for request in self:
            deadline = request._appeal_deadline()
            request.appeal_deadline = deadline
            request.can_appeal = bool(deadline and deadline >= today and request.id not in appealed)

    def _appeal_deadline(self):
        if self.decision != "rejected" or not self.decision_date or self.decided_on_appeal:
            return False
        days = self.company_id.beneficiary_appeal_days
        decided = fields.Datetime.context_timestamp(self, self.decision_date).date()
        return fields.Date.add(decided, days=days)

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
        self._check_decision_rights(set().union(*vals_list))
        return super().create(vals_list)

    def write(self, vals):
        self._check_decision_rights(vals)
        return super().write(vals)

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

    def action_open_appeal(self):
        """Record an appeal the beneficiary made by phone, letter or in person."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appeal"),
            "res_model": "beneficiary.request.appeal",
            "view_mode": "form",
            "target": "current",
            "context": {"default_request_id": self.id},
        }

    def action_view_appeals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appeals"),
            "res_model": "beneficiary.request.appeal",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
            "context": {"default_request_id": self.id},
        }

    def _check_decision_rights(self, vals):
        if DECISION_FIELDS & set(vals) and not is_recorded_outcome(self.env):
            raise AccessError(
                self.env._(
                    "A committee decision is recorded from its meeting with Record Decision "
                    "(the committee, the members present, their votes and the minutes), "
                    "never written directly."
                )
            )

    def _conflicted_members(self):
        """``{user id: why}``: the staff who may not vote on this request: the beneficiary
        themselves, their relatives among the staff, the request's researcher and anyone
        declared in conflict on it."""
        self.ensure_one()
        env = self.env
        # sudo: who may not vote is read whatever the one recording the meeting may read of
        # the file; only these users' ids and the reasons come out.
        request = self.sudo()
        why = {}
        for conflict in request.conflict_ids:
            why[conflict.user_id.id] = env._("declared in conflict (%s)", conflict.reason)
        for user in request.beneficiary_id.staff_relative_ids:
            why[user.id] = env._("a relative of the beneficiary")
        if request.researcher_id:
            why[request.researcher_id.id] = env._("the social researcher of this request")
        partner = request.beneficiary_id.partner_id
        if partner:
            # sudo: the account of the beneficiary's own contact, if they are staff themselves.
            for user in env["res.users"].sudo().search([("partner_id", "=", partner.id)]):
                why[user.id] = env._("the beneficiary")
        return why

    def _check_outcome_recorder(self, committee):
        """Only a member of the committee (its secretary among them) or a manager records
        its meeting."""
        user = self.env.user
        if not (self.env.su or user in committee.member_ids or user.has_group(MANAGER)):
            raise AccessError(
                self.env._(
                    "Only a member of %s or a manager records its meetings.",
                    committee.display_name or self.env._("the research committee"),
                )
            )

    def _record_meeting_outcome(self, meeting):
        """Record the research committee's meeting on this request and move it on, in one
        write: decided (approved or rejected by the majority of the votes), or back to the
        completeness check (its clock stopped) when the meeting asks for more information.

        ``meeting``: ``committee``, ``date``, ``members`` (present), ``votes`` (``{user id:
        "approve" | "reject" | "abstain"}``), ``more_info``, ``note``, ``minutes``,
        ``minutes_name``, ``minutes_text``. Everything is checked as the user first; every
        problem is named in one error."""
        self.ensure_one()
        env = self.env
        committee = meeting["committee"]
        self._check_outcome_recorder(committee)
        if self.stage_kind != "committee":
            if KIND_RANK.get(self.stage_kind, 0) >= KIND_RANK["decided"] or (
                self.stage_kind == "cancelled"
            ):
                raise UserError(env._("%s has already been decided.", self.name))
            raise UserError(
                env._("%s is not before the committee yet: it cannot be decided.", self.name)
            )
        if committee.kind != "research" or committee.company_id != self.company_id:
            raise ValidationError(
                env._("%s is decided by a research committee of its association.", self.name)
            )
        more_info = bool(meeting.get("more_info"))
        title = env._("The decision on %s cannot be recorded:", self.name)
        result, by_chair = committee._check_meeting(
            title,
            dict(meeting, votes=None if more_info else meeting["votes"]),
            self._conflicted_members(),
        )
        decision = "more_info" if more_info else RESULTS[result]
        note = (meeting.get("note") or "").strip()
        if decision in ("rejected", "more_info") and not note:
            raise ValidationError(
                title
                + "\n- "
                + (
                    env._("a rejection needs its reason")
                    if decision == "rejected"
                    else env._("say what information is missing")
                )
            )
        stage = self._stage_of_kind("completeness" if more_info else "decided")
        if not stage:
            raise UserError(env._("No stage is configured for this step."))
        members = meeting["members"]
        vals = {
            "decision": decision,
            "decision_note": note,
            "decision_date": fields.Datetime.now(),
            "committee_id": committee.id,
            "decision_meeting_date": meeting["date"],
            "committee_member_ids": [Command.set(members.ids)],
            "decision_by_chair": by_chair,
            "decision_minutes": meeting.get("minutes") or False,
            "decision_minutes_name": meeting.get("minutes_name") or False,
            "decision_minutes_text": meeting.get("minutes_text") or False,
            "stage_id": stage.id,
        }
        if not more_info:
            vals["vote_ids"] = [
                Command.create(
                    {
                        "committee_id": committee.id,
                        "meeting_date": meeting["date"],
                        "user_id": user.id,
                        "vote": meeting["votes"][user.id],
                        "is_chair": user == committee.chair_id,
                    }
                )
                for user in members
            ]
        else:
            vals["date_complete"] = False
        as_recorded_outcome(self).write(vals)
        if more_info:
            self._notify_beneficiary("more_info")
        return decision

    def _uphold_on_appeal(self, appeal):
        """The appeal against the rejection was upheld: the request goes on as approved (a
        closed request comes back to the decided stage), in one write."""
        self.ensure_one()
        vals = {
            "decision": "approved",
            "decision_note": appeal.outcome_note
            or self.env._("Approved on appeal (%s).", appeal.name),
            "decision_date": fields.Datetime.now(),
            "decided_on_appeal": True,
        }
        if self.stage_kind != "decided":
            vals["stage_id"] = self._stage_of_kind("decided").id
        as_recorded_outcome(self).write(vals)
