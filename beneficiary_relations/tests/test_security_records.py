"""Security, issue items 3, 4, 5, 6, 12, 13 and 14: records that staff or beneficiaries could
forge, read or break. Each attack runs as a real client would: XML-RPC as that user, or HTTP
through the real routes."""

import base64

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, ComplaintCase, RpcMixin, saudi_id

EVIDENCE = base64.b64encode(b"%PDF-1.4\nminutes\n%%EOF\n")


class SecurityRecordsCase(RpcMixin, HttpCase, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, "br_sec_rec_portal", groups="base.group_portal")
        cls.portal_file = cls.create_ready_beneficiary(
            name="Portal beneficiary", partner_id=cls.portal_user.partner_id.id
        )
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Rent (sec)", "response_days": 10, "user_ids": [Command.link(cls.officer.id)]}
        )
        cls.request = cls.env["beneficiary.request"].create(
            {"beneficiary_id": cls.portal_file.id, "service_id": cls.service.id}
        )
        cls.request.write({"decision_minutes": EVIDENCE, "decision_minutes_name": "minutes.pdf"})
        cls.complaint = cls.create_complaint(
            beneficiary_id=cls.portal_file.id, escalation_reason="Named staff member delays"
        )
        cls.medical = cls.env.ref("beneficiary_relations.beneficiary_document_type_medical_report")
        # Messages come back in the caller's language: these tests read them in English.
        (cls.officer | cls.researcher | cls.committee | cls.manager | cls.follow_up).lang = "en_US"
        cls.portal_user.lang = "en_US"


