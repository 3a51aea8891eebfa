import importlib.util
import re
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase, RequestCase

GROUP = "beneficiary_relations.group_br_"


@tagged("post_install", "-at_install")
class TestCommitteeMembership(ComplaintCase):
    """Committees are records; each kind's rights follow membership of an active committee."""

    def test_membership_gives_and_takes_the_kind_group(self):
        newcomer = new_test_user(self.env, "br_newcomer", groups=f"{GROUP}officer")
        self.assertFalse(newcomer.has_group(f"{GROUP}committee"))
        self.research_committee.member_ids = [Command.link(newcomer.id)]
        self.assertTrue(newcomer.has_group(f"{GROUP}research_committee"))
        self.assertTrue(newcomer.has_group(f"{GROUP}committee"), "the research group implies it")
        self.assertFalse(newcomer.has_group(f"{GROUP}follow_up_committee"))
        self.research_committee.member_ids = [Command.unlink(newcomer.id)]
        self.assertFalse(newcomer.has_group(f"{GROUP}research_committee"))
        self.assertFalse(
            newcomer.has_group(f"{GROUP}committee"),
            "who leaves their last committee no longer reads incomes and health notes",
        )
        self.assertTrue(newcomer.has_group(f"{GROUP}officer"))

    def test_leaving_one_committee_of_two_keeps_the_committee_role(self):
        newcomer = new_test_user(self.env, "br_two_seats", groups=f"{GROUP}officer")
        self.research_committee.member_ids = [Command.link(newcomer.id)]
        self.follow_up_committee.member_ids = [Command.link(newcomer.id)]
        self.research_committee.member_ids = [Command.unlink(newcomer.id)]
        self.assertTrue(newcomer.has_group(f"{GROUP}follow_up_committee"))
        self.assertTrue(newcomer.has_group(f"{GROUP}committee"))

    def test_an_archived_committee_gives_nothing(self):
        self.assertTrue(self.follow_up.has_group(f"{GROUP}follow_up_committee"))
        self.follow_up_committee.active = False
        self.assertFalse(self.follow_up.has_group(f"{GROUP}follow_up_committee"))
        self.follow_up_committee.active = True
        self.assertTrue(self.follow_up.has_group(f"{GROUP}follow_up_committee"))

    def test_managers_keep_every_kind(self):
        self.follow_up_committee.member_ids = [Command.link(self.manager.id)]
        self.follow_up_committee.member_ids = [Command.unlink(self.manager.id)]
        for kind in ("research", "follow_up", "investigation"):
            self.assertTrue(self.manager.has_group(f"{GROUP}{kind}_committee"))

    def test_kinds_do_not_stand_for_each_other(self):
        self.assertTrue(self.committee.has_group(f"{GROUP}research_committee"))
        self.assertFalse(self.committee.has_group(f"{GROUP}follow_up_committee"))
        self.assertFalse(self.follow_up.has_group(f"{GROUP}research_committee"))

    def test_composition_is_checked(self):
        Committee = self.env["beneficiary.committee"]
        with self.assertRaisesText(ValidationError, "not one of its members"):
            Committee.create(
                {
                    "name": "Chair outside",
                    "kind": "research",
                    "member_ids": [Command.set(self.committee.ids)],
                    "chair_id": self.committee_2.id,
                    "quorum": 1,
                }
            )
        with self.assertRaisesText(ValidationError, r"quorum .* is more than its 1 members"):
            Committee.create(
                {
                    "name": "Too few",
                    "kind": "research",
                    "member_ids": [Command.set(self.committee.ids)],
                    "quorum": 2,
                }
            )
        portal = new_test_user(self.env, "br_committee_portal", groups="base.group_portal")
        with self.assertRaisesText(ValidationError, "are staff of its company"):
            Committee.create(
                {
                    "name": "Outsider",
                    "kind": "follow_up",
                    "member_ids": [Command.set(portal.ids)],
                    "quorum": 1,
                }
            )

    def test_only_managers_configure_committees(self):
        with self.assertRaises(AccessError):
            self.research_committee.with_user(self.committee).write({"quorum": 1})
        self.research_committee.with_user(self.manager).write({"quorum": 3})

    def test_a_research_member_cannot_resolve_a_complaint(self):
        complaint = self.create_complaint(user_id=self.follow_up.id, resolution="<p>Done</p>")
        Complaint = self.env["beneficiary.complaint"]
        self.assertFalse(Complaint.with_user(self.committee).search([("id", "=", complaint.id)]))
        complaint.user_id = self.committee  # even assigned to them
        with self.assertRaisesText(AccessError, "follow-up committee"):
            complaint.with_user(self.committee).action_resolve()
        self.assertEqual(complaint.stage_kind, "new")
        complaint.with_user(self.follow_up).action_resolve()
        self.assertEqual(complaint.stage_kind, "resolved")


