from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import BeneficiaryCase


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase, BeneficiaryCase):
    """In a real headless Chromium the size of a phone: a beneficiary submits a request with a
    PDF, in Arabic."""

    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        website = cls.env["website"].get_current_website()
        website.language_ids |= arabic
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease contract"})
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Rent support", "document_type_ids": [Command.link(cls.lease.id)]}
        )
        cls.user = new_test_user(
            cls.env, "br_tour_portal", groups="base.group_portal", lang="ar_001"
        )
        cls.beneficiary = cls.create_ready_beneficiary(
            name="Tour Beneficiary", partner_id=cls.user.partner_id.id, lang="ar_001"
        )

    def test_request_with_a_pdf_in_arabic(self):
        self.start_tour("/ar/my/requests/new", "beneficiary_portal_request", login=self.user.login)
        request = self.env["beneficiary.request"].search(
            [("beneficiary_id", "=", self.beneficiary.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.document_ids.file_name, "lease.pdf")
        self.assertIn("الإيجار", request.description)
