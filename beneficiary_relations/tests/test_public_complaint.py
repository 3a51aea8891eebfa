import base64
import re
from html import unescape
from unittest.mock import patch
from urllib.parse import urlencode

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..controllers.main import ComplaintController
from ..tools import MAX_UPLOAD_MB
from .common import PDF, ComplaintCase

PDF_BYTES = base64.b64decode(PDF)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
SCRIPT = "<script>alert('x')</script>"
NOT_FOUND = "No message matches this tracking code"


class PublicComplaintCase(HttpCase, ComplaintCase):
    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A bilingual website, English by default: Arabic pages are under /ar/.
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.arabic = cls.env["res.lang"]._activate_lang("ar_001")
        cls.website = cls.env["website"].get_current_website()
        cls.website.write(
            {
                "language_ids": [Command.set((english | cls.arabic).ids)],
                "default_lang_id": english.id,
            }
        )
        cls.website.company_id.beneficiary_max_upload_mb = MAX_UPLOAD_MB
        cls.Complaint = cls.env["beneficiary.complaint"]
        cls.website_channel = cls.env.ref("beneficiary_relations.beneficiary_channel_website")

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)

    # Helpers ----------------------------------------------------------------------------------

    def form_tokens(self, url="/complaint"):
        """The CSRF token and the one-time key of a freshly loaded form."""
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        key = re.search(r'name="submission_key" value="([^"]+)"', page.text).group(1)
        return csrf, key

    def submit(self, extra=None, files=None, csrf=True, key=None):
        token, fresh_key = self.form_tokens()
        data = {
            "complaint_type": "complaint",
            "category_id": str(self.delay.id),
            "contact_name": "Nora",
            "phone": "0501234567",
            "email": "Nora@Example.com",
            "subject": "Nobody answered the phone",
            "description": "I called three times.\nNobody answered.",
            "website_url": "",
            "submission_key": key or fresh_key,
        }
        if csrf:
            data["csrf_token"] = token
        data.update(extra or {})
        return self.url_open("/complaint", data=data, files=files)

    def created(self):
        return self.Complaint.search([("channel_id", "=", self.website_channel.id)])

    def track(self, reference, token):
        query = {k: v for k, v in (("reference", reference), ("token", token)) if v is not None}
        return self.url_open(f"/complaint/track?{urlencode(query)}")

    def code_url(self, complaint, code=None):
        return f"/complaint/track?{urlencode({'code': code or complaint.tracking_code})}"

    def track_url(self, complaint):
        return (
            f"/complaint/track?reference={complaint.name.replace('/', '%2F')}"
            f"&token={complaint.access_token}"
        )


