from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.groups import COMMITTEE, FOLLOW_UP, INVESTIGATION, RESEARCH_COMMITTEE

# The group each kind of committee gives its members; kept in sync with the membership of
# the active committees of that kind (managers have them all through their own group).
KIND_GROUPS = {
    "research": RESEARCH_COMMITTEE,
    "follow_up": FOLLOW_UP,
    "investigation": INVESTIGATION,
}
VOTES = [("approve", "Approve"), ("reject", "Reject"), ("abstain", "Abstain")]


def tally(votes, chair):
    """The outcome of ``votes`` (``{user id: vote}``): ``(result, by_chair)``, the result being
    "approve", "reject" or False. The majority of the votes cast decides; abstentions count
    for neither side. A tie is settled by the vote of ``chair`` (the committee's chair, when
    present) if they voted for one side; otherwise the meeting decides nothing."""
    approve = sum(1 for vote in votes.values() if vote == "approve")
    reject = sum(1 for vote in votes.values() if vote == "reject")
    if approve != reject:
        return ("approve" if approve > reject else "reject"), False
    chair_vote = votes.get(chair.id) if chair else None
    if chair_vote in ("approve", "reject"):
        return chair_vote, True
    return False, False


class BeneficiaryCommittee(models.Model):
    """A committee the policies name: the research committee decides service requests and
    hears appeals, the follow-up committee handles complaints, the investigation committee
    establishes the damage for compensation. Its members hold the rights of its kind."""

    _name = "beneficiary.committee"
    _description = "Committee"
    _inherit = ["mail.thread"]
    _order = "kind, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("research", "Research Committee"),
            ("follow_up", "Follow-up Committee"),
            ("investigation", "Investigation Committee"),
        ],
        required=True,
        tracking=True,
        help="Research: decides service requests and hears appeals. Follow-up: handles "
        "complaints. Investigation: establishes the damage and signs off compensation.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "beneficiary_committee_member_rel",
        "committee_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    chair_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('id', 'in', member_ids)]",
        help="Settles a tie with their vote. Without a chair, a tied vote decides nothing.",
    )
    quorum = fields.Integer(
        default=2,
        required=True,
        tracking=True,
        help="How many members, none of them in conflict, must be present for a decision.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text()
    member_count = fields.Integer(compute="_compute_member_count")

    @api.depends("member_ids")
    def _compute_member_count(self):
        for committee in self:
            committee.member_count = len(committee.member_ids)

    @api.constrains("member_ids", "chair_id", "quorum", "company_id")
    def _check_composition(self):
        for committee in self:
            if committee.quorum < 1:
                raise ValidationError(
                    self.env._("The quorum of %s is at least one member.", committee.name)
                )
            if committee.member_ids and committee.quorum > len(committee.member_ids):
                raise ValidationError(
                    self.env._(
                        "The quorum of %(name)s (%(quorum)s) is more than its %(count)s members.",
                        name=committee.name,
                        quorum=committee.quorum,
                        count=len(committee.member_ids),
                    )
                )
            if committee.chair_id and committee.chair_id not in committee.member_ids:
                raise ValidationError(
                    self.env._(
                        "%(chair)s chairs %(name)s but is not one of its members.",
                        chair=committee.chair_id.name,
                        name=committee.name,
                    )
                )
            outsiders = committee.member_ids.filtered(
                lambda u, c=committee: u.share or c.company_id not in u.company_ids
            )
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "Members of %(name)s are staff of its company: %(users)s are not.",
                        name=committee.name,
                        users=", ".join(outsiders.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        committees = super().create(vals_list)
        self._sync_committee_groups(set(committees.mapped("kind")))
        return committees

    def write(self, vals):
        kinds_before = set(self.mapped("kind"))
        result = super().write(vals)
        if {"member_ids", "active", "kind"} & set(vals):
            self._sync_committee_groups(kinds_before | set(self.mapped("kind")))
        return result

    def unlink(self):
        kinds = set(self.mapped("kind"))
        result = super().unlink()
        self._sync_committee_groups(kinds)
        return result

    @api.model
    def _sync_committee_groups(self, kinds=None):
        """Give each kind's group to the members of the active committees of that kind, and
        take it from anyone else who does not have it through another group (managers)."""
        # sudo: the groups that imply a kind's group (managers') and their users are read to
        # keep them; nothing else of them.
        Groups = self.env["res.groups"].sudo()
        leaving = self.env["res.users"]
        for kind in kinds or KIND_GROUPS:
            # sudo: the kind's group only: its users follow committee membership.
            group = self.env.ref(KIND_GROUPS[kind]).sudo().with_context(active_test=False)
            # sudo: membership of every company's active committees decides who holds it.
            committees = self.sudo().with_context(active_test=True).search([("kind", "=", kind)])
            members = committees.member_ids
            implying = Groups.search([("implied_ids", "in", group.ids)])
            while True:
                wider = Groups.search([("implied_ids", "in", implying.ids)]) - implying
                if not wider:
                    break
                implying |= wider
            keep = members | implying.with_context(active_test=False).users
            holders = group.users
            commands = [Command.link(user.id) for user in members - holders]
            # Archived users keep their groups, as Odoo does when a group stops being implied.
            gone = (holders - keep).filtered("active")
            commands += [Command.unlink(user.id) for user in gone]
            if commands:
                group.write({"users": commands})
            leaving |= gone
        self._drop_committee_role(leaving)

    @api.model
    def _drop_committee_role(self, users):
        """Who has just left their last committee is an officer again: the committee role they
        held through it (reading incomes, health notes and confidential documents) goes with
        it. Odoo keeps a group once implied; managers keep theirs through their own group."""
        # sudo: the generic committee group, only for ``users``, who have just lost a
        # committee kind's group in this sync.
        role = self.env.ref(COMMITTEE).sudo()
        kinds = [self.env.ref(xmlid).id for xmlid in KIND_GROUPS.values()]
        implying = role.search([("implied_ids", "in", role.ids), ("id", "not in", kinds)])
        wider = implying
        while wider:
            wider = role.search([("implied_ids", "in", wider.ids)]) - implying
            implying |= wider
        stays = implying.with_context(active_test=False).users
        left = users.filtered(
            lambda user: user not in stays and not set(user.groups_id.ids) & set(kinds)
        )
        if left:
            role.write({"users": [Command.unlink(user.id) for user in left]})

    @api.model
    def _default_for(self, kind, company, user=None):
        """The active committee of ``kind`` in ``company`` that ``user`` sits on, else the
        first one."""
        committees = self.search([("kind", "=", kind), ("company_id", "=", company.id)])
        user = user or self.env.user
        return committees.filtered(lambda c: user in c.member_ids)[:1] or committees[:1]

    def _check_meeting(self, title, meeting, excluded, pool=None, quorum=None, chair=None):
        """Check a meeting of this committee and return its ``(result, by_chair)``; every
        problem found is listed in one error, under ``title``. ``pool``, ``quorum`` and
        ``chair``, when given, replace the committee's members, quorum and chair (an appeal's
        hearing). ``meeting`` holds ``date``, ``members`` (the users present), ``votes``
        (``{user id: vote}``, None when the meeting does not vote), ``minutes`` and
        ``minutes_text``; ``excluded`` is ``{user id: why they may not vote}``."""
        pool = self.member_ids if pool is None else pool
        quorum = self.quorum if quorum is None else quorum
        chair = self.chair_id if chair is None else chair
        problems = self._meeting_problems(meeting, excluded, pool, quorum)
        if problems:
            raise ValidationError(title + "\n- " + "\n- ".join(problems))
        if meeting["votes"] is None:
            return False, False
        members = meeting["members"]
        result, by_chair = tally(meeting["votes"], chair if chair in members else None)
        if not result:
            raise ValidationError(
                self.env._(
                    "The votes are tied and no chair's vote settles them: the meeting decides "
                    "nothing. Meet again, or record the chair's vote."
                )
            )
        return result, by_chair

    def _meeting_problems(self, meeting, excluded, pool, quorum):
        env = self.env
        members = meeting["members"]
        problems = []
        if self and not self.active:
            problems.append(env._("%s is archived", self.name))
        date = meeting["date"]
        if not date:
            problems.append(env._("the date of the meeting is missing"))
        elif date > fields.Date.context_today(self):
            problems.append(env._("the meeting is dated in the future"))
        outsiders = members - pool
        if outsiders:
            problems.append(
                env._(
                    "%s may not sit on this meeting: only its members may",
                    ", ".join(outsiders.mapped("name")),
                )
            )
        in_conflict = members.filtered(lambda u: u.id in excluded)
        problems += [
            env._("%(member)s may not vote: %(why)s", member=user.name, why=excluded[user.id])
            for user in in_conflict
        ]
        voters = members - outsiders - in_conflict
        if len(voters) < quorum:
            problems.append(
                env._(
                    "%(count)s members who may vote are present, below the quorum of %(quorum)s",
                    count=len(voters),
                    quorum=quorum,
                )
            )
        problems += self._vote_problems(members, meeting["votes"])
        if not (meeting["minutes"] or (meeting["minutes_text"] or "").strip()):
            problems.append(env._("the minutes of the meeting are missing (a file or their text)"))
        return problems

    def _vote_problems(self, members, votes):
        if votes is None:
            return []
        env = self.env
        problems = []
        silent = members.filtered(lambda u: not votes.get(u.id))
        if silent:
            problems.append(env._("the vote of %s is missing", ", ".join(silent.mapped("name"))))
        absent = env["res.users"].browse(votes).exists() - members
        if absent:
            problems.append(
                env._("%s voted without being present", ", ".join(absent.mapped("name")))
            )
        return problems
