import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase

EVIDENCE = base64.b64encode(b"%PDF-1.4\nminutes\n%%EOF\n")


@tagged("post_install", "-at_install")
class TestCompensation(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.create_complaint(subject="Lost documents")

    def create_case(self, **values):
        vals = {"complaint_id": self.complaint.id, "amount": 500}
        vals.update(values)
        return self.env["beneficiary.compensation"].with_user(self.follow_up).create(vals)

    def test_no_approval_without_a_ground(self):
        case = self.create_case()
        with self.assertRaisesText(ValidationError, "at least one of the policy's grounds"):
            case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "draft")

    def test_a_ground_needs_its_evidence(self):
        case = self.create_case(ground_committee_minutes=True, minutes_date="2026-12-01")
        with self.assertRaisesText(ValidationError, "Dated Committee Minutes.*evidence"):
            case.with_user(self.manager).write({"state": "approved"})
        case.write({"minutes_evidence": EVIDENCE, "minutes_evidence_name": "minutes.pdf"})
        case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.approved_by_id, self.manager)

    def test_only_managers_approve_however_the_write_arrives(self):
        case = self.create_case(ground_settlement=True, settlement_evidence=EVIDENCE)
        with self.assertRaisesText(AccessError, "Only a manager"):
            case.with_user(self.follow_up).write({"state": "approved"})
        with self.assertRaisesText(UserError, "starts as a draft"):
            self.create_case(state="approved")

    def test_paid_after_approval_only(self):
        case = self.create_case(ground_ruling=True, ruling_reference="1447/123")
        case.ruling_evidence = EVIDENCE
        with self.assertRaisesText(UserError, "cannot go from Draft to Paid"):
            case.with_user(self.manager).write({"state": "paid"})
        case.with_user(self.manager).action_approve()
        case.with_user(self.manager).action_mark_paid()
        self.assertEqual(case.state, "paid")
        self.assertTrue(case.date_paid)
        with self.assertRaisesText(UserError, "cannot go from Paid to Draft"):
            case.with_user(self.manager).write({"state": "draft"})

    def test_approved_case_keeps_its_evidence(self):
        case = self.create_case(ground_association_fault=True, fault_evidence=EVIDENCE)
        case.with_user(self.manager).action_approve()
        with self.assertRaisesText(UserError, "is approved: Evidence of the Fault can no longer"):
            case.with_user(self.manager).write({"fault_evidence": False})
        self.assertTrue(case.fault_evidence)

    def test_amount_is_required(self):
        case = self.create_case(amount=0, ground_settlement=True, settlement_evidence=EVIDENCE)
        with self.assertRaisesText(ValidationError, "amount is missing"):
            case.with_user(self.manager).action_approve()

    def test_complaint_counts_its_cases(self):
        self.create_case()
        self.assertEqual(self.complaint.compensation_count, 1)
        action = self.complaint.action_open_compensations()
        self.assertEqual(action["domain"], [("complaint_id", "=", self.complaint.id)])
