import base64
import re

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, RequestCase

PDF_BYTES = base64.b64decode(PDF)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestPortalNotices(HttpCase, RequestCase):
    """Where the notices lead on the portal: sending the missing documents after "more
    information needed" (signed in, or with the notice's link), and declining questionnaires."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set(english.ids)], "default_lang_id": english.id}
        )
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease contract"})
        cls.service.document_type_ids = [Command.link(cls.lease.id)]
        cls.user = new_test_user(
            cls.env,
            "br_portal_notices",
            groups="base.group_portal",
            email="pn@example.com",
            lang="en_US",
        )
        cls.file = cls.create_ready_beneficiary(
            name="Portal Notices", partner_id=cls.user.partner_id.id, preferred_contact="email"
        )
        cls.other = new_test_user(
            cls.env, "br_portal_other", groups="base.group_portal", lang="en_US"
        )
        cls.create_ready_beneficiary(name="Other", partner_id=cls.other.partner_id.id)

    def more_info_request(self):
        request = self.create_request(beneficiary_id=self.file.id)
        request.sudo().write(
            {"stage_id": self.stages["committee"].id, "date_complete": fields.Datetime.now()}
        )
        self.record_decision(request, "more_info", note="Your lease contract")
        return request

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def csrf(self, text):
        # The page's form, else the one every page gives its scripts.
        return re.search(r'csrf_token(?:" value=|: )"([^"]+)"', text).group(1)

    def send(self, request, files, token=None, csrf=None, extra=None):
        url = f"/my/requests/{request.id}"
        page = self.page(f"{url}?access_token={token}" if token else url)
        data = {"csrf_token": csrf or self.csrf(page.text)}
        if token:
            data["access_token"] = token
        data.update(extra or {})
        return self.url_open(f"{url}/documents", data=data, files=files)

    def test_the_request_page_asks_for_what_is_missing(self):
        request = self.more_info_request()
        self.authenticate("br_portal_notices", "br_portal_notices")
        page = self.page(f"/my/requests/{request.id}")
        self.assertIn('id="send_documents"', page.text)
        self.assertIn("Your lease contract", page.text)
        self.assertIn("Lease contract is missing.", page.text)
        self.assertIn(f'name="document_{self.lease.id}"', page.text)

    def test_signed_in_beneficiary_sends_the_missing_document(self):
        request = self.more_info_request()
        self.authenticate("br_portal_notices", "br_portal_notices")
        response = self.send(
            request, {f"document_{self.lease.id}": ("lease.pdf", PDF_BYTES, "application/pdf")}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("documents_sent=1", response.url)
        self.assertIn("your documents were sent", response.text)
        document = request.document_ids
        self.assertEqual(document.document_type_id, self.lease)
        self.assertEqual(document.beneficiary_id, self.file)
        self.assertEqual(document.status, "to_verify", "arrives unverified")
        self.assertEqual(document.file_name, "lease.pdf")
        activity = request.activity_ids.filtered(lambda a: "Verify the documents" in a.summary)
        self.assertEqual(activity.user_id, self.officer)
        message = request.message_ids.filtered(
            lambda m: "Documents sent through the portal" in str(m.body)
        )
        self.assertEqual(message.author_id, self.user.partner_id)
        page = self.page(f"/my/requests/{request.id}")
        self.assertNotIn(f'name="document_{self.lease.id}"', page.text, "no longer missing")

    def test_the_link_of_the_notice_works_without_signing_in(self):
        request = self.more_info_request()
        self.authenticate(None, None)
        response = self.send(
            request,
            {"other_document": ("proof.pdf", PDF_BYTES, "application/pdf")},
            token=request.access_token,
            extra={"other_document_type_id": str(self.lease.id)},
        )
        self.assertIn("documents_sent=1", response.url)
        self.assertEqual(request.document_ids.document_type_id, self.lease)

    def test_bad_uploads_and_strangers_are_refused(self):
        request = self.more_info_request()
        self.authenticate("br_portal_notices", "br_portal_notices")
        response = self.send(
            request, {f"document_{self.lease.id}": ("lease.pdf", EXE_BYTES, "application/pdf")}
        )
        self.assertIn("is not accepted", response.text)
        response = self.send(request, {})
        self.assertIn("Choose the files to send.", response.text)
        self.assertFalse(request.document_ids)
        # Another beneficiary, or a forged token: nothing is added.
        self.authenticate("br_portal_other", "br_portal_other")
        csrf = self.csrf(self.page("/my").text)
        files = {f"document_{self.lease.id}": ("lease.pdf", PDF_BYTES, "application/pdf")}
        data = {"csrf_token": csrf}
        response = self.url_open(f"/my/requests/{request.id}/documents", data=data, files=files)
        self.assertFalse(request.document_ids)
        data["access_token"] = "forged"
        self.url_open(f"/my/requests/{request.id}/documents", data=data, files=files)
        self.assertFalse(request.document_ids)
        # No CSRF token: refused.
        self.authenticate("br_portal_notices", "br_portal_notices")
        response = self.url_open(f"/my/requests/{request.id}/documents", data={}, files=files)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(request.document_ids)

    def test_no_upload_once_the_committee_studies_it(self):
        request = self.create_request(beneficiary_id=self.file.id)
        request.sudo().write(
            {"stage_id": self.stages["committee"].id, "date_complete": fields.Datetime.now()}
        )
        self.authenticate("br_portal_notices", "br_portal_notices")
        page = self.page(f"/my/requests/{request.id}")
        self.assertNotIn('id="send_documents"', page.text)
        self.send(
            request,
            {"other_document": ("p.pdf", PDF_BYTES, "application/pdf")},
            extra={"other_document_type_id": str(self.lease.id)},
        )
        self.assertFalse(request.document_ids)

    def test_beneficiary_declines_questionnaires_from_the_portal(self):
        self.authenticate("br_portal_notices", "br_portal_notices")
        page = self.page("/my/beneficiary")
        self.assertIn('name="survey_opt_out"', page.text)
        data = {
            "csrf_token": self.csrf(page.text),
            "mobile": self.file.mobile,
            "email": self.file.email or "",
            "city": "",
            "survey_opt_out_shown": "1",
            "survey_opt_out": "1",
        }
        self.url_open("/my/beneficiary", data=data)
        self.assertTrue(self.file.survey_opt_out)
        data.pop("survey_opt_out")
        self.url_open("/my/beneficiary", data=data)
        self.assertFalse(self.file.survey_opt_out)