@tagged("post_install", "-at_install")
class TestCommitteeDecision(RequestCase):
    """A decision is a meeting's outcome: quorum, members, votes, majority, reason, minutes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follow_up = new_test_user(cls.env, "br_decision_follow_up", groups=f"{GROUP}officer")
        cls.env["beneficiary.committee"].create(
            {
                "name": "Follow-up (decision test)",
                "kind": "follow_up",
                "member_ids": [Command.set(cls.follow_up.ids)],
                "quorum": 1,
            }
        )

    def setUp(self):
        super().setUp()
        self.request = self.create_request()
        self.request.action_check_completeness()
        self.assertEqual(self.request.stage_kind, "committee")

    def assertUndecided(self, request=None):
        request = request or self.request
        self.assertEqual(request.stage_kind, "committee")
        self.assertFalse(request.decision)
        self.assertFalse(request.vote_ids)
        self.assertFalse(request.committee_member_ids)

    def test_majority_decides_and_each_vote_is_kept(self):
        members = self.committee | self.committee_2 | self.committee_3
        votes = {
            self.committee.id: "reject",
            self.committee_2.id: "approve",
            self.committee_3.id: "approve",
        }
        self.record_decision(self.request, "approved", members=members, votes=votes)
        self.assertEqual((self.request.stage_kind, self.request.decision), ("decided", "approved"))
        self.assertFalse(self.request.decision_by_chair)
        self.assertEqual(self.request.committee_id, self.research_committee)
        self.assertEqual(self.request.committee_member_ids, members)
        self.assertEqual({vote.user_id.id: vote.vote for vote in self.request.vote_ids}, votes)
        self.assertTrue(self.request.vote_ids.filtered("is_chair").user_id == self.committee)
        self.assertTrue(self.request.decision_minutes_text)

    def test_abstentions_count_for_neither_side(self):
        members = self.committee | self.committee_2
        votes = {self.committee.id: "abstain", self.committee_2.id: "reject"}
        self.record_decision(self.request, "rejected", members=members, votes=votes)
        self.assertEqual(self.request.decision, "rejected")

    def test_a_tie_is_settled_by_the_chair(self):
        votes = {self.committee.id: "reject", self.committee_2.id: "approve"}
        self.record_decision(self.request, "rejected", votes=votes)
        self.assertEqual(self.request.decision, "rejected")
        self.assertTrue(self.request.decision_by_chair)

    def test_a_tie_without_the_chair_decides_nothing(self):
        members = self.committee_2 | self.committee_3
        votes = {self.committee_2.id: "approve", self.committee_3.id: "reject"}
        with self.assertRaisesText(ValidationError, "votes are tied"):
            self.record_decision(self.request, members=members, votes=votes)
        self.assertUndecided()
        votes = {self.committee_2.id: "abstain", self.committee_3.id: "abstain"}
        with self.assertRaisesText(ValidationError, "votes are tied"):
            self.record_decision(self.request, members=members, votes=votes)
        self.assertUndecided()

    def test_no_decision_without_quorum(self):
        with self.assertRaisesText(ValidationError, "1 members who may vote are present, below"):
            self.record_decision(self.request, members=self.committee)
        self.assertUndecided()

    def test_only_members_sit_and_every_one_votes(self):
        members = self.committee | self.committee_2 | self.officer
        with self.assertRaisesText(ValidationError, re.escape(f"{self.officer.name} may not sit")):
            self.record_decision(self.request, members=members)
        with self.assertRaisesText(ValidationError, re.escape(f"vote of {self.committee_2.name}")):
            self.record_decision(self.request, votes={self.committee.id: "approve"})
        with self.assertRaisesText(ValidationError, "minutes of the meeting are missing"):
            self.record_decision(self.request, minutes_text="  ")
        self.assertUndecided()

    def test_a_rejection_and_more_information_need_their_reason(self):
        with self.assertRaisesText(ValidationError, "a rejection needs its reason"):
            self.record_decision(self.request, "rejected", note="")
        with self.assertRaisesText(ValidationError, "say what information is missing"):
            self.record_decision(self.request, "more_info", note="")
        self.assertUndecided()

    def test_members_in_conflict_do_not_vote(self):
        self.request.researcher_id = self.committee_2
        with self.assertRaisesText(ValidationError, "may not vote: the social researcher"):
            self.record_decision(self.request)
        self.request.researcher_id = False
        self.beneficiary.staff_relative_ids = self.committee_2
        with self.assertRaisesText(ValidationError, "may not vote: a relative of the beneficiary"):
            self.record_decision(self.request)
        self.beneficiary.staff_relative_ids = False
        conflict = (
            self.env["beneficiary.request.conflict"]
            .with_user(self.committee_2)
            .create(
                {
                    "request_id": self.request.id,
                    "user_id": self.committee_2.id,
                    "reason": "Neighbour of the family",
                    "declared_by_id": self.manager.id,
                }
            )
        )
        self.assertEqual(conflict.declared_by_id, self.committee_2, "who declared it: the truth")
        with self.assertRaisesText(ValidationError, "declared in conflict .Neighbour"):
            self.record_decision(self.request)
        with self.assertRaisesText(AccessError, "cannot be changed"):
            conflict.with_user(self.committee_2).write({"reason": "Withdrawn"})
        with self.assertRaises(AccessError):
            conflict.with_user(self.committee_2).unlink()
        self.assertUndecided()
        # Two other members make the quorum.
        self.record_decision(self.request, members=self.committee | self.committee_3)
        self.assertEqual(self.request.decision, "approved")

    def test_the_wizard_names_who_may_not_vote(self):
        self.request.researcher_id = self.committee_3
        wizard = Form(
            self.env["beneficiary.request.decision.wizard"]
            .with_user(self.committee)
            .with_context(default_request_id=self.request.id)
        )
        self.assertIn(self.committee_3.name, wizard.conflict_note)
        self.assertFalse(wizard.member_ids, "nobody is present until said so")
        wizard.member_ids.add(self.committee)
        wizard.member_ids.add(self.committee_2)
        with wizard.vote_line_ids.edit(0) as line:
            line.vote = "reject"
        with wizard.vote_line_ids.edit(1) as line:
            line.vote = "approve"
        self.assertEqual((wizard.result, wizard.by_chair), ("rejected", True))

    def test_only_the_research_committee_decides(self):
        with self.assertRaisesText(AccessError, "Only a member of"):
            self.record_decision(self.request, user=self.follow_up)
        with self.assertRaises(AccessError):
            self.env["beneficiary.request.decision.wizard"].with_user(self.follow_up).create(
                {"request_id": self.request.id}
            )
        other = self.env["beneficiary.committee"].create(
            {
                "name": "Follow-up as research",
                "kind": "follow_up",
                "member_ids": [Command.set((self.committee | self.committee_2).ids)],
                "quorum": 2,
            }
        )
        with self.assertRaisesText(ValidationError, "decided by a research committee"):
            self.record_decision(self.request, committee=other)
        self.assertUndecided()

    def test_direct_writes_are_refused(self):
        for vals in (
            {"decision": "approved"},
            {"committee_member_ids": [Command.set(self.committee.ids)]},
            {"decision": "approved", "stage_id": self.stages["decided"].id},
        ):
            with self.subTest(vals=list(vals)):
                with self.assertRaisesText(AccessError, "recorded from its meeting"):
                    self.request.with_user(self.committee).write(vals)
        with self.assertRaisesText(UserError, "Record the committee's decision"):
            self.request.with_user(self.committee).write({"stage_id": self.stages["decided"].id})
        with self.assertRaisesText(AccessError, "never on their own"):
            self.env["beneficiary.request.vote"].with_user(self.committee).create(
                {
                    "request_id": self.request.id,
                    "user_id": self.committee.id,
                    "vote": "approve",
                    "meeting_date": "2026-01-01",
                }
            )
        self.assertUndecided()

    def test_votes_never_change(self):
        self.record_decision(self.request)
        with self.assertRaises(AccessError):
            self.request.vote_ids[:1].with_user(self.committee).write({"vote": "reject"})
        with self.assertRaises(AccessError):
            self.request.vote_ids[:1].with_user(self.manager).unlink()

    def test_the_decision_prints_with_its_votes(self):
        self.record_decision(self.request, "rejected", note="Income above the threshold")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.committee)
            ._render_qweb_html(
                "beneficiary_relations.beneficiary_request_committee_decision_report",
                self.request.ids,
            )
        )
        html = html.decode()
        self.assertIn(self.request.name, html)
        self.assertIn("Income above the threshold", html)
        self.assertIn(self.committee_2.name, html)
        self.assertIn("Reject", html)


@tagged("post_install", "-at_install")
class TestResearchRequired(RequestCase):
    """A service that needs a social research never reaches the committee without it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service.research_required = True

    def test_the_researcher_is_asked_for(self):
        request = self.create_request()
        self.assertTrue(request.research_required)
        action = request.with_user(self.officer).action_check_completeness()
        self.assertEqual(action["res_model"], "beneficiary.request.research.wizard")
        self.assertEqual(request.stage_kind, "received")

    def test_research_cannot_be_unticked(self):
        request = self.create_request()
        with self.assertRaisesText(ValidationError, "always needs a social research"):
            request.with_user(self.officer).research_required = False

    def test_no_path_skips_the_research(self):
        request = self.create_request(researcher_id=self.researcher.id)
        with self.assertRaisesText(UserError, "needs its social research before the committee"):
            request.with_user(self.officer).write({"stage_id": self.stages["committee"].id})
        self.assertEqual(request.stage_kind, "received")
        request.with_user(self.officer).action_check_completeness()
        self.assertEqual(request.stage_kind, "research")
        for vals in ({}, {"research_report": "<p>Visited</p>"}):
            request.with_user(self.researcher).write(vals)
            with self.assertRaisesText(UserError, "the date of the research report"):
                request.with_user(self.officer).action_send_to_committee()
            with self.assertRaisesText(UserError, "needs its social research"):
                request.with_user(self.committee).write({"stage_id": self.stages["committee"].id})
        self.assertEqual(request.stage_kind, "research")
        with self.assertRaisesText(UserError, "already been decided|not before the committee"):
            self.record_decision(request)
        request.with_user(self.researcher).research_date = "2026-12-01"
        request.with_user(self.officer).action_send_to_committee()
        self.assertEqual(request.stage_kind, "committee")
        self.assertFalse(request.activity_ids, "the research to-do was closed")