@tagged("post_install", "-at_install")
class TestPublicComplaint(PublicComplaintCase):
    """The public complaint link, over HTTP, as someone without an account; the tour runs in a
    phone-sized Chromium."""

    # The form -------------------------------------------------------------------------------

    def test_form_renders_with_csrf_honeypot_and_menu(self):
        page = self.url_open("/complaint")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_beneficiary_public_complaint_form", page.text)
        self.assertRegex(page.text, r'name="csrf_token" value="[^"]+"')
        self.assertRegex(page.text, r'name="submission_key" value="[0-9a-f]{32}\.[0-9a-f]{32}"')
        self.assertIn('name="website_url"', page.text)
        self.assertIn(self.delay.name, page.text)
        self.assertIn('href="/complaint"', page.text, "the website menu links to the form")
        self.assertIn("Complaints and Suggestions", page.text)

    def test_arabic_page_is_right_to_left(self):
        page = self.url_open("/ar/complaint")
        self.assertEqual(page.status_code, 200)
        self.assertIn('dir="rtl"', page.text)
        self.assertIn("o_rtl", page.text)
        self.assertIn('lang="ar-001"', page.text)
        self.assertIn('action="/ar/complaint"', page.text)
        self.assertIn('dir="ltr"', self.url_open("/complaint").text)

    # Submitting -----------------------------------------------------------------------------

    def test_submit_creates_one_website_complaint(self):
        response = self.submit()
        complaint = self.created()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel_id, self.website_channel)
        self.assertEqual(complaint.company_id, self.website.company_id)
        self.assertEqual(complaint.category_id, self.delay)
        self.assertFalse(complaint.anonymous)
        self.assertEqual(complaint.contact_name, "Nora")
        self.assertEqual(complaint.contact_phone, "+966501234567")
        self.assertEqual(complaint.email_from, "nora@example.com")
        self.assertFalse(complaint.partner_id, "nobody is signed in: no partner is linked")
        self.assertIn("I called three times.<br>", complaint.description)
        self.assertEqual(complaint.stage_kind, "new")
        self.assertTrue(complaint.date_deadline)
        self.assertFalse(
            complaint.message_follower_ids.partner_id & self.env.ref("base.public_partner")
        )
        # The thank-you page: the reference, the code, and the tracking link.
        self.assertEqual(response.status_code, 200)
        self.assertIn("/complaint/thanks?key=", response.url)
        self.assertIn(complaint.name, response.text)
        code = complaint._notice_tracking_code()
        self.assertRegex(code, r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")
        self.assertIn(code, response.text)
        self.assertIn(f'data-copy="{code}"', response.text, "a button copies the code")
        self.assertNotIn(complaint.access_token, response.text, "the short code, not the token")
        self.assertIn(f"/complaint/track?code={code}", unescape(response.text))
        self.assertIn("We have also sent the code to your email address.", response.text)
        # The acknowledgement, by mail (an email was given), with the code and the link.
        mail = self.env["mail.mail"].search([("email_to", "=", "nora@example.com")])
        self.assertEqual(len(mail), 1)
        self.assertIn(code, mail.body_html)
        self.assertIn(complaint.name, mail.subject)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")

    def test_anonymous_drops_name_phone_and_email(self):
        self.submit(
            extra={"anonymous": "1", "phone": "not a phone", "email": "nonsense"},
            files={"attachment": ("photo.PNG", PNG_BYTES, "image/png")},
        )
        complaint = self.created()
        self.assertEqual(
            len(complaint), 1, "what an anonymous sender left in the fields is ignored"
        )
        self.assertTrue(complaint.anonymous)
        self.assertFalse(complaint.contact_name)
        self.assertFalse(complaint.contact_phone)
        self.assertFalse(complaint.email_from)
        self.assertFalse(complaint.partner_id)
        message = complaint.message_ids.filtered("attachment_ids")
        self.assertEqual(message.attachment_ids.name, "photo.PNG")
        self.assertFalse(message.author_id)
        self.assertFalse(message.email_from)

    def test_portal_user_is_linked_unless_anonymous(self):
        user = new_test_user(
            self.env, "br_public_portal", groups="base.group_portal", email="p@example.com"
        )
        beneficiary = self.create_ready_beneficiary(
            name="Portal Ben", partner_id=user.partner_id.id
        )
        self.authenticate(user.login, user.login)
        self.submit(extra={"contact_name": "", "email": "", "phone": ""})
        complaint = self.created()
        self.assertEqual(complaint.beneficiary_id, beneficiary)
        self.assertEqual(complaint.partner_id, user.partner_id)
        self.assertEqual(complaint.email_from, "p@example.com")
        self.submit(
            extra={"anonymous": "1", "subject": "Anonymous"},
            files={"attachment": ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg")},
        )
        anonymous = self.created() - complaint
        self.assertTrue(anonymous.anonymous)
        self.assertFalse(anonymous.beneficiary_id)
        self.assertFalse(anonymous.partner_id)
        self.assertFalse(anonymous.message_follower_ids.partner_id & user.partner_id)
        self.assertFalse(anonymous.message_ids.author_id & user.partner_id)
        self.assertEqual(anonymous.create_uid, self.env.ref("base.user_root"))
        uploads = self.env["ir.attachment"].search(
            [("res_model", "=", "beneficiary.complaint"), ("res_id", "=", anonymous.id)]
        )
        self.assertEqual(uploads.name, "photo.jpg")
        self.assertNotEqual(uploads.create_uid, user, "the file does not name its uploader")
        self.assertFalse(anonymous.message_ids.create_uid & user)

    def test_attachment_is_kept_on_the_complaint(self):
        files = {"attachment": ("receipt.pdf", PDF_BYTES, "application/pdf")}
        self.submit(files=files)
        complaint = self.created()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "beneficiary.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachment.name, "receipt.pdf")
        self.assertEqual(attachment.raw, PDF_BYTES)
        self.assertEqual(attachment.mimetype, "application/pdf")
        message = complaint.message_ids.filtered("attachment_ids")
        self.assertEqual(message.attachment_ids, attachment)
        self.assertEqual(message.message_type, "comment")
        self.assertFalse(message.subtype_id.internal, "the complainant's message, not a note")

    def test_missing_csrf_is_refused(self):
        response = self.submit(csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.created())

    def test_honeypot_pretends_success(self):
        response = self.submit(extra={"website_url": "http://spam.example.com"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you, your message has been sent.", response.text)
        self.assertNotIn("CMP/", response.text)
        self.assertFalse(self.created())

    def test_hourly_limit_per_address(self):
        for i in range(5):
            response = self.submit(extra={"subject": f"Message {i}"})
            self.assertIn("/complaint/thanks", response.url)
        response = self.submit(extra={"subject": "One too many"})
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many messages were sent from your connection", response.text)
        self.assertIn("One too many", response.text, "the message is kept in the form")
        self.assertEqual(len(self.created()), 5)
        self.env["ir.config_parameter"].set_param(
            "beneficiary_relations.public_complaint_hourly_limit", "10"
        )
        self.submit(extra={"subject": "Allowed again"})
        self.assertEqual(len(self.created()), 6)

    def test_refused_uploads_create_nothing(self):
        self.website.company_id.beneficiary_max_upload_mb = 1
        big = PDF_BYTES + b"0" * 1_500_000
        cases = {
            "too large": (("big.pdf", big, "application/pdf"), "larger than 1 MB"),
            "png named pdf": (("scan.pdf", PNG_BYTES, "application/pdf"), "is not accepted"),
            "exe named pdf": (("scan.pdf", EXE_BYTES, "application/pdf"), "is not accepted"),
            "text": (("notes.txt", b"just some text\n", "text/plain"), "is not accepted"),
            "empty": (("empty.pdf", b"", "application/pdf"), "is empty"),
        }
        for case, (upload, message) in cases.items():
            with self.subTest(case=case):
                response = self.submit(files={"attachment": upload})
                self.assertEqual(response.status_code, 200, case)
                self.assertIn("alert-danger", response.text, case)
                self.assertIn(message, response.text, case)
                self.assertIn("Nobody answered the phone", response.text, "the entries are kept")
        self.assertFalse(self.created())
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "beneficiary.complaint")])
        )

    def test_invalid_fields_are_refused_with_their_reason(self):
        cases = {
            "subject": ({"subject": "  "}, "Write the subject of your message."),
            "description": ({"description": ""}, "Describe your complaint"),
            "long subject": ({"subject": "x" * 201}, "The subject is too long"),
            "long description": ({"description": "x" * 5001}, "The description is too long"),
            "type": ({"complaint_type": "threat"}, "Choose the type of your message."),
            "category": ({"category_id": "999999"}, "Choose one of the topics in the list."),
            "phone": ({"phone": "12"}, "The phone number 12 does not look right"),
            "email": ({"email": "nora@"}, "The email address nora@ does not look right."),
        }
        for case, (extra, message) in cases.items():
            with self.subTest(case=case):
                response = self.submit(extra=extra)
                self.assertEqual(response.status_code, 200, case)
                self.assertIn(message, response.text, case)
        self.assertFalse(self.created())

    def test_double_submission_creates_one_complaint(self):
        csrf, key = self.form_tokens()
        data = {
            "csrf_token": csrf,
            "submission_key": key,
            "complaint_type": "inquiry",
            "subject": "Opening hours",
            "description": "When are you open?",
        }
        first = self.url_open("/complaint", data=data)
        second = self.url_open("/complaint", data=data)
        self.assertEqual(len(self.created()), 1)
        self.assertEqual(first.url, second.url)
        self.assertIn(self.created().name, second.text)

    def test_simultaneous_double_submission_creates_one_complaint(self):
        """Two requests with the same key at once: both pass the check before either is
        recorded; the unique key keeps one, and the other shows the same thank-you page."""
        csrf, key = self.form_tokens()
        data = {
            "csrf_token": csrf,
            "submission_key": key,
            "complaint_type": "inquiry",
            "subject": "Opening hours",
            "description": "When are you open?",
        }
        first = self.url_open("/complaint", data=data)
        original = ComplaintController._complaint_by_key
        calls = []

        def blind_once(controller, submitted_key):
            calls.append(submitted_key)
            return original(controller, submitted_key if len(calls) > 1 else "not yet recorded")

        with patch.object(ComplaintController, "_complaint_by_key", blind_once):
            second = self.url_open("/complaint", data=data)
        self.assertEqual(len(calls), 2, "the check before creating, then the thank-you page")
        self.assertEqual(len(self.created()), 1)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(first.url, second.url)
        self.assertIn(self.created().name, second.text)

    def test_someone_elses_key_leads_nowhere(self):
        csrf, key = self.form_tokens()
        data = {
            "csrf_token": csrf,
            "submission_key": key,
            "subject": "Mine",
            "description": "My message.",
            "complaint_type": "complaint",
        }
        self.url_open("/complaint", data=data)
        mine = self.created()
        # Another visitor (another session) replays the key.
        self.authenticate(None, None)
        csrf, _key = self.form_tokens()
        response = self.url_open("/complaint", data=dict(data, csrf_token=csrf))
        self.assertNotIn(mine.name, response.text)
        self.assertNotIn(mine.access_token, response.text)
        self.assertIn("This form has expired", response.text)
        self.assertEqual(self.created(), mine)
        thanks = self.url_open(f"/complaint/thanks?key={key}")
        self.assertNotIn(mine.access_token, thanks.text)
        self.assertTrue(thanks.url.endswith("/complaint"), thanks.url)
        self.assertTrue(self.url_open("/complaint/thanks?key=forged").url.endswith("/complaint"))

    def test_script_is_escaped_on_the_tracking_page(self):
        self.submit(extra={"subject": SCRIPT, "description": SCRIPT, "contact_name": SCRIPT})
        complaint = self.created()
        self.assertNotIn("<script>", complaint.description)
        page = self.url_open(self.track_url(complaint))
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.name, page.text)
        self.assertNotIn(SCRIPT, page.text)
        self.assertIn("&lt;script&gt;", page.text)

    # In a real browser ------------------------------------------------------------------------

    def test_tour_anonymous_suggestion_in_arabic(self):
        self.start_tour("/ar/complaint", "beneficiary_public_complaint")
        complaint = self.created()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.complaint_type, "suggestion")
        self.assertTrue(complaint.anonymous)
        self.assertFalse(complaint.contact_name)
        self.assertIn("التوزيع", complaint.subject)
        self.assertTrue(complaint.access_token)
