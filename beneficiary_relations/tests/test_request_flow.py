from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import RequestCase


@tagged("post_install", "-at_install")
class TestRequestFlow(RequestCase):
    def decide(self, request, decision, note=False, user=None):
        """Through the decision wizard, as a user: the chair and a second member present
        (the quorum), both voting for ``decision``, with the minutes."""
        wizard = Form(
            self.env["beneficiary.request.decision.wizard"]
            .with_user(user or self.committee)
            .with_context(default_request_id=request.id)
        )
        if not user:
            self.assertEqual(wizard.committee_id, self.research_committee, "the chair's own")
        wizard.committee_id = self.research_committee
        if decision == "more_info":
            wizard.more_info = True
        wizard.member_ids.add(self.committee)
        wizard.member_ids.add(self.committee_2)
        vote = {"approved": "approve", "rejected": "reject"}.get(decision)
        if vote:
            for index in range(len(wizard.vote_line_ids)):
                with wizard.vote_line_ids.edit(index) as line:
                    line.vote = vote
            self.assertEqual(wizard.result, decision)
        if note:
            wizard.note = note
        wizard.minutes_text = "The committee met and decided."
        wizard.save().action_apply()

    def test_reference_from_sequence(self):
        first, second = self.create_request(), self.create_request()
        year = fields.Date.today().year
        self.assertRegex(first.name, rf"^REQ/{year}/\d{{5}}$")
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(first.stage_kind, "received")
        self.assertEqual(first.user_id, self.officer, "the category's contact officer")

    def test_batch_create_gives_each_request_its_reference_and_defaults(self):
        values = {"beneficiary_id": self.beneficiary.id, "service_id": self.service.id}
        requests = self.env["beneficiary.request"].create([values] * 3)
        numbers = [int(name.rsplit("/", 1)[1]) for name in requests.mapped("name")]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertEqual(set(requests.mapped("stage_kind")), {"received"})
        self.assertEqual(
            requests.channel_id,
            self.env.ref("beneficiary_relations.beneficiary_channel_request_form"),
        )

    def test_column_default_stage_wins(self):
        column = self.env["beneficiary.request.stage"].create(
            {"name": "Received by phone", "kind": "received", "sequence": 99}
        )
        request = (
            self.env["beneficiary.request"]
            .with_context(default_stage_id=column.id)
            .create({"beneficiary_id": self.beneficiary.id, "service_id": self.service.id})
        )
        self.assertEqual(request.stage_id, column)

    def test_from_receipt_to_closing(self):
        request = self.create_request().with_user(self.officer)
        request.action_check_completeness()
        self.assertEqual(request.stage_kind, "committee")
        self.assertTrue(request.date_complete)
        self.assertTrue(request.date_deadline)
        self.decide(request, "approved")
        self.assertEqual((request.stage_kind, request.decision), ("decided", "approved"))
        self.assertTrue(request.decision_date)
        self.assertEqual(request.committee_member_ids, self.committee | self.committee_2)
        self.assertEqual(request.committee_id, self.research_committee)
        self.assertEqual(request.vote_ids.mapped("vote"), ["approve", "approve"])
        request.action_deliver()
        self.assertEqual(request.delivered_by_id, self.officer)
        request.action_close()
        self.assertEqual(request.stage_kind, "closed")
        self.assertFalse(request.deadline_state, "a decided request no longer runs late")

    def test_completeness_gate_lists_what_is_missing(self):
        family_record = self.env.ref(
            "beneficiary_relations.beneficiary_document_type_family_record"
        )
        self.service.document_type_ids = family_record
        request = self.create_request()
        with self.assertRaisesText(ValidationError, f"{family_record.name} is missing"):
            request.action_check_completeness()
        with self.assertRaisesText(ValidationError, "is not complete"):
            request.write({"stage_id": self.stages["committee"].id})
        self.assertEqual(request.stage_kind, "received")
        self.assertFalse(request.date_complete)
        document = self.add_document(self.beneficiary, verified=False, doc_type=family_record)
        document.request_id = request
        with self.assertRaisesText(ValidationError, "has not been verified"):
            request.action_check_completeness()
        document.action_verify()
        request.action_check_completeness()
        self.assertTrue(request.date_complete)

    def test_unsigned_declaration_blocks_completeness(self):
        self.beneficiary.declaration_signed = False
        with self.assertRaisesText(ValidationError, "declaration is not signed"):
            self.create_request().action_check_completeness()

    def test_only_committee_decides(self):
        request = self.create_request()
        request.action_check_completeness()
        with self.assertRaises(AccessError):
            request.with_user(self.officer).write({"decision": "approved"})
        with self.assertRaises(AccessError):
            self.decide(request, "approved", user=self.researcher)
        with self.assertRaisesText(UserError, "Record the committee's decision"):
            request.with_user(self.officer).write({"stage_id": self.stages["decided"].id})
        self.assertFalse(request.decision)
        self.decide(request, "approved", user=self.manager)
        self.assertEqual(request.decision, "approved")

    def test_rejection_needs_a_reason(self):
        request = self.create_request()
        request.action_check_completeness()
        with self.assertRaisesText(ValidationError, "rejection needs its reason"):
            self.record_decision(request, "rejected", note="  ")
        self.decide(request, "rejected", note="Income above the threshold")
        self.assertEqual(request.stage_kind, "decided")
        with self.assertRaisesText(UserError, "Only an approved request"):
            request.action_deliver()
        request.action_close()
        self.assertEqual(request.stage_kind, "closed")

    def test_no_going_back_past_a_decision(self):
        request = self.create_request()
        request.action_check_completeness()
        self.decide(request, "approved")
        for kind in ("committee", "received"):
            with self.assertRaisesText(UserError, "cannot go back before the decision"):
                request.write({"stage_id": self.stages[kind].id})
        with self.assertRaisesText(UserError, "decided request cannot be cancelled"):
            request.action_cancel()
        with self.assertRaisesText(UserError, "Deliver the service"):
            request.action_close()
        self.assertEqual(request.stage_kind, "decided")

    def test_decided_stage_needs_a_decision(self):
        request = self.create_request()
        request.action_check_completeness()
        with self.assertRaisesText(UserError, "Record the committee's decision"):
            request.with_user(self.committee).write({"stage_id": self.stages["decided"].id})

    def test_more_information_restarts_the_clock(self):
        request = self.create_request()
        with freeze_time("2026-12-01 08:00:00"):
            request.action_check_completeness()
        self.decide(request, "more_info", note="A recent salary certificate")
        self.assertEqual(request.stage_kind, "completeness")
        self.assertFalse(request.date_complete)
        self.assertFalse(request.date_deadline)
        with freeze_time("2026-12-08 08:00:00"):
            request.action_check_completeness()
        self.assertEqual(str(request.date_deadline), "2026-12-29")

    def test_closed_and_cancelled_are_final(self):
        request = self.create_request(cancel_reason="Sent twice")
        request.action_cancel()
        with self.assertRaisesText(UserError, "closed or cancelled"):
            request.write({"stage_id": self.stages["received"].id})

    def test_refusals_for_suspended_beneficiary_and_inactive_service(self):
        self.beneficiary.action_register()
        self.beneficiary.write({"state": "suspended", "state_reason": "Review"})
        with self.assertRaisesText(ValidationError, "suspended or archived"):
            self.create_request()
        self.beneficiary.action_register()
        self.service.active = False
        with self.assertRaisesText(ValidationError, "no longer offered"):
            self.create_request()
        self.assertFalse(self.env["beneficiary.request"].search([]))

    def test_referral_to_social_research(self):
        request = self.create_request()
        # No researcher yet: the button asks for one; a drag is refused.
        action = request.action_refer_to_research()
        self.assertEqual(action["res_model"], "beneficiary.request.research.wizard")
        with self.assertRaisesText(UserError, "Assign a social researcher"):
            request.write({"stage_id": self.stages["research"].id})
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        wizard.researcher_id = self.researcher
        wizard.save().action_apply()
        self.assertEqual(request.stage_kind, "research")
        self.assertTrue(request.research_required)
        activity = request.activity_ids.filtered(lambda a: a.user_id == self.researcher)
        self.assertEqual(len(activity), 1)
        request.with_user(self.researcher).research_report = "<p>Household visited</p>"
        with self.assertRaises(AccessError):
            request.with_user(self.officer).read(["research_report"])
        with self.assertRaisesText(UserError, "the date of the research report"):
            request.with_user(self.officer).action_send_to_committee()
        request.with_user(self.researcher).research_date = fields.Date.today()
        request.with_user(self.officer).action_send_to_committee()
        self.assertEqual(request.stage_kind, "committee")
        self.assertFalse(request.activity_ids, "the research to-do is done")
        research = self.env.ref("beneficiary_relations.mail_activity_type_social_research")
        done = request.message_ids.filtered(lambda m: m.mail_activity_type_id == research)
        self.assertEqual(len(done), 1, "marked done, not deleted")

    def test_kanban_shows_every_stage(self):
        groups = self.env["beneficiary.request"].read_group(
            [("id", "=", 0)], ["stage_id"], ["stage_id"]
        )
        self.assertEqual(len(groups), len(self.stages))
