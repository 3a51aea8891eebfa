import base64
import logging
import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import find_in_path

from .common import PDF, BeneficiaryCase

_logger = logging.getLogger(__name__)

PDF_BYTES = base64.b64decode(PDF)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@tagged("post_install", "-at_install")
class TestPortal(HttpCase, BeneficiaryCase):
    """Two beneficiaries with portal accounts, each probing the other's records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A bilingual website, English by default: Arabic pages are under /ar/.
        english = cls.env["res.lang"]._activate_lang("en_US")
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["website"].get_current_website().write(
            {
                "language_ids": [Command.set((english | arabic).ids)],
                "default_lang_id": english.id,
            }
        )
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease contract"})
        cls.service = cls.env["beneficiary.service"].create(
            {
                "name": "Rent support",
                "response_days": 15,
                "document_type_ids": [Command.link(cls.lease.id)],
                "user_ids": [Command.link(cls.officer.id)],
            }
        )
        cls.alice, cls.alice_file = cls.portal_beneficiary("br_alice")
        cls.bob, cls.bob_file = cls.portal_beneficiary("br_bob")
        Request = cls.env["beneficiary.request"]
        cls.alice_request = Request.create(
            {"beneficiary_id": cls.alice_file.id, "service_id": cls.service.id}
        )
        cls.bob_request = Request.create(
            {"beneficiary_id": cls.bob_file.id, "service_id": cls.service.id}
        )
        Complaint = cls.env["beneficiary.complaint"]
        cls.bob_complaint = Complaint.create(
            {"subject": "Bob's complaint", "beneficiary_id": cls.bob_file.id}
        )

    @classmethod
    def portal_beneficiary(cls, login):
        user = new_test_user(
            cls.env, login, groups="base.group_portal", email=f"{login}@ex.com", lang="en_US"
        )
        beneficiary = cls.create_ready_beneficiary(
            name=login.replace("br_", "").title(), partner_id=user.partner_id.id
        )
        beneficiary.contact_officer_id = cls.officer
        return user, beneficiary

    def get(self, url, login="br_alice"):
        self.authenticate(login, login)
        return self.url_open(url)

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def submit_request(self, extra=None, files=None, token=True):
        self.authenticate("br_alice", "br_alice")
        data = {
            "service_id": str(self.service.id),
            "description": "We need help with the rent.",
            "declaration": "1",
            "submission_key": "k-" + str(len(self.env["beneficiary.request"].search([]))),
        }
        if token:
            data["csrf_token"] = self.csrf(f"/my/requests/new?service_id={self.service.id}")
        data.update(extra or {})
        if files is None:
            files = {f"document_{self.lease.id}": ("lease.pdf", PDF_BYTES, "application/pdf")}
        return self.url_open("/my/requests/new", data=data, files=files)

    # Lists and details -----------------------------------------------------------------------

    def test_home_shows_the_file_and_its_officer(self):
        page = self.get("/my/home")
        self.assertEqual(page.status_code, 200)
        self.assertIn("My Requests", page.text)
        self.assertIn(self.officer.name, page.text)

    def test_arabic_pages_are_right_to_left(self):
        self.assertTrue(find_in_path("rtlcss"), "Odoo needs rtlcss for right-to-left CSS")
        arabic = self.env["res.lang"]._activate_lang("ar_001")
        self.env["website"].get_current_website().language_ids |= arabic
        page = self.get("/ar/my/requests")
        self.assertIn("o_rtl", page.text)
        self.assertIn('lang="ar-001"', page.text)

    def test_each_user_lists_only_their_requests(self):
        page = self.get("/my/requests")
        self.assertIn(self.alice_request.name, page.text)
        self.assertNotIn(self.bob_request.name, page.text)
        page = self.get("/my/requests?filterby=nonsense&sortby=nonsense")
        self.assertEqual(page.status_code, 200)

    def test_request_detail(self):
        page = self.get(f"/my/requests/{self.alice_request.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.alice_request.name, page.text)
        self.assertIn("o_beneficiary_progress", page.text)
        self.assertIn("o_portal_chatter", page.text)

    def test_guessed_and_forged_ids_show_nothing(self):
        for url in (
            f"/my/requests/{self.bob_request.id}",
            "/my/requests/999999",
            f"/my/complaints/{self.bob_complaint.id}",
            f"/my/requests/{self.bob_request.id}?access_token=forged",
        ):
            page = self.get(url)
            self.assertNotIn(self.bob_request.name, page.text, url)
            self.assertNotIn("Bob's complaint", page.text, url)
            self.assertTrue(page.url.endswith("/my") or "/my?" in page.url, page.url)

    def test_token_opens_the_request_without_login(self):
        self.bob_request._portal_ensure_token()
        self.authenticate(None, None)
        page = self.url_open(
            f"/my/requests/{self.bob_request.id}?access_token={self.bob_request.access_token}"
        )
        self.assertIn(self.bob_request.name, page.text)

    # New request ---------------------------------------------------------------------------

    def test_submit_a_request_with_a_pdf(self):
        before = self.env["beneficiary.request"].search_count([])
        response = self.submit_request()
        self.assertEqual(response.status_code, 200)
        created = self.env["beneficiary.request"].search([], order="id desc", limit=1)
        self.assertEqual(self.env["beneficiary.request"].search_count([]), before + 1)
        self.assertEqual(created.beneficiary_id, self.alice_file)
        self.assertEqual(
            created.channel_id, self.env.ref("beneficiary_relations.beneficiary_channel_portal")
        )
        self.assertEqual(created.document_ids.document_type_id, self.lease)
        self.assertEqual(created.document_ids.status, "to_verify")
        self.assertEqual(base64.b64decode(created.document_ids.file), PDF_BYTES)
        self.assertIn(created.name, response.text)
        self.assertIn("submitted=1", response.url)

    def test_double_submission_creates_one_request(self):
        before = self.env["beneficiary.request"].search_count([])
        first = self.submit_request(extra={"submission_key": "double-click"})
        second = self.submit_request(extra={"submission_key": "double-click"})
        self.assertEqual(self.env["beneficiary.request"].search_count([]), before + 1)
        self.assertEqual(first.url, second.url)

    def test_refused_submissions_create_nothing(self):
        Request = self.env["beneficiary.request"]
        before = Request.search_count([])
        cases = {
            "declaration": ({"declaration": ""}, None),
            "wrong type": (
                {},
                {
                    f"document_{self.lease.id}": (
                        "lease.pdf",
                        b"MZ\x90\x00 not a pdf",
                        "application/pdf",
                    )
                },
            ),
            "service": ({"service_id": "999999"}, None),
        }
        for case, (extra, files) in cases.items():
            page = self.submit_request(extra=extra, files=files)
            self.assertEqual(page.status_code, 200, case)
            self.assertIn("alert-danger", page.text, case)
        self.env.company.beneficiary_max_upload_mb = 1
        big = {
            f"document_{self.lease.id}": (
                "big.pdf",
                PDF_BYTES + b"0" * 1_100_000,
                "application/pdf",
            )
        }
        page = self.submit_request(files=big)
        self.assertIn("larger than 1 MB", page.text)
        self.assertEqual(Request.search_count([]), before)

    def test_missing_csrf_is_refused(self):
        before = self.env["beneficiary.request"].search_count([])
        response = self.submit_request(token=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["beneficiary.request"].search_count([]), before)

    def test_script_is_escaped(self):
        self.submit_request(extra={"description": "<script>alert('x')</script>"})
        created = self.env["beneficiary.request"].search([], order="id desc", limit=1)
        self.assertNotIn("<script>alert", created.description)
        page = self.get(f"/my/requests/{created.id}")
        self.assertNotIn("<script>alert('x')", page.text)

    # Complaints, file, registration ----------------------------------------------------------

    def test_complaints_list_detail_and_new(self):
        page = self.get("/my/complaints")
        self.assertNotIn("Bob's complaint", page.text)
        data = {
            "csrf_token": self.csrf("/my/complaints/new"),
            "complaint_type": "suggestion",
            "subject": "Evening hours",
            "description": "Please open in the evening.",
        }
        response = self.url_open("/my/complaints/new", data=data)
        complaint = self.env["beneficiary.complaint"].search([("subject", "=", "Evening hours")])
        self.assertEqual(complaint.beneficiary_id, self.alice_file)
        self.assertIn(complaint.name, response.text)
        self.assertIn("Evening hours", self.get("/my/complaints").text)

    def test_renewed_document_goes_to_staff(self):
        verified = self.alice_file.document_ids
        self.authenticate("br_alice", "br_alice")
        data = {
            "csrf_token": self.csrf("/my/beneficiary"),
            "mobile": "0551234567",
            "document_type_id": str(self.id_copy.id),
            "expiry_date": "2030-01-01",
        }
        files = {"document": ("id.png", PNG_BYTES, "image/png")}
        page = self.url_open("/my/beneficiary", data=data, files=files)
        self.assertIn("alert-success", page.text)
        self.assertEqual(self.alice_file.mobile, "+966551234567")
        new = self.alice_file.document_ids - verified
        self.assertEqual(new.status, "to_verify")
        self.assertEqual(base64.b64decode(new.file), PNG_BYTES)
        self.assertEqual(verified.status, "verified", "the verified document is untouched")
        self.assertTrue(self.alice_file.activity_ids.filtered(lambda a: a.user_id == self.officer))

    def test_registration_of_a_new_user(self):
        new_test_user(self.env, "br_carol", groups="base.group_portal", email="carol@ex.com")
        self.authenticate("br_carol", "br_carol")
        self.assertIn("/my/beneficiary/register", self.url_open("/my/requests/new").url)
        data = {
            "csrf_token": self.csrf("/my/beneficiary/register"),
            "name": "Carol",
            "national_id": "1234567890",
            "mobile": "0501112233",
            "consent": "1",
        }
        page = self.url_open("/my/beneficiary/register", data=data)
        self.assertIn("alert-danger", page.text, "an invalid ID is refused with its reason")
        Beneficiary = self.env["beneficiary.beneficiary"]
        self.assertFalse(Beneficiary.search([("name", "=", "Carol")]))
        data["national_id"] = self.next_national_id()
        self.url_open("/my/beneficiary/register", data=data)
        carol = Beneficiary.search([("name", "=", "Carol")])
        self.assertEqual(carol.state, "draft")
        self.assertEqual(carol.partner_id.email, "carol@ex.com")

    # Query count -----------------------------------------------------------------------------

    def count_page_queries(self, url):
        self.url_open(url)  # warm up
        return self.count_queries(self.url_open, url)

    def test_my_requests_query_count_does_not_grow(self):
        """One request or a full page of them (the page size, 20), then 500: the same
        queries, none per row."""
        Request = self.env["beneficiary.request"].with_context(tracking_disable=True)
        self.authenticate("br_alice", "br_alice")
        one = self.count_page_queries("/my/requests")
        Request.create([{"beneficiary_id": self.alice_file.id, "service_id": self.service.id}] * 19)
        page = self.count_page_queries("/my/requests")
        Request.create(
            [{"beneficiary_id": self.alice_file.id, "service_id": self.service.id}] * 480
        )
        five_hundred = self.count_page_queries("/my/requests")
        _logger.info(
            "/my/requests: %s queries (1 request), %s (20), %s (500)", one, page, five_hundred
        )
        self.assertFlatQueryCount(one, page, ceiling=16, what="/my/requests, 1 and 20 rows")
        self.assertFlatQueryCount(page, five_hundred, ceiling=16, what="/my/requests, 20 and 500")
