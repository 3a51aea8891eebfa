"""Accessibility needs on the file: shown to staff on requests, and respected when contacting."""

from odoo.tests import tagged

from ..tools import notice_route
from .common import RequestCase


@tagged("post_install", "-at_install")
class TestAccessibility(RequestCase):
    def test_summary_on_the_file_and_its_requests(self):
        beneficiary = self.beneficiary
        self.assertFalse(beneficiary.has_access_needs)
        beneficiary.write(
            {
                "access_visual": True,
                "access_format": "large_print",
                "access_interpreter": True,
                "access_interpreter_language": "Urdu",
            }
        )
        self.assertTrue(beneficiary.has_access_needs)
        self.assertEqual(
            beneficiary.access_summary, "Visual Need · Large print · Needs an Interpreter (Urdu)"
        )
        request = self.create_request()
        self.assertTrue(request.beneficiary_has_access_needs)
        self.assertEqual(request.beneficiary_access_summary, beneficiary.access_summary)
        found = self.env["beneficiary.beneficiary"].search([("has_access_needs", "=", True)])
        self.assertIn(beneficiary, found)

    def test_contact_channel_respects_the_needs(self):
        beneficiary = self.create_beneficiary(
            name="Contact", mobile="0551230001", email="c@example.com", preferred_contact="sms"
        )

        def route():
            return notice_route(beneficiary._notice_contact())[0]

        self.assertEqual(route(), "sms")
        # Who prefers a call (a visual need, say) is called: the officer reads the notice.
        beneficiary.write({"access_visual": True, "access_prefers_call": True})
        self.assertEqual(route(), "phone")
        # A call needs a number; without one the notice is written.
        beneficiary.mobile = False
        self.assertEqual(route(), "email")
        # A hearing need is never called, whatever they chose: notices stay written.
        beneficiary.write(
            {
                "mobile": "0551230001",
                "access_visual": False,
                "access_hearing": True,
                "preferred_contact": "phone",
            }
        )
        self.assertEqual(route(), "email")
        beneficiary.email = False
        self.assertEqual(route(), "sms")
