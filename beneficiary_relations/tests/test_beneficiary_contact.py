from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import format_hijri
from .common import BeneficiaryCase


@tagged("post_install", "-at_install")
class TestBeneficiaryContact(BeneficiaryCase):
    def test_partner_created_and_kept_in_sync(self):
        beneficiary = self.create_beneficiary(name="Huda", email="Huda@Example.com ")
        partner = beneficiary.partner_id
        self.assertEqual((partner.name, partner.email), ("Huda", "huda@example.com"))
        self.assertEqual(partner.phone, "+966501234567")
        beneficiary.write({"name": "Huda Saleh", "mobile": "+966 55 123 4567"})
        self.assertEqual(partner.name, "Huda Saleh")
        self.assertEqual(partner.phone, "+966551234567")

    def test_existing_partner_is_linked_not_duplicated(self):
        partner = self.env["res.partner"].create({"name": "Portal person"})
        beneficiary = self.create_beneficiary(partner_id=partner.id)
        self.assertEqual(beneficiary.partner_id, partner)

    def test_mobile_is_stored_in_international_form(self):
        for typed in ("0501234567", "501234567", "+966501234567", "00966501234567"):
            with self.subTest(typed=typed):
                beneficiary = self.create_beneficiary(mobile=typed)
                self.assertEqual(beneficiary.mobile, "+966501234567")

    def test_malformed_mobile_is_refused(self):
        with self.assertRaisesText(ValidationError, "12ab is not valid"):
            self.create_beneficiary(mobile="12ab")
        beneficiary = self.create_beneficiary()
        with self.assertRaisesText(ValidationError, "not valid"):
            beneficiary.write({"mobile": "0501"})
        self.assertEqual(beneficiary.mobile, "+966501234567")

    def test_hijri_dates(self):
        # The seed policy's approval date: 5 March 2024 = 24 Sha'ban 1445.
        self.assertEqual(format_hijri(date(2024, 3, 5), "ar_001"), "24 شعبان 1445 هـ")
        self.assertEqual(format_hijri(date(2024, 3, 5), "en_US"), "24 Sha'ban 1445 AH")
        self.assertEqual(format_hijri(date(1800, 1, 1)), "")
        beneficiary = self.create_beneficiary(birth_date="2024-03-05")
        self.assertEqual(
            beneficiary.with_context(lang="en_US").birth_date_hijri, "24 Sha'ban 1445 AH"
        )

    def test_consent_date_follows_consent(self):
        beneficiary = self.create_beneficiary(consent=True)
        self.assertTrue(beneficiary.consent_date)
        beneficiary.consent = False
        self.assertFalse(beneficiary.consent_date)