@tagged("post_install", "-at_install", "security")
class TestSecurityRecords(SecurityRecordsCase):
    def approved_case(self):
        """Approved by the investigation committee (here of one, the manager's quorum)."""
        self.env["beneficiary.committee"].create(
            {
                "name": "Investigation (sec)",
                "kind": "investigation",
                "member_ids": [Command.set(self.manager.ids)],
                "quorum": 1,
            }
        )
        case = self.env["beneficiary.compensation"].create(
            {
                "complaint_id": self.complaint.id,
                "amount": 500,
                "damage_description": "Lost file",
                "ground_association_fault": True,
                "fault_evidence": EVIDENCE,
                "ground_settlement": True,
                "settlement_evidence": EVIDENCE,
            }
        )
        case.investigation_committee_id = self.env["beneficiary.committee"].search(
            [("name", "=", "Investigation (sec)")]
        )
        case.with_user(self.manager).action_sign_off()
        return case

    # Item 3: compensation ------------------------------------------------------------------

    def test_approved_compensation_is_locked(self):
        case = self.approved_case()
        for vals in (
            {"amount": 50000},
            {"ground_association_fault": False},
            {"fault_evidence": False},
            {"damage_description": "Something else"},
            {"complaint_id": self.create_complaint().id},
        ):
            with self.subTest(vals=list(vals)):
                self.assertRpcRefused(
                    "is approved: .* can no longer change",
                    "br_follow_up",
                    "beneficiary.compensation",
                    "write",
                    [case.id],
                    vals,
                )
        self.assertEqual(case.amount, 500)
        case.with_user(self.manager).action_make_offer()
        case.open_offer_id.with_user(self.manager).action_record_acceptance()
        case.with_user(self.manager).write({"payment_method": "cash", "payment_reference": "R-1"})
        case.with_user(self.manager).action_mark_paid()
        self.assertRpcRefused(
            "is paid: .* can no longer change",
            "br_manager",
            "beneficiary.compensation",
            "write",
            [case.id],
            {"payment_reference": "FORGED", "date_paid": "2020-01-01"},
        )

    def test_approver_cannot_be_forged(self):
        draft = self.env["beneficiary.compensation"].create({"complaint_id": self.complaint.id})
        forged = {"approved_by_id": self.manager.id, "date_approved": "2026-01-01 10:00:00"}
        self.assertRpcRefused(
            "recorded by the approval itself",
            "br_follow_up",
            "beneficiary.compensation",
            "write",
            [draft.id],
            forged,
        )
        self.assertRpcRefused(
            "recorded by the approval itself",
            "br_follow_up",
            "beneficiary.compensation",
            "create",
            dict(forged, complaint_id=self.complaint.id),
        )
        self.assertFalse(draft.approved_by_id)
        self.assertEqual(self.approved_case().approved_by_id, self.manager)

    # Item 4: the deadline clock --------------------------------------------------------------

    def test_officer_cannot_move_the_clock(self):
        attempts = {
            "beneficiary.request": (
                self.request,
                [
                    {"date_deadline": "2030-01-01"},
                    {"date_reminder": "2030-01-01"},
                    {"reminder_done": True},
                    {"deadline_reminder_done": True},
                    {"escalated": True},
                    {"survey_invited": True},
                    {"date_received": "2020-01-01 08:00:00"},
                ],
            ),
            "beneficiary.complaint": (
                self.complaint,
                [
                    {"date_received": "2020-01-01 08:00:00"},
                    {"date_resolved": "2020-01-02 08:00:00"},
                    {"escalated": True},
                ],
            ),
        }
        # Each by a committee member who may read the record: research for requests,
        # follow-up for complaints.
        logins = {"beneficiary.request": "br_committee", "beneficiary.complaint": "br_follow_up"}
        for model, (record, writes) in attempts.items():
            for vals in writes:
                with self.subTest(model=model, vals=list(vals)):
                    self.assertRpcRefused(
                        "only a manager can correct them",
                        logins[model],
                        model,
                        "write",
                        [record.id],
                        vals,
                    )
        self.assertRpcRefused(
            "only a manager can correct them",
            "br_officer",
            "beneficiary.request",
            "create",
            {
                "beneficiary_id": self.portal_file.id,
                "service_id": self.service.id,
                "date_received": "2020-01-01 08:00:00",
            },
        )
        self.assertFalse(self.request.escalated)

    def test_manager_correction_is_written_in_the_chatter(self):
        self.rpc(
            "br_manager",
            "beneficiary.complaint",
            "write",
            [self.complaint.id],
            {"date_received": "2026-11-01 08:00:00"},
        )
        self.assertEqual(
            self.complaint.date_received, fields.Datetime.to_datetime("2026-11-01 08:00:00")
        )
        note = self.complaint.message_ids.filtered(lambda m: "Corrected by" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Corrected by br_manager", note.body)
        self.assertIn("Received", note.body)

    # Item 5: internal fields -------------------------------------------------------------------

    def test_portal_user_cannot_read_internal_fields(self):
        self.authenticate("br_sec_rec_portal", "br_sec_rec_portal")
        minutes = self.url_open(
            f"/web/content/beneficiary.request/{self.request.id}/decision_minutes"
        )
        self.assertNotIn(b"minutes", minutes.content)
        self.assertIn(minutes.status_code, (403, 404))
        for model, record, field in (
            ("beneficiary.complaint", self.complaint, "escalation_reason"),
            ("beneficiary.complaint", self.complaint, "concerned_user_id"),
            ("beneficiary.request", self.request, "decision_minutes"),
            ("beneficiary.request", self.request, "committee_member_ids"),
            ("beneficiary.request", self.request, "reminder_done"),
        ):
            with self.subTest(field=field):
                self.assertRpcRefused(
                    f"{field}",
                    "br_sec_rec_portal",
                    model,
                    "read",
                    [record.id],
                    [field],
                )
        # What the portal shows them stays readable.
        [values] = self.rpc(
            "br_sec_rec_portal", "beneficiary.request", "read", [self.request.id], ["name"]
        )
        self.assertEqual(values["name"], self.request.name)

    # Item 6: confidential documents ------------------------------------------------------------

    def test_officer_cannot_open_confidential_documents(self):
        report = self.add_document(self.portal_file, doc_type=self.medical)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "beneficiary.document"),
                ("res_id", "=", report.id),
                ("res_field", "=", "file"),
            ]
        )
        self.assertTrue(attachment)
        found = self.rpc(
            "br_officer",
            "beneficiary.document",
            "search",
            [("beneficiary_id", "=", self.portal_file.id)],
        )
        self.assertNotIn(report.id, found)
        self.assertRpcRefused(
            r"'read' access to:\n- Beneficiary Document",
            "br_officer",
            "beneficiary.document",
            "read",
            [report.id],
            ["file"],
        )
        self.assertRpcRefused(
            r"'read' access to:\n- (Beneficiary Document|Attachment)",
            "br_officer",
            "ir.attachment",
            "read",
            [attachment.id],
            ["datas"],
        )
        self.authenticate("br_officer", "br_officer")
        download = self.url_open(f"/web/content/beneficiary.document/{report.id}/file")
        self.assertNotEqual(download.content, base64.b64decode(PDF))
        for reader in ("br_researcher", "br_committee"):
            [values] = self.rpc(reader, "beneficiary.document", "read", [report.id], ["file"])
            self.assertEqual(values["file"], PDF.decode())

    def test_confidential_documents_still_count_for_registration(self):
        self.medical.required_for_registration = True
        beneficiary = self.create_ready_beneficiary(name="Needs a report")
        self.add_document(beneficiary, doc_type=self.medical)
        self.assertTrue(
            self.rpc("br_officer", "beneficiary.beneficiary", "action_register", [beneficiary.id])
        )
        self.assertEqual(beneficiary.state, "registered")

    # Item 13: bad input gets a clear error ------------------------------------------------------

    def test_bad_input_is_refused_clearly(self):
        base = {"name": "Typed badly", "national_id": self.next_national_id()}
        for vals, pattern in (
            ({"email": 12345}, "not a valid email"),
            ({"email": ["a@b.c"]}, "Email must be text"),
            ({"mobile": ["0501234567"]}, "Mobile must be text"),
            ({"national_id": "1" * 1_000_000}, "too long"),
            ({"state": "bogus"}, "is not a status of a beneficiary"),
        ):
            with self.subTest(vals=str(vals)[:40]):
                self.assertRpcRefused(
                    pattern, "br_officer", "beneficiary.beneficiary", "create", dict(base, **vals)
                )
        for model, domain, pattern in (
            ("beneficiary.request", [("deadline_state", "=", "bogus")], "Unknown deadline status"),
            ("beneficiary.document", [("status", "=", "bogus")], "Unknown document status"),
            ("beneficiary.request", [("deadline_state", "=", 7)], "Unsupported search"),
        ):
            with self.subTest(domain=domain):
                self.assertRpcRefused(pattern, "br_officer", model, "search_count", domain)
        self.assertRpcRefused(
            "is not a status of a compensation",
            "br_manager",
            "beneficiary.compensation",
            "write",
            [self.env["beneficiary.compensation"].create({"complaint_id": self.complaint.id}).id],
            {"state": "bogus"},
        )

    def test_actions_answer_over_xmlrpc(self):
        beneficiary = self.create_ready_beneficiary(name="Ready")
        self.assertTrue(
            self.rpc("br_officer", "beneficiary.beneficiary", "action_register", [beneficiary.id])
        )
        self.assertTrue(
            self.rpc(
                "br_officer", "beneficiary.request", "action_check_completeness", [self.request.id]
            )
        )

    # Item 14: what real people type ---------------------------------------------------------------

    def test_arabic_indic_and_persian_digits(self):
        national_id = saudi_id("1", 51234567)
        arabic = national_id.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        persian = saudi_id("2", 51234567).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        created = self.rpc(
            "br_officer",
            "beneficiary.beneficiary",
            "create",
            {"name": "Arabic digits", "national_id": arabic, "mobile": "٠٥٠١٢٣٤٥٦٧"},
        )
        beneficiary = self.env["beneficiary.beneficiary"].browse(created)
        self.assertEqual(beneficiary.national_id, national_id)
        self.assertEqual(beneficiary.mobile, "+966501234567")
        resident = self.rpc(
            "br_officer",
            "beneficiary.beneficiary",
            "create",
            {"name": "Persian", "id_type": "iqama", "national_id": persian, "mobile": "۰۵۵۱۲۳۴۵۶۷"},
        )
        resident = self.env["beneficiary.beneficiary"].browse(resident)
        self.assertEqual(resident.national_id, saudi_id("2", 51234567))
        self.assertEqual(resident.mobile, "+966551234567")
