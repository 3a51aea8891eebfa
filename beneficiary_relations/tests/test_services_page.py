"""The public services page: active services of the website's company, what to bring, the
response time, the channels and the policy in force, and nothing internal."""

from html import unescape

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import BeneficiaryCase


@tagged("post_install", "-at_install")
class TestServicesPage(HttpCase, BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env["res.lang"]._activate_lang("en_US")
        website = cls.env["website"].get_current_website()
        website.write({"language_ids": [Command.set(english.ids)], "default_lang_id": english.id})
        company = website.company_id
        cls.deed = cls.env["beneficiary.document.type"].create(
            {"name": "Title deed", "description": "A copy of the deed"}
        )
        cls.service = cls.env["beneficiary.service"].create(
            {
                "name": "Home repairs",
                "description": "<p>Repairs for families in need.</p>",
                "response_days": 12,
                "company_id": company.id,
                "document_type_ids": [Command.link(cls.deed.id)],
                "user_ids": [Command.link(cls.officer.id)],
                "research_required": True,
            }
        )
        cls.retired = cls.env["beneficiary.service"].create(
            {"name": "Retired service", "active": False, "company_id": company.id}
        )
        other_company = cls.env["res.company"].create({"name": "Other association"})
        cls.foreign = cls.env["beneficiary.service"].create(
            {"name": "Foreign service", "company_id": other_company.id}
        )
        cls.policy = cls.env["beneficiary.policy"].search(
            [("state", "=", "active"), ("company_id", "=", company.id)], limit=1
        )
        if not cls.policy:
            cls.policy = cls.env["beneficiary.policy"].create(
                {"name": "Relations policy", "body": "<p>Policy text.</p>", "state": "active"}
            )
        cls.policy.resolution_number = "R-77"

    def test_services_page_shows_active_services_and_the_policy(self):
        self.authenticate(None, None)
        page = self.url_open("/services")
        self.assertEqual(page.status_code, 200)
        text = unescape(page.text)
        self.assertIn("Home repairs", text)
        self.assertIn("Repairs for families in need.", text)
        self.assertIn("Title deed", text)
        self.assertRegex(text, r"Time to a decision:</strong>\s*12\s*<span>working days")
        self.assertIn("Interview", text, "the channels to apply through")
        self.assertIn(self.policy.name, text)
        self.assertIn("R-77", text)
        self.assertNotIn("Retired service", text)
        self.assertNotIn("Foreign service", text)
        self.assertNotIn(self.officer.name, text, "nothing internal: not the team")
        detail = self.url_open(f"/services/{self.service.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("A copy of the deed", unescape(detail.text))
        self.assertNotIn(self.officer.name, unescape(detail.text))
        for hidden in (self.retired, self.foreign):
            self.assertEqual(self.url_open(f"/services/{hidden.id}").status_code, 404)

    def test_services_are_in_the_website_menu(self):
        menus = self.env["website.menu"].search([("url", "=", "/services")])
        self.assertTrue(menus)
        home = self.url_open("/")
        self.assertIn('href="/services"', home.text)
