"""Committees, decisions, appeals and compensation attacked as a client would: XML-RPC as
each user. Every refusal names what is wrong; nothing is half-written."""

import base64

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCase, RpcMixin

EVIDENCE = base64.b64encode(b"%PDF-1.4\nruling\n%%EOF\n").decode()


@tagged("post_install", "-at_install", "security")
class TestSecurityCommittee(RpcMixin, HttpCase, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Rent (committee sec)", "response_days": 10, "research_required": True}
        )
        cls.quick_service = cls.env["beneficiary.service"].create(
            {"name": "Food (committee sec)", "response_days": 10}
        )
        cls.investigator = new_test_user(
            cls.env, "br_sec_investigator", groups="beneficiary_relations.group_br_officer"
        )
        cls.investigation = cls.env["beneficiary.committee"].create(
            {
                "name": "Investigation (committee sec)",
                "kind": "investigation",
                "member_ids": [Command.set(cls.investigator.ids)],
                "quorum": 1,
            }
        )
        users = (
            cls.officer
            | cls.committee
            | cls.committee_2
            | cls.manager
            | cls.follow_up
            | cls.investigator
        )
        users.lang = "en_US"

    def request_before_committee(self):
        request = self.env["beneficiary.request"].create(
            {"beneficiary_id": self.beneficiary.id, "service_id": self.quick_service.id}
        )
        request.action_check_completeness()
        self.assertEqual(request.stage_kind, "committee")
        return request

    def test_a_decision_is_never_written_directly(self):
        request = self.request_before_committee()
        decided = self.env["beneficiary.request.stage"].search([("kind", "=", "decided")])
        for vals, pattern in (
            ({"decision": "approved"}, "recorded from its meeting"),
            (
                {"decision": "approved", "stage_id": decided.id, "decision_note": "ok"},
                "recorded from its meeting",
            ),
            ({"vote_ids": [(0, 0, {"user_id": 1, "vote": "approve"})]}, "meeting"),
            ({"stage_id": decided.id}, "Record the committee's decision"),
        ):
            with self.subTest(vals=list(vals)):
                self.assertRpcRefused(
                    pattern, "br_committee", "beneficiary.request", "write", [request.id], vals
                )
        self.assertRpcRefused(
            "never on their own",
            "br_committee",
            "beneficiary.request.vote",
            "create",
            {
                "request_id": request.id,
                "user_id": self.committee.id,
                "vote": "approve",
                "meeting_date": "2026-12-01",
            },
        )
        self.assertRpcRefused(
            "cannot be called remotely|Private methods",
            "br_committee",
            "beneficiary.request",
            "_record_meeting_outcome",
            [request.id],
            {},
        )
        self.assertEqual(request.stage_kind, "committee")
        self.assertFalse(request.decision)
        self.assertFalse(request.vote_ids)

    def test_a_follow_up_member_cannot_decide_a_request(self):
        request = self.request_before_committee()
        self.assertRpcRefused(
            "not allowed to create|access",
            "br_follow_up",
            "beneficiary.request.decision.wizard",
            "create",
            {"request_id": request.id},
        )
        self.assertFalse(request.decision)

    def test_a_research_member_cannot_resolve_a_complaint(self):
        complaint = self.create_complaint(resolution="<p>Answered.</p>")
        self.assertFalse(
            self.rpc("br_committee", "beneficiary.complaint", "search", [("id", "=", complaint.id)])
        )
        resolved = self.env["beneficiary.complaint.stage"].search([("kind", "=", "resolved")])
        for method, args in (
            ("action_resolve", ()),
            ("write", ({"stage_id": resolved.id},)),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    "access|Access|follow-up committee",
                    "br_committee",
                    "beneficiary.complaint",
                    method,
                    [complaint.id],
                    *args,
                )
        self.assertEqual(complaint.stage_kind, "new")
        self.assertTrue(
            self.rpc("br_follow_up", "beneficiary.complaint", "action_resolve", [complaint.id])
        )

    def test_research_cannot_be_skipped(self):
        request = self.env["beneficiary.request"].create(
            {"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}
        )
        committee = self.env["beneficiary.request.stage"].search([("kind", "=", "committee")])
        self.assertRpcRefused(
            "always needs a social research",
            "br_officer",
            "beneficiary.request",
            "write",
            [request.id],
            {"research_required": False},
        )
        self.assertRpcRefused(
            "needs its social research before the committee",
            "br_officer",
            "beneficiary.request",
            "write",
            [request.id],
            {"stage_id": committee.id},
        )
        action = self.rpc(
            "br_officer", "beneficiary.request", "action_check_completeness", [request.id]
        )
        self.assertEqual(action["res_model"], "beneficiary.request.research.wizard")
        self.assertEqual(request.stage_kind, "received")
        self.assertFalse(request.date_complete)

    def test_appeals_are_refused_out_of_turn(self):
        approved = self.request_before_committee()
        self.record_decision(approved)
        self.assertRpcRefused(
            "Only a rejected request can be contested",
            "br_officer",
            "beneficiary.request.appeal",
            "create",
            {"request_id": approved.id, "reason": "Try anyway"},
        )
        rejected = self.request_before_committee()
        self.record_decision(rejected, "rejected")
        rejected.decision_date = fields.Datetime.subtract(fields.Datetime.now(), days=60)
        self.assertRpcRefused(
            "The time to contest the decision",
            "br_officer",
            "beneficiary.request.appeal",
            "create",
            {"request_id": rejected.id, "reason": "Late"},
        )
        rejected.decision_date = fields.Datetime.now()
        self.assertRpcRefused(
            "neither is written directly",
            "br_officer",
            "beneficiary.request.appeal",
            "create",
            {"request_id": rejected.id, "reason": "Forged", "state": "upheld"},
        )
        appeal_id = self.rpc(
            "br_officer",
            "beneficiary.request.appeal",
            "create",
            {"request_id": rejected.id, "reason": "Called the office"},
        )
        self.assertRpcRefused(
            "neither is written directly",
            "br_manager",
            "beneficiary.request.appeal",
            "write",
            [appeal_id],
            {"state": "upheld", "panel_ids": [(6, 0, self.manager.ids)]},
        )
        self.assertEqual(rejected.decision, "rejected")
        self.assertFalse(approved.appeal_ids)

    def test_compensation_approval_and_locks(self):
        case = self.env["beneficiary.compensation"].create(
            {
                "complaint_id": self.create_complaint().id,
                "amount": 500,
                "damage_description": "Lost file",
                "investigation_committee_id": self.investigation.id,
                "ground_association_fault": True,
            }
        )
        self.assertRpcRefused(
            "investigation committee's quorum",
            "br_manager",
            "beneficiary.compensation",
            "write",
            [case.id],
            {"state": "approved"},
        )
        self.assertRpcRefused(
            "no proof of the fault",
            "br_sec_investigator",
            "beneficiary.compensation",
            "action_sign_off",
            [case.id],
        )
        self.assertRpcRefused(
            "Sign Off button only",
            "br_sec_investigator",
            "beneficiary.compensation.signoff",
            "create",
            {"compensation_id": case.id, "user_id": self.investigator.id},
        )
        case.write({"ground_ruling": True, "ruling_reference": "R-1", "ruling_evidence": EVIDENCE})
        self.assertTrue(
            self.rpc(
                "br_sec_investigator", "beneficiary.compensation", "action_sign_off", [case.id]
            )
        )
        self.assertEqual(case.state, "approved")
        for vals in ({"amount": 90000}, {"ground_association_fault": False}):
            with self.subTest(vals=list(vals)):
                self.assertRpcRefused(
                    "is approved: .* can no longer change",
                    "br_manager",
                    "beneficiary.compensation",
                    "write",
                    [case.id],
                    vals,
                )
        self.rpc("br_follow_up", "beneficiary.compensation", "action_make_offer", [case.id])
        offer = case.open_offer_id
        self.assertRpcRefused(
            "stays as it was",
            "br_follow_up",
            "beneficiary.compensation.offer",
            "write",
            [offer.id],
            {"state": "accepted", "accepted_amount": 90000},
        )
        self.assertRpcRefused(
            "answered by the beneficiary",
            "br_follow_up",
            "beneficiary.compensation.offer",
            "create",
            {"compensation_id": case.id, "amount": 500, "state": "accepted"},
        )
        self.assertEqual((case.amount, offer.state), (500, "open"))
