from odoo import Command, api, fields, models

from ..models.beneficiary_committee import VOTES, tally


class BeneficiaryRequestDecisionWizard(models.TransientModel):
    """The research committee's meeting on a request (or on its appeal, when ``appeal_id``
    is set): who was present, how each voted, the reason and the minutes. The request (or
    the appeal) checks it all and records it: this form only gathers it."""

    _name = "beneficiary.request.decision.wizard"
    _description = "Committee Meeting"

    request_id = fields.Many2one("beneficiary.request", required=True, ondelete="cascade")
    appeal_id = fields.Many2one("beneficiary.request.appeal", ondelete="cascade")
    company_id = fields.Many2one(related="request_id.company_id")
    committee_id = fields.Many2one(
        "beneficiary.committee",
        compute="_compute_committee_id",
        store=True,
        readonly=False,
        domain="[('kind', '=', 'research'), ('company_id', '=', company_id)]",
    )
    meeting_date = fields.Date(required=True, default=fields.Date.context_today)
    pool_ids = fields.Many2many(
        "res.users",
        "beneficiary_decision_wizard_pool_rel",
        compute="_compute_pool_ids",
        string="May Sit",
    )
    member_ids = fields.Many2many(
        "res.users",
        "beneficiary_decision_wizard_member_rel",
        string="Members Present",
        domain="[('id', 'in', pool_ids)]",
    )
    vote_line_ids = fields.One2many(
        "beneficiary.request.decision.wizard.vote",
        "wizard_id",
        string="Votes",
        compute="_compute_vote_line_ids",
        store=True,
        readonly=False,
    )
    more_info = fields.Boolean(
        string="Ask for More Information",
        help="The committee does not decide yet: the request goes back to the completeness "
        "check and its clock stops until the file is complete again.",
    )
    result = fields.Selection(
        [
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("more_info", "More Information Needed"),
            ("tie", "No Decision: Tied Votes"),
        ],
        compute="_compute_result",
    )
    by_chair = fields.Boolean(string="Settled by the Chair", compute="_compute_result")
    conflict_note = fields.Text(string="May Not Vote", compute="_compute_conflict_note")
    note = fields.Text(string="Reason or Missing Information")
    minutes = fields.Binary()
    minutes_name = fields.Char()
    minutes_text = fields.Text(string="Minutes (Text)")

    @api.depends("request_id", "appeal_id")
    def _compute_committee_id(self):
        Committee = self.env["beneficiary.committee"]
        for wizard in self:
            if wizard.appeal_id:
                wizard.committee_id = wizard.appeal_id.committee_id
            elif not wizard.committee_id and wizard.request_id:
                wizard.committee_id = Committee._default_for("research", wizard.company_id)

    @api.depends("committee_id", "appeal_id")
    def _compute_pool_ids(self):
        for wizard in self:
            if wizard.appeal_id:
                wizard.pool_ids = wizard.appeal_id.panel_ids
            else:
                wizard.pool_ids = wizard.committee_id.member_ids

    @api.depends("member_ids")
    def _compute_vote_line_ids(self):
        for wizard in self:
            cast = {line.user_id._origin.id: line.vote for line in wizard.vote_line_ids}
            wizard.vote_line_ids = [Command.clear()] + [
                Command.create({"user_id": user.id, "vote": cast.get(user.id)})
                for user in wizard.member_ids._origin
            ]

    @api.depends("vote_line_ids.vote", "more_info", "committee_id", "member_ids")
    def _compute_result(self):
        for wizard in self:
            if wizard.more_info:
                wizard.result, wizard.by_chair = "more_info", False
                continue
            votes = {
                line.user_id._origin.id: line.vote for line in wizard.vote_line_ids if line.vote
            }
            chair = wizard.committee_id.chair_id._origin
            present = chair and chair.id in wizard.member_ids._origin.ids
            outcome, by_chair = tally(votes, chair if present else None)
            wizard.result = {"approve": "approved", "reject": "rejected"}.get(outcome, "tie")
            wizard.by_chair = by_chair

    @api.depends("request_id", "appeal_id", "pool_ids")
    def _compute_conflict_note(self):
        for wizard in self:
            if wizard.appeal_id:
                excluded = wizard.appeal_id._excluded_members()
            elif wizard.request_id:
                excluded = wizard.request_id._conflicted_members()
            else:
                excluded = {}
            names = self.env["res.users"].browse(excluded).exists()
            wizard.conflict_note = "\n".join(
                f"{user.name}: {excluded[user.id]}"
                for user in names
                if user in wizard.pool_ids or user in wizard.committee_id.member_ids
            )

    def _meeting(self):
        self.ensure_one()
        return {
            "committee": self.committee_id,
            "date": self.meeting_date,
            "members": self.member_ids,
            "votes": {line.user_id.id: line.vote for line in self.vote_line_ids if line.vote},
            "more_info": self.more_info and not self.appeal_id,
            "note": self.note,
            "minutes": self.minutes,
            "minutes_name": self.minutes_name,
            "minutes_text": self.minutes_text,
        }

    def action_apply(self):
        self.ensure_one()
        if self.appeal_id:
            self.appeal_id._record_hearing_outcome(self._meeting())
        else:
            self.request_id._record_meeting_outcome(self._meeting())
        return {"type": "ir.actions.act_window_close"}


class BeneficiaryRequestDecisionWizardVote(models.TransientModel):
    _name = "beneficiary.request.decision.wizard.vote"
    _description = "Vote at a Committee Meeting"

    wizard_id = fields.Many2one(
        "beneficiary.request.decision.wizard", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Member", required=True)
    vote = fields.Selection(VOTES)
