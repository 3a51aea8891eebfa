from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCase):
    def complainant_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: self.beneficiary.partner_id in m.partner_ids
        )

    def test_reference_and_defaults(self):
        complaint = self.create_complaint()
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(complaint.stage_kind, "new")
        self.assertEqual(complaint.partner_id, self.beneficiary.partner_id)
        self.assertTrue(complaint.access_token or complaint._portal_ensure_token())
        self.assertEqual(complaint.access_url, f"/my/complaints/{complaint.id}")

    def test_follow_up_member_defaults_from_category(self):
        self.delay.user_id = self.follow_up
        complaint = self.env["beneficiary.complaint"].create(
            {"subject": "Late", "category_id": self.delay.id, "beneficiary_id": self.beneficiary.id}
        )
        self.assertEqual(complaint.user_id, self.follow_up)

    @freeze_time("2026-12-01 08:00:00")
    def test_deadline_in_working_days_per_type(self):
        # Tuesday 1 December 2026 + 5 working days (Sunday-Thursday) = Tuesday 8 December.
        complaint = self.create_complaint()
        self.assertEqual(complaint.date_deadline, date(2026, 12, 8))
        inquiry = self.create_complaint(complaint_type="inquiry")
        self.assertEqual(inquiry.date_deadline, date(2026, 12, 6))
        praise = self.create_complaint(complaint_type="praise")
        self.assertFalse(praise.date_deadline)

    def test_anonymous_complaint_keeps_no_identity(self):
        complaint = self.create_complaint(
            anonymous=True, contact_name="Someone", contact_phone="0500000000"
        )
        self.assertFalse(complaint.beneficiary_id)
        self.assertFalse(complaint.partner_id)
        self.assertFalse(complaint.contact_name)
        self.assertFalse(complaint.contact_phone)
        complaint.write({"resolution": "<p>Staff were reminded of the rules.</p>"})
        complaint.with_user(self.follow_up).action_resolve()
        self.assertEqual(complaint.stage_kind, "resolved")
        self.assertFalse(complaint._rating_get_partner())
        self.assertFalse(complaint.message_ids.filtered(lambda m: m.partner_ids))

    def test_resolving_needs_a_resolution_text(self):
        complaint = self.create_complaint()
        with self.assertRaisesText(ValidationError, "Write the resolution"):
            complaint.with_user(self.follow_up).write({"stage_id": self.stages["resolved"].id})
        self.assertEqual(complaint.stage_kind, "new")
        with self.assertRaisesText(ValidationError, "Write the resolution"):
            complaint.with_user(self.follow_up).write(
                {"stage_id": self.stages["rejected"].id, "resolution": "<p><br></p>"}
            )

    def test_only_the_follow_up_committee_resolves(self):
        complaint = self.create_complaint(user_id=self.officer.id)
        complaint.resolution = "<p>Done.</p>"
        with self.assertRaisesText(AccessError, "follow-up committee"):
            complaint.with_user(self.officer).write({"stage_id": self.stages["resolved"].id})
        complaint.with_user(self.officer).action_review()
        self.assertEqual(complaint.stage_kind, "review")

    def test_resolution_is_sent_and_can_be_rated(self):
        complaint = self.create_complaint()
        complaint.with_user(self.follow_up).write(
            {
                "resolution": "<p>Your file was reviewed the same day.</p>",
                "settlement_attempt_ids": [
                    Command.create(
                        {
                            "means": "phone",
                            "summary": "Apologised; file reviewed",
                            "outcome": "agreed",
                        }
                    )
                ],
                "settlement_outcome": "settled",
            }
        )
        self.assertTrue(complaint.settled_amicably)
        complaint.with_user(self.follow_up).action_resolve()
        self.assertTrue(complaint.date_resolved)
        acknowledgement, message = self.complainant_messages(complaint).sorted("id")
        self.assertIn(complaint.tracking_code[4:], acknowledgement.body)
        self.assertIn("reviewed the same day", message.body)
        rating = complaint.sudo().rating_ids
        self.assertEqual(len(rating), 1)
        # Nothing chosen in advance: the mail leads to the tracking page, which offers it.
        self.assertNotIn("/rate/", message.body)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", message.body)
        # The complainant follows the link (the public /rate controller does this as sudo).
        complaint.sudo().rating_apply(5, token=rating.access_token, feedback="Thank you")
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertEqual(complaint.with_user(self.follow_up).rating_last_feedback, "Thank you")

    def test_closed_complaint_stays_closed(self):
        complaint = self.create_complaint(resolution="<p>Answered by phone.</p>")
        complaint.with_user(self.follow_up).action_resolve()
        complaint.with_user(self.follow_up).action_close()
        with self.assertRaisesText(UserError, "closed"):
            complaint.with_user(self.follow_up).write({"stage_id": self.stages["review"].id})

    def test_manual_escalation_once(self):
        complaint = self.create_complaint()
        wizard = self.env["beneficiary.complaint.escalate.wizard"].create(
            {"complaint_id": complaint.id, "reason": "Second complaint this month"}
        )
        wizard.with_user(self.follow_up).action_escalate()
        self.assertEqual(complaint.stage_kind, "escalated")
        self.assertTrue(complaint.escalated)
        activities = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activities), 1)
        # The cron's overdue step does not escalate it again.
        with freeze_time("2030-01-10 09:00:00"):
            self.env["beneficiary.complaint"]._cron_deadline_reminders()
        activities = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activities), 1)

    def test_closed_complaint_cannot_be_escalated(self):
        complaint = self.create_complaint(resolution="<p>Answered.</p>")
        complaint.with_user(self.follow_up).action_resolve()
        with self.assertRaisesText(UserError, "no longer open"):
            complaint._escalate("Too late")

    def test_amicable_settlement_is_a_step_with_its_attempts(self):
        complaint = self.create_complaint().with_user(self.follow_up)
        with self.assertRaisesText(ValidationError, "Record the attempt that reached"):
            complaint.settlement_outcome = "settled"
        with self.assertRaisesText(ValidationError, "Record the attempts to settle"):
            complaint.settlement_outcome = "not_settled"
        complaint.settlement_attempt_ids = [
            Command.create({"means": "phone", "summary": "No answer", "outcome": "no_answer"}),
            Command.create(
                {"means": "meeting", "summary": "Refused the apology", "outcome": "refused"}
            ),
        ]
        complaint.settlement_outcome = "not_settled"
        self.assertFalse(complaint.settled_amicably)
        complaint.settlement_attempt_ids = [
            Command.create(
                {"means": "visit", "summary": "Agreed on a new date", "outcome": "agreed"}
            )
        ]
        complaint.settlement_outcome = "settled"
        self.assertTrue(complaint.settled_amicably)
        self.assertEqual(complaint.settlement_attempt_ids[:1].user_id, self.follow_up)
        # Only who may read the complaint reads its attempts.
        Attempt = self.env["beneficiary.complaint.settlement.attempt"]
        self.assertFalse(
            Attempt.with_user(self.officer).search([("complaint_id", "=", complaint.id)])
        )
        self.assertEqual(
            len(Attempt.with_user(self.follow_up).search([("complaint_id", "=", complaint.id)])), 3
        )

    def test_an_adopted_suggestion_records_its_improvement(self):
        suggestion = self.create_complaint(
            complaint_type="suggestion", subject="Evening hours", resolution="<p>Thank you.</p>"
        ).with_user(self.follow_up)
        with self.assertRaisesText(ValidationError, "Say whether the suggestion"):
            suggestion.action_resolve()
        with self.assertRaisesText(ValidationError, "record the improvement"):
            suggestion.suggestion_outcome = "adopted"
        suggestion.write(
            {
                "suggestion_outcome": "adopted",
                "improvement_action": "Open on Tuesday evenings from January.",
                "improvement_user_id": self.officer.id,
            }
        )
        suggestion.action_resolve()
        self.assertEqual(suggestion.stage_kind, "resolved")
        todo = suggestion.activity_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(len(todo), 1)
        with self.assertRaisesText(ValidationError, "Only a suggestion is adopted"):
            self.create_complaint(suggestion_outcome="not_adopted")

    def test_a_complaint_about_a_request_of_the_complainant(self):
        service = self.env["beneficiary.service"].create({"name": "Rent (complaint)"})
        request = self.env["beneficiary.request"].create(
            {"beneficiary_id": self.beneficiary.id, "service_id": service.id}
        )
        complaint = self.create_complaint(request_id=request.id)
        self.assertEqual(complaint.request_id, request)
        other = self.create_ready_beneficiary(name="Someone else")
        with self.assertRaisesText(ValidationError, "can only be about a request of its"):
            self.create_complaint(beneficiary_id=other.id, request_id=request.id)
