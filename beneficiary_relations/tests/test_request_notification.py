from odoo.tests import tagged

from .common import RequestCase


@tagged("post_install", "-at_install")
class TestRequestNotification(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")

    def customer_messages(self, request):
        return request.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.beneficiary.partner_id in m.partner_ids
        )

    def test_receipt_mail_gives_reference_and_expected_date(self):
        request = self.create_request(stage_id=self.stages["completeness"].id)
        message = self.customer_messages(request)
        self.assertEqual(len(message), 1)
        self.assertIn(request.name, message.subject)
        self.assertIn(request.name, message.body)
        self.assertIn("15", message.body, "the promised number of working days")

    def test_decision_and_delivery_mails(self):
        request = self.create_request()
        request.action_check_completeness()
        self.record_decision(request, note="Eligible")
        request.action_deliver()
        subjects = self.customer_messages(request).mapped("subject")
        self.assertEqual(len(subjects), 4, subjects)
        self.assertTrue(any("is complete" in s for s in subjects))
        self.assertTrue(any("Decision" in s for s in subjects))
        self.assertTrue(any("delivered" in s for s in subjects))

    def test_information_missing_mail_says_what(self):
        request = self.create_request()
        request.action_check_completeness()
        self.record_decision(request, "more_info", note="Bank IBAN certificate")
        bodies = self.customer_messages(request).mapped("body")
        self.assertTrue(any("Bank IBAN certificate" in b for b in bodies))

    def test_mail_in_the_beneficiary_language(self):
        self.beneficiary.lang = "ar_001"
        request = self.create_request()
        message = self.customer_messages(request)
        self.assertRegex(message.subject, "[\u0600-\u06ff]", "subject not in Arabic")
        self.assertRegex(str(message.body), "[\u0600-\u06ff]", "body not in Arabic")
        self.assertIn(request.name, message.subject)

    def test_sms_when_preferred(self):
        self.beneficiary.preferred_contact = "sms"
        request = self.create_request()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.beneficiary.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, "+966501234567")
        self.assertIn(request.name, sms.body)
        self.assertFalse(self.customer_messages(request))

    def test_unreachable_beneficiary_is_logged(self):
        self.beneficiary.write({"preferred_contact": "email", "email": False})
        self.beneficiary.mobile = False
        request = self.create_request()
        notes = request.message_ids.filtered(lambda m: "could not be sent" in str(m.body))
        self.assertEqual(len(notes), 1)
