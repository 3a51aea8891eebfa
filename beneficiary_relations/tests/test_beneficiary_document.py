from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PDF, BeneficiaryCase


@tagged("post_install", "-at_install")
class TestBeneficiaryDocument(BeneficiaryCase):
    def test_expired_document_cannot_be_verified(self):
        beneficiary = self.create_beneficiary()
        document = self.add_document(beneficiary, verified=False, expiry_days=-3)
        self.assertEqual(document.status, "expired")
        with self.assertRaisesText(ValidationError, "cannot be verified"):
            document.with_user(self.officer).action_verify()
        self.assertFalse(document.verified_date)

    def test_document_without_file_cannot_be_verified(self):
        beneficiary = self.create_beneficiary()
        document = self.env["beneficiary.document"].create(
            {"beneficiary_id": beneficiary.id, "document_type_id": self.id_copy.id}
        )
        self.assertEqual(document.status, "missing_file")
        with self.assertRaisesText(ValidationError, "no file is attached"):
            document.action_verify()

    def test_verify_records_who_and_when(self):
        document = self.add_document(self.create_beneficiary(), verified=False)
        document.with_user(self.officer).action_verify()
        self.assertEqual(document.verified_by_id, self.officer)
        self.assertEqual(document.status, "verified")

    def test_new_file_or_expiry_needs_verifying_again(self):
        document = self.add_document(self.create_beneficiary())
        document.write({"file": PDF})
        self.assertEqual(document.status, "to_verify")
        document.action_verify()
        document.write({"expiry_date": fields.Date.add(fields.Date.today(), years=3)})
        self.assertFalse(document.verified_by_id)

    def test_expiry_before_issue_is_refused(self):
        with self.assertRaisesText(ValidationError, "before its issue date"):
            self.env["beneficiary.document"].create(
                {
                    "beneficiary_id": self.create_beneficiary().id,
                    "document_type_id": self.id_copy.id,
                    "issue_date": "2025-01-10",
                    "expiry_date": "2025-01-01",
                }
            )

    def test_status_and_expiring_searches(self):
        beneficiary = self.create_beneficiary()
        verified = self.add_document(beneficiary)
        expired = self.add_document(beneficiary, verified=False, expiry_days=-1)
        to_verify = self.add_document(beneficiary, verified=False, expiry_days=10)
        documents = self.env["beneficiary.document"]
        self.assertEqual(
            documents.search(
                [("beneficiary_id", "=", beneficiary.id), ("status", "=", "verified")]
            ),
            verified,
        )
        self.assertEqual(
            documents.search([("beneficiary_id", "=", beneficiary.id), ("status", "=", "expired")]),
            expired,
        )
        self.assertEqual(
            documents.search(
                [
                    ("beneficiary_id", "=", beneficiary.id),
                    ("status", "not in", ["verified", "expired"]),
                ]
            ),
            to_verify,
        )
        self.assertTrue(beneficiary.document_expiring)
        found = self.env["beneficiary.beneficiary"].search([("document_expiring", "=", True)])
        self.assertIn(beneficiary, found)
        calm = self.create_beneficiary()
        self.add_document(calm)
        self.assertNotIn(calm, found)
        self.assertEqual(beneficiary.document_count, 3)
