"""Security of complaints across the mail gateway and companies: a mail is linked to a file
only on its sender's exact address, and one company reads nothing of another's complaints."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .test_security_complaint import COMPLAINT, MANAGER, SecurityComplaintCase


@tagged("post_install", "-at_install", "security")
class TestSecurityComplaintCompanies(SecurityComplaintCase):
    # Item 8: the mail gateway matches the sender exactly, in the complaint's company ---------

    def test_mail_sender_address_is_no_pattern(self):
        """'%' and '_' are plain characters of an address, not wildcards that would link the
        mail, and the answer to it, to someone else's file."""
        for sender in ("%@example.com", "c_mplainant@example.com", "%plainant@example.com"):
            with self.subTest(sender=sender):
                complaint = self.receive_mail(sender, f"pattern-{sender}")
                self.assertEqual(complaint.email_from, sender)
                self.assertFalse(complaint.beneficiary_id)
                self.assertNotEqual(complaint.partner_id, self.beneficiary.partner_id)

    def test_mail_subject_is_no_reference(self):
        """The subject of a mail is not the complaint's reference: two mails with another
        complaint's reference as subject make two complaints, each with its own reference."""
        taken_reference = self.create_complaint(subject="Phone call").name
        complaints = self.env[COMPLAINT]
        for message_id in ("subject1", "subject2"):
            complaints |= self.receive_mail(
                "stranger@example.org", message_id, subject=taken_reference
            )
        self.assertEqual(len(complaints), 2)
        self.assertEqual(complaints.mapped("subject"), [taken_reference] * 2)
        self.assertNotIn(taken_reference, complaints.mapped("name"))
        self.assertTrue(all(name.startswith("CMP/") for name in complaints.mapped("name")))

    def test_mail_sender_matched_on_the_normalised_address(self):
        complaint = self.receive_mail("Complainant@Example.COM", "case1")
        self.assertEqual(complaint.beneficiary_id, self.beneficiary)

    def test_mail_sender_matched_within_the_complaint_company(self):
        other_company = self.env["res.company"].create({"name": "Other association"})
        foreign = self.create_beneficiary(
            name="Other company's file", email="twin@example.com", company_id=other_company.id
        )
        self.assertEqual(foreign.partner_id.email, "twin@example.com")
        complaint = self.receive_mail("twin@example.com", "company1")
        self.assertEqual(complaint.company_id, self.env.company)
        self.assertFalse(complaint.beneficiary_id, "a file of another company")

    # Item 9: one company reads nothing of another's, and links nothing of another's ---------

    def other_company_manager(self):
        other_company = self.env["res.company"].create({"name": "Other association"})
        new_test_user(
            self.env,
            "br_sec_other_manager",
            groups=MANAGER,
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        return other_company

    def test_another_company_reads_no_answer_rating_or_category(self):
        self.other_company_manager()
        survey = self.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        answers = self.env["survey.user_input"].create(
            [
                {"survey_id": survey.id, "beneficiary_id": self.beneficiary.id},
                {
                    "survey_id": survey.id,
                    "beneficiary_id": self.beneficiary.id,
                    "beneficiary_complaint_id": self.other.id,
                },
            ]
        )
        self.other.sudo()._rating_get_access_token()
        categories = self.env["beneficiary.complaint.category"].create(
            [
                {"name": "Ours only", "company_id": self.env.company.id},
                {"name": "Shared"},
            ]
        )
        for model, domain in (
            ("survey.user_input", [("id", "in", answers.ids)]),
            ("rating.rating", [("res_model", "=", COMPLAINT)]),
            ("beneficiary.complaint.category", [("id", "in", categories.ids)]),
        ):
            with self.subTest(model=model):
                rows = self.rpc_search_read("br_sec_other_manager", model, domain, ["id"])
                readable = self.env[model].browse(row["id"] for row in rows)
                if model == "beneficiary.complaint.category":
                    self.assertEqual(readable.mapped("name"), ["Shared"])
                else:
                    self.assertFalse(readable)
        rows = self.rpc_search_read(
            "br_manager", "survey.user_input", [("id", "in", answers.ids)], ["id"]
        )
        self.assertEqual(len(rows), 2, "their own company reads them")

    def test_a_complaint_links_only_records_of_its_company(self):
        other_company = self.other_company_manager()
        foreign = self.create_beneficiary(
            name="Foreign Beneficiary Name", email="far@example.com", company_id=other_company.id
        )
        foreign_category = self.env["beneficiary.complaint.category"].create(
            {"name": "Foreign Category Name", "company_id": other_company.id}
        )
        for values in ({"beneficiary_id": foreign.id}, {"category_id": foreign_category.id}):
            with self.subTest(values=values):
                fault = self.assertRpcRefused(
                    r"\(beneficiary\.",
                    "br_manager",
                    COMPLAINT,
                    "create",
                    dict(values, subject="Cross-company"),
                )
                self.assertNotIn("Foreign", fault.faultString, "the refusal names nothing")
                self.assertRpcRefused(
                    r"\(beneficiary\.", "br_manager", COMPLAINT, "write", self.other.ids, values
                )
        self.manager.company_ids |= other_company
        self.assertRpcRefused(
            r"\(beneficiary_id: ",  # Odoo's company check
            "br_manager",
            COMPLAINT,
            "create",
            {
                "subject": "Cross-company",
                "company_id": self.env.company.id,
                "beneficiary_id": foreign.id,
            },
        )
        complaint_id = self.rpc(
            "br_manager", COMPLAINT, "create", {"subject": "Theirs", "beneficiary_id": foreign.id}
        )
        self.assertEqual(self.env[COMPLAINT].browse(complaint_id).company_id, other_company)

    def test_a_request_links_only_records_of_its_company(self):
        other_company = self.other_company_manager()
        foreign = self.create_beneficiary(
            name="Foreign Beneficiary Name", company_id=other_company.id
        )
        service = self.env["beneficiary.service"].create({"name": "Food basket"})
        fault = self.assertRpcRefused(
            r"\(beneficiary\.beneficiary\)",
            "br_manager",
            "beneficiary.request",
            "create",
            {"beneficiary_id": foreign.id, "service_id": service.id},
        )
        self.assertNotIn("Foreign", fault.faultString, "the refusal names nothing")
        self.manager.company_ids |= other_company
        self.assertRpcRefused(
            r"\(beneficiary_id: ",  # Odoo's company check
            "br_manager",
            "beneficiary.request",
            "create",
            {
                "company_id": self.env.company.id,
                "beneficiary_id": foreign.id,
                "service_id": service.id,
            },
        )
