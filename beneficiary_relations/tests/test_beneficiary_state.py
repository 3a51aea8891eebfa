from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import BeneficiaryCase


@tagged("post_install", "-at_install")
class TestBeneficiaryState(BeneficiaryCase):
    def test_register_when_complete(self):
        beneficiary = self.create_ready_beneficiary()
        beneficiary.with_user(self.officer).action_register()
        self.assertEqual(beneficiary.state, "registered")
        self.assertEqual(beneficiary.registration_date, fields.Date.today())

    def test_register_lists_every_missing_requirement(self):
        beneficiary = self.create_beneficiary(name="Sara")
        with self.assertRaises(ValidationError) as caught:
            beneficiary.action_register()
        message = str(caught.exception)
        self.assertIn("Sara cannot be registered yet", message)
        self.assertIn(f"{self.id_copy.name} is missing", message)
        self.assertIn("declaration is not signed", message)
        self.assertEqual(beneficiary.state, "draft")

    def test_unverified_and_expired_documents_block_registration(self):
        beneficiary = self.create_beneficiary()
        self.sign_declaration(beneficiary)
        document = self.add_document(beneficiary, verified=False)
        with self.assertRaisesText(ValidationError, "has not been verified"):
            beneficiary.action_register()
        document.write({"expiry_date": fields.Date.add(fields.Date.today(), days=-1)})
        with self.assertRaisesText(ValidationError, "has expired"):
            beneficiary.action_register()
        self.assertEqual(beneficiary.state, "draft")

    def test_guard_holds_for_direct_write_and_create(self):
        beneficiary = self.create_beneficiary()
        with self.assertRaisesText(ValidationError, "cannot be registered yet"):
            beneficiary.write({"state": "registered", "name": "Renamed"})
        # The failed write is rolled back as a whole: nothing half-saved.
        self.assertEqual(beneficiary.read(["state", "name"])[0]["name"], "Test Beneficiary")
        with self.assertRaisesText(ValidationError, "cannot be registered yet"):
            self.create_beneficiary(state="registered")

    def test_requirement_only_for_its_categories(self):
        family_record = self.env.ref(
            "beneficiary_relations.beneficiary_document_type_family_record"
        )
        other_category = self.env["beneficiary.category"].create({"name": "Elderly (test)"})
        family_record.write(
            {"required_for_registration": True, "category_ids": [(6, 0, other_category.ids)]}
        )
        beneficiary = self.create_ready_beneficiary()
        beneficiary.action_register()
        self.assertEqual(beneficiary.state, "registered")
        elderly = self.create_ready_beneficiary(category_id=other_category.id)
        with self.assertRaisesText(ValidationError, family_record.name):
            elderly.action_register()

    def test_suspend_and_archive_need_a_reason(self):
        beneficiary = self.create_ready_beneficiary()
        beneficiary.action_register()
        with self.assertRaisesText(UserError, "Give a reason"):
            beneficiary.write({"state": "suspended"})
        wizard = Form(
            self.env["beneficiary.state.wizard"].with_context(
                default_beneficiary_ids=beneficiary.ids, default_new_state="suspended"
            )
        )
        wizard.reason = "Income data to update"
        wizard.save().action_apply()
        self.assertEqual(beneficiary.state, "suspended")
        self.assertEqual(beneficiary.state_reason, "Income data to update")
        beneficiary.action_register()
        beneficiary.write({"state": "archived", "state_reason": "Moved away"})
        self.assertEqual(beneficiary.state, "archived")

    def test_forbidden_transitions(self):
        beneficiary = self.create_ready_beneficiary()
        with self.assertRaisesText(UserError, "cannot go from Draft to Suspended"):
            beneficiary.write({"state": "suspended", "state_reason": "x"})
        beneficiary.write({"state": "archived", "state_reason": "Duplicate file"})
        with self.assertRaisesText(UserError, "cannot go from Archived to Registered"):
            beneficiary.write({"state": "registered"})
        beneficiary.action_reset_draft()
        self.assertEqual(beneficiary.state, "draft")

    def test_in_person_declaration_needs_the_signed_form(self):
        beneficiary = self.create_beneficiary()
        with self.assertRaisesText(ValidationError, "signed form attached"):
            beneficiary.write(
                {
                    "declaration_signed": True,
                    "declaration_signed_by": "Guardian",
                    "declaration_method": "in_person",
                }
            )
        with self.assertRaisesText(ValidationError, "who signed it and how"):
            beneficiary.write({"declaration_signed": True})
        self.sign_declaration(beneficiary)
        self.assertTrue(beneficiary.declaration_date)

    def test_household_constraints(self):
        with self.assertRaisesText(ValidationError, "fewer than the household"):
            self.create_beneficiary(household_size=2, dependents_count=2)

    def test_contact_officer_defaults_from_category(self):
        beneficiary = self.create_beneficiary()
        self.assertEqual(beneficiary.contact_officer_id, self.officer)

    def test_guard_holds_for_import(self):
        result = self.env["beneficiary.beneficiary"].load(
            ["name", "national_id", "state"], [["Imported", self.next_national_id(), "registered"]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("cannot be registered yet", result["messages"][0]["message"])
        self.assertFalse(self.env["beneficiary.beneficiary"].search([("name", "=", "Imported")]))
