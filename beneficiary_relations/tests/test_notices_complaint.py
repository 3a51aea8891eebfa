"""The notices of a complaint: acknowledgement, answer and call-back to the complainant."""

from odoo.tests import tagged

from ..tools import CODE_ALPHABET, normalize_tracking_code
from .common import ComplaintCase
from .test_notices import NoticeMixin


@tagged("post_install", "-at_install")
class TestComplaintNotices(NoticeMixin, ComplaintCase):
    def public_complaint(self, **values):
        """A complaint from someone without a file or a contact, as the public form or a call
        records it."""
        vals = {
            "subject": "Nobody answered",
            "description": "<p>Three calls.</p>",
            "contact_name": "Nora",
            "user_id": self.follow_up.id,
        }
        vals.update(values)
        return self.env["beneficiary.complaint"].create(vals)

    def answer(self, complaint, text="<p>We called you back the same day.</p>"):
        complaint.write({"resolution": text})
        complaint.with_user(self.follow_up).action_resolve()

    def test_tracking_codes_are_short_unique_and_unambiguous(self):
        complaints = self.env["beneficiary.complaint"].create(
            [{"subject": f"S{n}", "anonymous": True} for n in range(50)]
        )
        codes = complaints.mapped("tracking_code")
        self.assertEqual(len(set(codes)), 50)
        for code in codes:
            self.assertRegex(code, f"^[{CODE_ALPHABET}]{{8}}$")
        code = codes[0]
        typed = f" {code[:4].lower()} - {code[4:]} "
        self.assertEqual(normalize_tracking_code(typed), code)
        self.assertIsNone(normalize_tracking_code("ABC"))

    def test_named_complainant_without_file_gets_acknowledgement_and_answer_by_mail(self):
        complaint = self.public_complaint(email_from="nora@example.com")
        ack = self.mails_to("nora@example.com")
        self.assertEqual(len(ack), 1)
        self.assertIn(complaint.name, ack.subject)
        self.assertIn(complaint._notice_tracking_code(), ack.body_html)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", ack.body_html)
        self.assertIn("Dear Nora", ack.body_html)
        self.answer(complaint)
        answer = self.mails_to("nora@example.com") - ack
        self.assertEqual(len(answer), 1)
        self.assertIn("We called you back the same day.", answer.body_html)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", answer.body_html)
        self.assertNotIn("/rate/", answer.body_html, "the rating is offered on the tracking page")
        self.assertTrue(complaint.sudo().rating_ids.access_token, "the rating is ready")

    def test_complaint_by_phone_without_contact_gets_acknowledgement_and_answer_by_sms(self):
        phone_channel = self.env.ref("beneficiary_relations.beneficiary_channel_phone")
        complaint = self.public_complaint(contact_phone="0551234567", channel_id=phone_channel.id)
        ack = self.sms_to("+966551234567")
        self.assertEqual(len(ack), 1)
        self.assertIn(complaint._notice_tracking_code(), ack.body)
        self.answer(complaint)
        answer = self.sms_to("+966551234567") - ack
        self.assertEqual(len(answer), 1)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", answer.body)
        self.assertEqual(set(self.notices(complaint).mapped("message_type")), {"sms"})

    def test_anonymous_complaint_tells_nobody_and_loses_nothing(self):
        complaint = self.public_complaint(
            anonymous=True, email_from="x@example.com", contact_phone="0551234567"
        )
        self.answer(complaint)
        self.assertEqual(complaint.stage_kind, "resolved")
        self.assertEqual(complaint.resolution, "<p>We called you back the same day.</p>")
        self.assertTrue(complaint.tracking_code, "followed with the code alone")
        self.assertFalse(self.mails_to("x@example.com"))
        self.assertFalse(self.sms_to("+966551234567"))
        skips = self.notices(complaint)
        self.assertEqual(len(skips), 2)
        self.assertTrue(all("anonymous" in skip.body for skip in skips))
        self.assertFalse(skips.partner_ids)

    def test_call_back_never_goes_to_the_staff_member_concerned(self):
        self.beneficiary.preferred_contact = "phone"
        self.beneficiary.contact_officer_id = self.officer
        complaint = self.create_complaint(user_id=False, concerned_user_id=self.officer.id)
        call = self.call_backs(complaint)
        self.assertEqual(len(call), 1)
        self.assertNotEqual(call.user_id, self.officer)
        self.assertEqual(call.user_id, self.manager)
