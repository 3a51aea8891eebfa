"""Security of the beneficiary portal and the public complaint form (the security issue's items
on them), attacked and used as real clients do: over HTTP, and XML-RPC where a client would."""

import base64
import re
import uuid
from html import unescape
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import PDF, saudi_id
from .test_security_accounts import RpcCase

PDF_BYTES = base64.b64decode(PDF)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
HUGE_ID = "9" * 30
NEUTRAL = "We could not open a file with these details online."
TOO_MANY_REGISTRATIONS = "Too many registration attempts from your account in the last hour."


def form_value(page, name):
    """The value of the form's input ``name`` as the page shows it."""
    field = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page.text)
    value = field and re.search(r'\bvalue="([^"]*)"', field.group(0))
    return value and unescape(value.group(1))


def just_over(limit_mb):
    """A PDF just over ``limit_mb`` MB with no line break after its header: the worst case for
    the server's form parser, which buffers a file's bytes up to its next line break."""
    return PDF_BYTES + b"0" * (limit_mb * 1024 * 1024 + 1024)


class SecurityPortalCase(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        english = cls.env["res.lang"]._activate_lang("en_US")
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set((english | arabic).ids)], "default_lang_id": english.id}
        )
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease (security)"})
        # No team: nobody is assigned through the service.
        cls.service = cls.env["beneficiary.service"].create(
            {
                "name": "Rent support (security)",
                "response_days": 15,
                "document_type_ids": [Command.link(cls.lease.id)],
            }
        )
        cls.nora, cls.nora_file = cls.portal_beneficiary("br_sp_nora", category_id=False)
        cls.victim_file = cls.create_beneficiary(name="Victim (security)")
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.email = "director@association.example"
        cls.new_user = cls.portal_user("br_sp_newcomer")

    @classmethod
    def portal_user(cls, login, **values):
        values = dict({"email": f"{login}@ex.com", "lang": "en_US"}, **values)
        return new_test_user(cls.env, login, groups="base.group_portal", **values)

    @classmethod
    def portal_beneficiary(cls, login, **values):
        user = cls.portal_user(login)
        values = dict(
            {"name": login.title(), "partner_id": user.partner_id.id, "email": user.email},
            **values,
        )
        return user, cls.create_ready_beneficiary(**values)

    # Helpers ----------------------------------------------------------------------------------

    def login(self, user):
        self.authenticate(user.login, user.login)

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return form_value(page, "csrf_token")

    def post(self, url, data, files=None, form_url=None):
        data = dict(data, csrf_token=self.csrf(form_url or url))
        return self.url_open(url, data=data, files=files, timeout=60)

    def assertShows(self, page, text, status=200):
        self.assertEqual(page.status_code, status, text)
        self.assertIn(text, unescape(page.text))

    def request_form(self, key=None):
        return {
            "service_id": str(self.service.id),
            "description": "Help with the rent.",
            "declaration": "1",
            "submission_key": key or uuid.uuid4().hex,
        }

    def submit_request(self, key=None, files=None, **extra):
        data = dict(self.request_form(key), **extra)
        return self.post(
            "/my/requests/new",
            data,
            files,
            form_url=f"/my/requests/new?service_id={self.service.id}",
        )

    def registration(self, **values):
        data = {
            "name": "Newcomer",
            "id_type": "national_id",
            "national_id": self.next_national_id(),
            "mobile": "0509876543",
            "consent": "1",
        }
        data.update(values)
        return data

    def register(self, **values):
        return self.post("/my/beneficiary/register", self.registration(**values))

    def files_of(self, user):
        return self.env["beneficiary.beneficiary"].search([("partner_id", "=", user.partner_id.id)])

    def public_complaint(self, subject="Anonymous (security)", files=None, **extra):
        self.authenticate(None, None)
        page = self.url_open("/complaint")
        data = {
            "csrf_token": form_value(page, "csrf_token"),
            "submission_key": form_value(page, "submission_key"),
            "complaint_type": "complaint",
            "subject": subject,
            "description": "Nobody answered.",
            "anonymous": "1",
        }
        data.update(extra)
        return self.url_open("/complaint", data=data, files=files, timeout=60)


