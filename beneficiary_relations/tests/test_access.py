from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BeneficiaryCase

SENSITIVE_FIELDS = ["monthly_income", "housing", "health_notes", "research_notes"]


@tagged("post_install", "-at_install")
class TestAccess(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.beneficiary = cls.create_beneficiary(monthly_income=2500, health_notes="Diabetes")
        cls.portal_user = new_test_user(cls.env, "br_portal", groups="base.group_portal")
        cls.own_file = cls.create_beneficiary(
            partner_id=cls.portal_user.partner_id.id, name="Own file"
        )
        cls.add_document(cls.own_file)
        cls.add_document(cls.beneficiary)

    def test_manager_implies_every_group(self):
        for xmlid in (
            "officer",
            "researcher",
            "committee",
            "research_committee",
            "follow_up_committee",
            "investigation_committee",
        ):
            self.assertTrue(self.manager.has_group(f"beneficiary_relations.group_br_{xmlid}"))
        self.assertFalse(self.researcher.has_group("beneficiary_relations.group_br_committee"))
        # A research committee member (by membership) is a committee member, not more.
        self.assertTrue(self.committee.has_group("beneficiary_relations.group_br_committee"))
        self.assertFalse(
            self.committee.has_group("beneficiary_relations.group_br_follow_up_committee")
        )

    def test_officer_cannot_configure(self):
        for model in ("beneficiary.category", "beneficiary.channel", "beneficiary.document.type"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.officer).create({"name": "X", "code": "x"})
        with self.assertRaises(AccessError):
            self.category.with_user(self.officer).write({"name": "Renamed"})
        self.env["beneficiary.category"].with_user(self.manager).create({"name": "Widows (test)"})

    def test_officer_works_the_registry(self):
        officer_env = self.env["beneficiary.beneficiary"].with_user(self.officer)
        created = officer_env.create({"name": "New", "national_id": self.next_national_id()})
        self.assertEqual(created.state, "draft")
        with self.assertRaises(AccessError):
            created.unlink()

    def test_sensitive_fields_need_research_or_committee(self):
        for user in (self.officer, self.internal):
            for field in SENSITIVE_FIELDS:
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    self.beneficiary.with_user(user).read([field])
        with self.assertRaises(AccessError):
            self.beneficiary.with_user(self.officer).write({"monthly_income": 1})
        for user in (self.researcher, self.committee, self.manager):
            values = self.beneficiary.with_user(user).read(SENSITIVE_FIELDS)[0]
            self.assertEqual(values["monthly_income"], 2500)
            self.assertEqual(values["health_notes"], "Diabetes")

    def test_plain_internal_user_reads_nothing(self):
        with self.assertRaises(AccessError):
            self.env["beneficiary.beneficiary"].with_user(self.internal).search([])

    def test_portal_user_reads_only_own_file(self):
        as_portal = self.env["beneficiary.beneficiary"].with_user(self.portal_user)
        self.assertEqual(as_portal.search([]), self.own_file)
        self.assertEqual(as_portal.search_count([("id", "=", self.beneficiary.id)]), 0)
        with self.assertRaises(AccessError):
            self.beneficiary.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.own_file.with_user(self.portal_user).write({"name": "Changed"})
        documents = self.env["beneficiary.document"].with_user(self.portal_user).search([])
        self.assertEqual(documents.beneficiary_id, self.own_file)
        with self.assertRaises(AccessError):
            self.own_file.with_user(self.portal_user).read(["monthly_income"])

    def test_other_company_is_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other association"})
        foreign = self.create_beneficiary(company_id=other_company.id)
        self.assertNotIn(
            foreign, self.env["beneficiary.beneficiary"].with_user(self.manager).search([])
        )
