import os
import re
import shutil
import subprocess
import tempfile
import unicodedata

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from .common import PDF, RequestCase

# Bidirectional controls pdftotext puts around right-to-left runs.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(pdf):
    """The text of a PDF as poppler's pdftotext reads it, Arabic presentation forms folded
    back to letters."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        raise AssertionError("pdftotext is missing: install Debian's poppler-utils")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            [pdftotext, "-enc", "UTF-8", file.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    return BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))


@tagged("post_install", "-at_install")
class TestPdfReports(HttpCase, RequestCase):
    """Each printable document renders in Arabic through wkhtmltopdf as a real PDF, with its
    key fields (set BR_KEEP_PDFS=<folder> to keep them). An HTTP case: wkhtmltopdf fetches the
    report's styles from the test server, which then shares the test's transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.config_parameter"].set_param("report.url", cls.base_url())
        for user in (cls.officer, cls.researcher, cls.committee, cls.manager):
            user.lang = "ar_001"
        cls.env.company.write(
            {"name": "جمعية البر الخيرية", "street": "طريق الملك فهد", "city": "الرياض"}
        )
        cls.service.write(
            {
                "name": "سلة غذائية شهرية",
                "response_days": 3,
                "description": "<p>للأسر ذات الدخل المحدود في المدينة</p>",
            }
        )
        cls.beneficiary.write(
            {
                "name": "فاطمة محمد العتيبي",
                "lang": "ar_001",
                "monthly_income": 2500,
                "health_notes": "Diabetes",
                "birth_date": "1980-05-04",
                "city": "الرياض",
            }
        )
        # Complete on Thursday 18 February 2027: the decision is due Wednesday 24, that is
        # 17 Ramadan 1448.
        with freeze_time("2027-02-18 10:00:00"):
            cls.request = cls.create_request()
            cls.request.action_check_completeness()
        with freeze_time("2027-02-22 10:00:00"):
            cls.record_decision(cls.request, "rejected", note="الدخل الشهري أعلى من حد الخدمة")
        cls.follow_up = new_test_user(
            cls.env, "br_pdf_follow_up", groups="beneficiary_relations.group_br_committee"
        )
        cls.complaint = cls.env["beneficiary.complaint"].create(
            {
                "subject": "تأخر صرف السلة",
                "beneficiary_id": cls.beneficiary.id,
                "user_id": cls.follow_up.id,
            }
        )
        investigation = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة التحقيق",
                "kind": "investigation",
                "member_ids": [Command.set(cls.manager.ids)],
                "chair_id": cls.manager.id,
                "quorum": 1,
            }
        )
        cls.compensation = cls.env["beneficiary.compensation"].create(
            {
                "complaint_id": cls.complaint.id,
                "investigation_committee_id": investigation.id,
                "damage_description": "تلف المواد الغذائية بسبب التأخير",
                "ground_association_fault": True,
                "ground_settlement": True,
                "settlement_evidence": PDF,
                "settlement_evidence_name": "settlement.pdf",
                "amount": 1500,
            }
        )
        cls.compensation.with_user(cls.manager).action_sign_off()

    def render(self, report, records, user=None):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user or self.officer)
            .with_context(force_report_rendering=True, lang="ar_001")
        )
        pdf, kind = Report._render_qweb_pdf(f"beneficiary_relations.{report}", records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), f"{report} is a real PDF")
        folder = os.environ.get("BR_KEEP_PDFS")
        if folder:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{report}.pdf"), "wb") as file:
                file.write(pdf)
        return pdf_text(pdf)

    def assertWords(self, text, *phrases):
        """Each word of each phrase is in the text (pdftotext may order right-to-left words
        of a line differently)."""
        for phrase in phrases:
            for word in str(phrase).split():
                self.assertIn(word, text, f"{word!r} of {phrase!r}")

    def test_request_receipt(self):
        text = self.render("report_request_receipt", self.request)
        self.assertWords(
            text,
            self.request.name,
            self.beneficiary.name,
            self.service.name,
            "17 رمضان 1448",  # the expected decision date in Hijri
            "2027",
        )
        self.assertIn("/my/requests/", text.replace("\n", ""), "the tracking link")
        self.assertNotIn(self.beneficiary.national_id, text, "the ID number is masked")
        self.assertIn(self.beneficiary.national_id[-4:], text)

    def test_decision_letter(self):
        text = self.render("report_request_decision", self.request)
        self.assertWords(text, self.request.name, self.beneficiary.name, "الدخل الشهري أعلى")
        # The day the appeal can be made until (pdftotext reorders the words of mixed lines).
        deadline = self.request._appeal_deadline()
        day = format_date(self.env(context={"lang": "ar_001"}), deadline, date_format="d MMMM")
        self.assertWords(text, *day.split())
        undecided = self.create_request()
        # Printed in Arabic, the refusal is in Arabic too.
        with self.assertRaisesText(UserError, "لم يصدر قرار اللجنة"):
            self.render("report_request_decision", undecided)

    def test_declaration_form_is_filled_in(self):
        text = self.render("report_beneficiary_declaration", self.beneficiary)
        self.assertWords(text, self.beneficiary.name, self.beneficiary.national_id, "الرياض")
        self.assertIn("1400", text, "the birth date in Hijri (1400)")

    def test_service_checklist(self):
        family_record = self.env.ref(
            "beneficiary_relations.beneficiary_document_type_family_record"
        )
        self.service.document_type_ids = [Command.link(family_record.id)]
        text = self.render("report_service_checklist", self.service)
        self.assertWords(
            text,
            self.service.name,
            self.id_copy.with_context(lang="ar_001").name,
            family_record.with_context(lang="ar_001").name,
            "للأسر ذات الدخل المحدود",
        )
        self.assertIn("3", text)

    def test_compensation_decision(self):
        text = self.render("report_compensation_decision", self.compensation, self.manager)
        self.assertWords(
            text,
            self.compensation.name,
            self.complaint.name,
            self.beneficiary.name,
            "تلف المواد الغذائية",
        )
        self.assertRegex(text, r"1,?500")

    def test_file_summary_shows_sensitive_fields_to_researchers_only(self):
        officer_text = self.render("report_beneficiary_file", self.beneficiary, self.officer)
        self.assertWords(officer_text, self.beneficiary.name, self.request.name)
        self.assertNotIn("Diabetes", officer_text)
        self.assertNotRegex(officer_text, r"2,?500")
        researcher_text = self.render("report_beneficiary_file", self.beneficiary, self.researcher)
        self.assertIn("Diabetes", researcher_text)
        self.assertRegex(researcher_text, r"2,?500")
