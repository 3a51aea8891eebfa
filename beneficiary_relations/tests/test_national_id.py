from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools import national_id_error
from .common import BeneficiaryCase, saudi_id


@tagged("post_install", "-at_install")
class TestNationalId(BeneficiaryCase):
    def test_valid_numbers_of_each_type(self):
        # 1000000008 / 2000000006: the smallest checksum-valid ID and iqama; others computed.
        for number, id_type in [
            ("1000000008", "national_id"),
            (saudi_id(1, 87654321), "national_id"),
            ("2000000006", "iqama"),
            (saudi_id(2, 34567812), "iqama"),
            ("A1234567", "passport"),
            ("784199012345", "gcc_id"),
        ]:
            with self.subTest(number=number):
                self.assertIsNone(national_id_error(self.env, number, id_type))

    def test_invalid_numbers_name_the_problem(self):
        cases = [
            ("1000000007", "national_id", "check digit"),
            ("2000000005", "iqama", "check digit"),
            ("2000000006", "national_id", "starts with 1"),
            ("1000000008", "iqama", "starts with 2"),
            ("100000000", "national_id", "10 digits"),
            ("10000000AB", "iqama", "10 digits"),
            ("A1-23", "passport", "5 to 20"),
        ]
        for number, id_type, expected in cases:
            with self.subTest(number=number, id_type=id_type):
                self.assertIn(expected, national_id_error(self.env, number, id_type))

    def test_create_and_write_refuse_invalid_ids(self):
        with self.assertRaisesText(ValidationError, "check digit"):
            self.create_beneficiary(national_id="1000000007")
        beneficiary = self.create_beneficiary()
        with self.assertRaisesText(ValidationError, "starts with 2"):
            beneficiary.write({"id_type": "iqama"})
        self.assertEqual(beneficiary.id_type, "national_id")

    def test_id_is_normalized(self):
        beneficiary = self.create_beneficiary(national_id=" 1000 0000 08 ")
        self.assertEqual(beneficiary.national_id, "1000000008")
        passport = self.create_beneficiary(id_type="passport", national_id="ab123456")
        self.assertEqual(passport.national_id, "AB123456")

    def test_unique_per_company(self):
        number = self.next_national_id()
        self.create_beneficiary(national_id=number)
        other_company = self.env["res.company"].create({"name": "Other association"})
        twin = self.create_beneficiary(national_id=number, company_id=other_company.id)
        self.assertEqual(twin.national_id, number)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.create_beneficiary(national_id=number)
