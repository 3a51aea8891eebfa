"""A guardian acts for a beneficiary on the portal while their authorisation is verified and
valid, and every record says who acted for whom."""

import base64
import re
from datetime import timedelta
from html import unescape

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, BeneficiaryCase

PDF_BYTES = base64.b64decode(PDF)


@tagged("post_install", "-at_install")
class TestPortalRepresentative(HttpCase, BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set(english.ids)], "default_lang_id": english.id}
        )
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Wheelchair", "response_days": 10}
        )
        cls.child = cls.create_beneficiary(name="Minor Child", mobile="0551230000")
        cls.add_document(cls.child)
        cls.guardian = new_test_user(
            cls.env,
            "br_guardian",
            groups="base.group_portal",
            email="guardian@ex.com",
            name="Guardian Father",
            lang="en_US",
        )
        cls.authorisation = cls.env["beneficiary.representative"].create(
            {
                "beneficiary_id": cls.child.id,
                "partner_id": cls.guardian.partner_id.id,
                "relation": "guardian",
                "document": PDF,
                "document_name": "deed.pdf",
                "document_expiry": fields.Date.add(fields.Date.today(), days=30),
            }
        )
        cls.authorisation.with_user(cls.officer).action_verify()

    def setUp(self):
        super().setUp()
        self.authenticate("br_guardian", "br_guardian")

    def post(self, url, data, form_url=None):
        page = self.url_open(form_url or url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        page = self.url_open(url, data=dict(data, csrf_token=csrf), timeout=60)
        self.env.invalidate_all()
        return page

    def act_for(self, beneficiary):
        return self.post("/my/beneficiary/act", {"beneficiary_id": str(beneficiary.id)})

    def test_guardian_submits_a_request_and_the_record_says_so(self):
        page = self.url_open("/my/beneficiary/act")
        self.assertIn("Minor Child", page.text)
        self.act_for(self.child)
        home = self.url_open("/my/home")
        self.assertIn("You are acting for Minor Child (Legal guardian).", unescape(home.text))
        self.post(
            "/my/requests/new",
            {
                "service_id": str(self.service.id),
                "description": "A wheelchair for my son.",
                "declaration": "1",
                "submission_key": "guardian-1",
            },
            form_url=f"/my/requests/new?service_id={self.service.id}",
        )
        request = self.env["beneficiary.request"].search([("beneficiary_id", "=", self.child.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.submitted_by_partner_id, self.guardian.partner_id)
        note = request.message_ids.filtered(lambda m: "on behalf of" in str(m.body))
        self.assertIn("Guardian Father (Legal guardian) on behalf of Minor Child", note.body)
        self.assertTrue(self.child.declaration_signed)
        self.assertEqual(
            self.child.declaration_signed_by, "Guardian Father (Legal guardian), for Minor Child"
        )
        page = self.url_open("/my/requests")
        self.assertIn(request.name, page.text, "the guardian sees the requests")
        self.assertIn("Minor Child", page.text, "and whose they are")
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(request.name, page.text)

    def test_guardian_sends_a_complaint_for_the_beneficiary(self):
        self.act_for(self.child)
        self.post(
            "/my/complaints/new",
            {"complaint_type": "complaint", "subject": "Late", "description": "Still waiting."},
        )
        complaint = self.env["beneficiary.complaint"].search(
            [("beneficiary_id", "=", self.child.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, self.child.partner_id, "the beneficiary's")
        self.assertEqual(complaint.submitted_by_partner_id, self.guardian.partner_id)
        self.assertTrue(complaint.message_ids.filtered(lambda m: "on behalf of" in str(m.body)))

    def test_access_ends_with_the_authorisation(self):
        Request = self.env["beneficiary.request"]
        request = Request.create({"beneficiary_id": self.child.id, "service_id": self.service.id})
        as_guardian = Request.with_user(self.guardian)
        self.assertEqual(as_guardian.search([]), request)
        self.assertTrue(self.child.with_user(self.guardian).has_access("read"))
        expiry = self.authorisation.document_expiry
        with freeze_time(expiry + timedelta(days=1)):
            self.env.invalidate_all()  # is_valid, computed today, is cached per transaction
            self.assertFalse(as_guardian.search([]), "expired: nothing is read any more")
            self.assertFalse(self.child.with_user(self.guardian).has_access("read"))
            with self.assertRaises(AccessError):
                self.child.with_user(self.guardian).action_sign_declaration_online()
        # Over HTTP too, once the document has expired.
        self.act_for(self.child)
        self.env.cr.execute(
            "UPDATE beneficiary_representative SET document_expiry = %s WHERE id = %s",
            [fields.Date.today() - timedelta(days=1), self.authorisation.id],
        )
        self.env.invalidate_all()
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertNotIn(request.name, page.text)
        home = self.url_open("/my/home")
        self.assertNotIn("You are acting for", unescape(home.text))
        self.assertNotIn("Minor Child", self.url_open("/my/beneficiary/act").text)

    def test_unverified_or_revoked_authorisations_give_nothing(self):
        self.authorisation.with_user(self.officer).action_revoke()
        self.assertFalse(self.child.with_user(self.guardian).has_access("read"))
        self.act_for(self.child)
        self.assertNotIn("You are acting for", unescape(self.url_open("/my/home").text))
        other = self.create_beneficiary(name="Someone Else")
        draft = self.env["beneficiary.representative"].create(
            {"beneficiary_id": other.id, "partner_id": self.guardian.partner_id.id}
        )
        self.assertEqual(draft.state, "draft")
        self.assertFalse(other.with_user(self.guardian).has_access("read"))

    def test_staff_rules_for_authorisations(self):
        as_officer = self.authorisation.with_user(self.officer)
        with self.assertRaisesRegex(UserError, "Verify button"):
            self.env["beneficiary.representative"].with_user(self.officer).create(
                {
                    "beneficiary_id": self.child.id,
                    "partner_id": self.env["res.partner"].create({"name": "Uncle"}).id,
                    "state": "verified",
                }
            )
        as_officer.document_expiry = fields.Date.add(fields.Date.today(), days=60)
        self.assertEqual(self.authorisation.state, "draft", "a new date is verified again")
        with self.assertRaisesRegex(UserError, "Attach the document"):
            self.env["beneficiary.representative"].create(
                {
                    "beneficiary_id": self.child.id,
                    "partner_id": self.env["res.partner"].create({"name": "Aunt"}).id,
                    "document_expiry": fields.Date.add(fields.Date.today(), days=60),
                }
            ).action_verify()
        log = " ".join(self.child.message_ids.mapped("body"))
        self.assertIn("verified the authorisation of Guardian Father", log)
        self.assertIn("needs verifying again", log)

    def test_guardian_does_not_change_the_contact_details(self):
        self.act_for(self.child)
        mobile = self.child.mobile
        page = self.post(
            "/my/beneficiary", {"mobile": "0559999999", "email": "guardian.inbox@ex.com"}
        )
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self.child.mobile, mobile)
        self.assertFalse(self.child.email)
