from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintConfidentiality(ComplaintCase):
    """The staff member a complaint concerns reads nothing of it, whatever their role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.concerned = cls.manager  # even a manager may not read a complaint about them
        cls.complaint = cls.create_complaint(
            subject="Rude answer at the desk", concerned_user_id=cls.concerned.id
        )
        cls.other = cls.create_complaint(subject="Slow delivery")

    def test_concerned_user_finds_nothing(self):
        Complaint = self.env["beneficiary.complaint"].with_user(self.concerned)
        self.assertNotIn(self.complaint, Complaint.search([]))
        self.assertIn(self.other, Complaint.search([]))
        self.assertFalse(Complaint.search([("subject", "ilike", "Rude")]))
        self.assertEqual(Complaint.search_count([("id", "=", self.complaint.id)]), 0)
        self.assertFalse(Complaint.name_search(self.complaint.name))
        groups = Complaint.read_group([], ["subject"], ["category_id"])
        self.assertEqual(sum(g["category_id_count"] for g in groups), 1)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.concerned).read(["subject"])
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.concerned).write({"subject": "Nothing happened"})

    def test_concerned_user_sees_no_trace_around_it(self):
        self.complaint.message_post(body="Internal note about the desk", message_type="comment")
        messages = (
            self.env["mail.message"]
            .with_user(self.concerned)
            .search([("model", "=", "beneficiary.complaint"), ("res_id", "=", self.complaint.id)])
        )
        self.assertFalse(messages)
        count = self.beneficiary.with_user(self.concerned).complaint_count
        self.assertEqual(count, 1, "only the complaint not about them is counted")

    def test_concerned_user_reads_no_rating(self):
        self.complaint.sudo()._rating_get_access_token()
        ratings = (
            self.env["rating.rating"]
            .with_user(self.concerned)
            .search([("res_model", "=", "beneficiary.complaint")])
        )
        self.assertFalse(ratings)
        self.assertTrue(
            self.env["rating.rating"]
            .with_user(self.follow_up)
            .search([("res_model", "=", "beneficiary.complaint")])
        )

    def test_concerned_user_is_never_a_follower_nor_the_assignee(self):
        self.complaint.message_subscribe(self.concerned.partner_id.ids)
        self.assertNotIn(self.concerned.partner_id, self.complaint.message_partner_ids)
        with self.assertRaisesText(ValidationError, "cannot follow up a complaint"):
            self.complaint.write({"user_id": self.concerned.id})

    def test_naming_a_follower_as_concerned_removes_them(self):
        complaint = self.create_complaint(subject="Data shared without consent")
        complaint.message_subscribe(self.officer.partner_id.ids)
        complaint.write({"concerned_user_id": self.officer.id})
        self.assertNotIn(self.officer.partner_id, complaint.message_partner_ids)

    def test_officers_see_only_what_they_follow_or_recorded(self):
        Complaint = self.env["beneficiary.complaint"]
        self.assertFalse(Complaint.with_user(self.officer).search([]))
        recorded = Complaint.with_user(self.officer).create(
            {"subject": "Phone call", "user_id": self.follow_up.id}
        )
        self.assertEqual(Complaint.with_user(self.officer).search([]), recorded)
        self.assertEqual(
            len(Complaint.with_user(self.follow_up).search([("id", "in", self.other.ids)])), 1
        )

    def test_portal_user_sees_only_their_own(self):
        portal = new_test_user(self.env, "br_portal_c", groups="base.group_portal")
        self.beneficiary.sudo().partner_id = portal.partner_id
        mine = self.create_complaint(subject="Mine", beneficiary_id=self.beneficiary.id)
        anonymous = self.create_complaint(subject="Anon", beneficiary_id=False, anonymous=True)
        visible = self.env["beneficiary.complaint"].with_user(portal).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(anonymous, visible)
        # Compensation: only the cases of their own complaints (to answer their offers), and
        # none of the evidence behind them.
        Compensation = self.env["beneficiary.compensation"]
        own_case = Compensation.create({"complaint_id": mine.id, "amount": 100})
        Compensation.create({"complaint_id": anonymous.id, "amount": 100})
        Compensation.create({"complaint_id": self.complaint.id, "amount": 100})
        self.assertEqual(Compensation.with_user(portal).search([]), own_case)
        with self.assertRaises(AccessError):
            own_case.with_user(portal).read(["fault_evidence"])
        with self.assertRaises(AccessError):
            own_case.with_user(portal).write({"amount": 5000})

    def test_compensation_hidden_from_concerned_user(self):
        compensation = self.env["beneficiary.compensation"].create(
            {"complaint_id": self.complaint.id, "amount": 100}
        )
        self.assertFalse(
            self.env["beneficiary.compensation"]
            .with_user(self.concerned)
            .search([("id", "=", compensation.id)])
        )
        # Nor its sign-offs or offers, which name it.
        signoff = self.env["beneficiary.compensation.signoff"].create(
            {"compensation_id": compensation.id, "user_id": self.officer.id}
        )
        offer = self.env["beneficiary.compensation.offer"].create(
            {"compensation_id": compensation.id, "amount": 100}
        )
        for record in (signoff, offer):
            with self.subTest(model=record._name):
                self.assertFalse(
                    self.env[record._name]
                    .with_user(self.concerned)
                    .search([("id", "=", record.id)])
                )