@tagged("post_install", "-at_install")
class TestCommitteeMigration(ComplaintCase):
    """Upgrading to 18.0.1.6.0: today's committee members sit on one committee of each kind
    per company, so that nobody loses their rights silently."""

    def test_committee_members_keep_their_rights(self):
        path = Path(__file__).resolve().parent.parent / "migrations/18.0.1.6.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("br_post_migrate_1_6", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        company = self.env["res.company"].create({"name": "Branch association"})
        old_member = new_test_user(
            self.env,
            "br_old_committee",
            groups=f"{GROUP}committee",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self.assertFalse(old_member.has_group(f"{GROUP}research_committee"))
        complaint = self.create_complaint()
        self.env.flush_all()
        # Settled amicably before settlements had their attempts and outcome.
        self.env.cr.execute(
            "UPDATE beneficiary_complaint SET settled_amicably = TRUE WHERE id = %s",
            [complaint.id],
        )
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        committees = self.env["beneficiary.committee"].search([("company_id", "=", company.id)])
        self.assertEqual(
            sorted(committees.mapped("kind")), ["follow_up", "investigation", "research"]
        )
        self.assertEqual(committees.member_ids, old_member)
        for kind in ("research", "follow_up", "investigation"):
            self.assertTrue(old_member.has_group(f"{GROUP}{kind}_committee"))
        rule = self.env.ref("beneficiary_relations.beneficiary_complaint_rule_committee")
        self.assertEqual(rule.groups, self.env.ref(f"{GROUP}follow_up_committee"))
        self.assertEqual(complaint.settlement_outcome, "settled")
        # Run twice: nothing more.
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.assertEqual(
            self.env["beneficiary.committee"].search_count([("company_id", "=", company.id)]), 3
        )