@tagged("post_install", "-at_install", "security")
class TestSecurityPortal(SecurityPortalCase):
    # Item 7: portal submissions are acknowledged -------------------------------------------

    def created_request(self):
        return self.env["beneficiary.request"].search(
            [("beneficiary_id", "=", self.nora_file.id)], order="id desc", limit=1
        )

    def test_portal_request_is_acknowledged_by_mail_as_the_association(self):
        self.nora_file.preferred_contact = "email"
        self.login(self.nora)
        page = self.submit_request()
        self.assertIn("submitted=1", page.url)
        request = self.created_request()
        notified = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.nora.partner_id.id),
                ("mail_message_id.model", "=", "beneficiary.request"),
                ("mail_message_id.res_id", "=", request.id),
                ("notification_type", "=", "email"),
            ]
        )
        self.assertEqual(len(notified), 1, "the receipt is mailed to the beneficiary")
        self.assertIn(request.name, notified.mail_message_id.subject)
        self.assertEqual(notified.mail_message_id.author_id, self.company.partner_id)

    def test_portal_request_is_acknowledged_by_sms(self):
        self.nora_file.preferred_contact = "sms"
        self.login(self.nora)
        self.submit_request()
        request = self.created_request()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.nora.partner_id.id)])
        self.assertEqual(len(sms), 1, "the receipt is sent by SMS")
        self.assertIn(request.name, sms.body)
        self.assertEqual(sms.mail_message_id.author_id, self.company.partner_id)

    def test_portal_request_is_never_assigned_to_the_beneficiary(self):
        self.login(self.nora)
        self.submit_request()
        request = self.created_request()
        self.assertTrue(request)
        self.assertNotEqual(request.user_id, self.nora)
        self.assertFalse(request.user_id.share, "no portal or public user is an officer")
        request.date_complete = request.create_date
        request.with_context(tracking_disable=True)._send_reminders("before")
        self.assertFalse(request.activity_ids.user_id.filtered("share"))

    def test_simultaneous_double_click_shows_the_request(self):
        """Two posts of one form at once both look for its key before either is recorded; the
        unique key keeps one request, and the other post shows it instead of an error page."""
        self.login(self.nora)
        first = self.submit_request(key="double-click-race")
        Request = self.registry["beneficiary.request"]
        search = Request.search
        blinded = []

        def blind_once(records, domain, *args, **kwargs):
            if not blinded and "portal_submission_key" in str(domain):
                blinded.append(domain)
                return records.browse()
            return search(records, domain, *args, **kwargs)

        with patch.object(Request, "search", blind_once):
            second = self.submit_request(key="double-click-race")
        self.assertTrue(blinded, "the second post looked for the key and did not see it")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.url, first.url)
        self.assertEqual(
            self.env["beneficiary.request"].search_count(
                [("portal_submission_key", "=", "double-click-race")]
            ),
            1,
        )

    # Item 10: self-registration and the file's email ----------------------------------------

    def test_registration_with_a_known_id_reveals_nothing(self):
        self.login(self.new_user)
        page = self.register(national_id=self.victim_file.national_id)
        self.assertShows(page, NEUTRAL)
        self.assertNotIn("already registered", page.text)
        self.assertNotIn(self.victim_file.name, page.text)
        self.assertFalse(self.files_of(self.new_user))
        self.assertEqual(form_value(page, "name"), "Newcomer", "what was typed is kept")
        # Staff are told, on the file, without the visitor knowing.
        activity = self.victim_file.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.officer)
        self.assertIn(self.new_user.login, str(activity.note))

    def test_registration_errors_in_the_input_stay_clear(self):
        self.login(self.new_user)
        cases = {
            "check digit": ({"national_id": "1234567890"}, "its check digit is wrong"),
            "name": ({"name": " "}, "Please enter your full name."),
            "consent": ({"consent": ""}, "Please agree to the processing of your data."),
        }
        for case, (values, message) in cases.items():
            with self.subTest(case=case):
                self.assertShows(self.register(**values), message)
        self.assertFalse(self.files_of(self.new_user))

    def test_registration_attempts_are_limited_per_account(self):
        self.login(self.new_user)
        for _attempt in range(5):
            page = self.register(national_id=self.victim_file.national_id)
            self.assertShows(page, NEUTRAL)
        page = self.register()
        self.assertShows(page, TOO_MANY_REGISTRATIONS, status=429)
        self.assertFalse(self.files_of(self.new_user), "the sixth attempt in the hour is refused")
        # Another account has its own count.
        other = self.portal_user("br_sp_other")
        self.login(other)
        self.register(name="Other")
        self.assertTrue(self.files_of(other))

    def test_file_email_must_be_valid_and_the_beneficiary_own(self):
        self.portal_user("dana@ex.com", email="dana.private@ex.com")
        self.create_beneficiary(name="Someone", email="someone@ex.com")
        self.login(self.nora)
        cases = {
            "admin": ("Director@Association.example", "already used by another account"),
            "login": ("dana@ex.com", "already used by another account"),
            "other file": ("someone@ex.com", "already used by another account"),
            "malformed": ("nora@", "does not look right"),
        }
        for case, (email, message) in cases.items():
            with self.subTest(case=case):
                page = self.post("/my/beneficiary", {"email": email})
                self.assertShows(page, message)
                self.assertEqual(form_value(page, "email"), email, "what was typed is kept")
        self.assertEqual(self.nora.partner_id.email, "br_sp_nora@ex.com")
        self.assertEqual(self.admin.email, "director@association.example")
        page = self.post("/my/beneficiary", {"email": "Nora.New@ex.com"})
        self.assertIn("alert-success", page.text)
        self.assertEqual(self.nora.partner_id.email, "nora.new@ex.com")

    # Item 13: bad input gets a message, not a crash ----------------------------------------

    def test_bad_ids_in_portal_forms_are_refused_with_a_message(self):
        self.login(self.nora)
        page = self.submit_request(service_id=HUGE_ID)
        self.assertShows(page, "Choose one of the services offered.")
        complaint = {
            "complaint_type": "suggestion",
            "category_id": HUGE_ID,
            "subject": "Evening hours",
            "description": "Please open in the evening.",
        }
        page = self.post("/my/complaints/new", complaint)
        self.assertShows(page, "Choose one of the topics in the list.")
        self.assertEqual(form_value(page, "subject"), "Evening hours")
        page = self.post(
            "/my/beneficiary",
            {"document_type_id": HUGE_ID, "city": "Jeddah"},
            files={"document": ("id.png", PNG_BYTES, "image/png")},
        )
        self.assertShows(page, "Choose the type of the document you send.")
        self.assertEqual(form_value(page, "city"), "Jeddah")
        self.login(self.new_user)
        page = self.register(category_id=HUGE_ID)
        self.assertShows(page, "Choose one of the categories in the list.")
        page = self.register(id_type="driving_licence")
        self.assertShows(page, "Choose the type of your identity document.")
        self.assertFalse(self.files_of(self.new_user))

    def test_malformed_expiry_date_is_refused_with_a_message(self):
        self.login(self.nora)
        before = self.nora_file.document_ids
        page = self.post(
            "/my/beneficiary",
            {"document_type_id": str(self.id_copy.id), "expiry_date": "31/02/2030"},
            files={"document": ("id.png", PNG_BYTES, "image/png")},
        )
        self.assertShows(page, "The expiry date 31/02/2030 is not a valid date")
        self.assertEqual(form_value(page, "expiry_date"), "31/02/2030")
        self.assertEqual(self.nora_file.document_ids, before)

    # Item 14: what real users type ---------------------------------------------------------

    def test_eastern_digits_are_read_in_ids_and_phones(self):
        self.login(self.new_user)
        number = saudi_id("1", 71234567)
        self.register(
            national_id=number.translate(ARABIC_DIGITS),
            mobile="0501112233".translate(PERSIAN_DIGITS),
        )
        created = self.files_of(self.new_user)
        self.assertEqual(created.national_id, number)
        self.assertEqual(created.mobile, "+966501112233")
        self.login(self.nora)
        self.post("/my/beneficiary", {"mobile": "٠٥٥١٢٣٤٥٦٧"})
        self.assertEqual(self.nora_file.mobile, "+966551234567")
        self.public_complaint(
            subject="Digits (security)", anonymous="", phone="٠٥٠١٢٣٤٥٦٧", contact_name="Huda"
        )
        complaint = self.env["beneficiary.complaint"].search(
            [("subject", "=", "Digits (security)")]
        )
        self.assertEqual(complaint.contact_phone, "+966501234567")

    def test_public_form_reads_phones_as_saudi_numbers(self):
        self.env["website"].get_current_website().company_id.country_id = self.env.ref("base.us")
        self.public_complaint(
            subject="US company (security)", anonymous="", phone="0501234567", contact_name="Huda"
        )
        complaint = self.env["beneficiary.complaint"].search(
            [("subject", "=", "US company (security)")]
        )
        self.assertEqual(complaint.contact_phone, "+966501234567")

    def test_upload_setting_is_capped_at_what_the_server_accepts(self):
        for too_large in (10, 50):
            with self.subTest(mb=too_large), self.assertRaises(ValidationError):
                self.company.beneficiary_max_upload_mb = too_large
        field = self.env["res.company"]._fields["beneficiary_max_upload_mb"]
        self.assertIn("10 MB", field.help)

    def test_upload_just_over_the_limit_gets_the_form_message(self):
        limit = self.company.beneficiary_max_upload_mb
        message = f"larger than {limit} MB"
        self.login(self.nora)
        big = {f"document_{self.lease.id}": ("lease.pdf", just_over(limit), "application/pdf")}
        self.assertShows(self.submit_request(files=big), message)
        page = self.post(
            "/my/beneficiary",
            {"document_type_id": str(self.id_copy.id)},
            files={"document": ("id.pdf", just_over(limit), "application/pdf")},
        )
        self.assertShows(page, message)
        website_company = self.env["website"].get_current_website().company_id
        page = self.public_complaint(
            files={"attachment": ("scan.pdf", just_over(limit), "application/pdf")}
        )
        self.assertShows(page, f"larger than {website_company.beneficiary_max_upload_mb} MB")
