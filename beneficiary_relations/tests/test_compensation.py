import base64
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCase

EVIDENCE = base64.b64encode(b"%PDF-1.4\nminutes\n%%EOF\n")


class CompensationCase(ComplaintCase):
    """An investigation committee of two (both its quorum) and a complaint to compensate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "beneficiary_relations.group_br_officer"
        cls.investigator = new_test_user(cls.env, "br_investigator", groups=group)
        cls.investigator_2 = new_test_user(cls.env, "br_investigator_2", groups=group)
        cls.investigation = cls.env["beneficiary.committee"].create(
            {
                "name": "Investigation committee (test)",
                "kind": "investigation",
                "member_ids": [Command.set((cls.investigator | cls.investigator_2).ids)],
                "chair_id": cls.investigator.id,
                "quorum": 2,
            }
        )
        (cls.investigator | cls.investigator_2).lang = "en_US"
        cls.complaint = cls.create_complaint(subject="Lost documents")

    def create_case(self, **values):
        vals = {
            "complaint_id": self.complaint.id,
            "amount": 500,
            "damage_description": "The file was lost: 500 SAR of documents to redo.",
            "investigation_committee_id": self.investigation.id,
        }
        vals.update(values)
        return self.env["beneficiary.compensation"].with_user(self.follow_up).create(vals)

    def proven_case(self, **values):
        """The fault established and proven by a ruling."""
        vals = {
            "ground_association_fault": True,
            "ground_ruling": True,
            "ruling_reference": "1447/123",
            "ruling_evidence": EVIDENCE,
        }
        vals.update(values)
        return self.create_case(**vals)

    def approve(self, case):
        case.with_user(self.investigator).action_sign_off()
        case.with_user(self.investigator_2).action_sign_off()
        self.assertEqual(case.state, "approved")
        return case


@tagged("post_install", "-at_install")
class TestCompensation(CompensationCase):
    def test_no_approval_without_an_established_fault(self):
        case = self.create_case(
            ground_settlement=True, settlement_evidence=EVIDENCE, settlement_evidence_name="s.pdf"
        )
        with self.assertRaisesText(
            ValidationError, "not established that the association caused the harm"
        ):
            case.with_user(self.investigator).action_sign_off()
        self.assertEqual(case.state, "draft")
        self.assertFalse(case.signoff_ids)

    def test_no_approval_without_a_proof(self):
        case = self.create_case(ground_association_fault=True, fault_evidence=EVIDENCE)
        with self.assertRaisesText(ValidationError, "no proof of the fault"):
            case.with_user(self.investigator).action_sign_off()
        self.assertEqual(case.state, "draft")

    def test_a_proof_needs_its_evidence(self):
        case = self.create_case(
            ground_association_fault=True, ground_committee_minutes=True, minutes_date="2026-12-01"
        )
        with self.assertRaisesText(ValidationError, "Investigation Committee Minutes.*evidence"):
            case.with_user(self.investigator).action_sign_off()

    def test_minutes_are_approved_by_the_investigation_quorum(self):
        case = self.create_case(
            ground_association_fault=True,
            ground_committee_minutes=True,
            minutes_date="2026-12-01",
            minutes_evidence=EVIDENCE,
            minutes_member_ids=[Command.set(self.investigator.ids)],
        )
        with self.assertRaisesText(ValidationError, "approved by 1 members, below the quorum of 2"):
            case.with_user(self.investigator).action_sign_off()
        case.minutes_member_ids = [Command.link(self.follow_up.id)]
        with self.assertRaisesText(ValidationError, "members of Investigation committee"):
            case.with_user(self.investigator).action_sign_off()
        case.minutes_member_ids = [Command.set((self.investigator | self.investigator_2).ids)]
        self.approve(case)

    def test_damage_description_is_required(self):
        case = self.proven_case(damage_description=False)
        with self.assertRaisesText(ValidationError, "damage, its size and its causes"):
            case.with_user(self.investigator).action_sign_off()

    def test_the_investigation_quorum_approves_with_its_signoffs(self):
        case = self.proven_case()
        case.with_user(self.investigator).action_sign_off()
        self.assertEqual(case.state, "draft", "one sign-off of a quorum of two")
        with self.assertRaisesText(UserError, "already signed off"):
            case.with_user(self.investigator).action_sign_off()
        case.with_user(self.investigator_2).action_sign_off()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.approved_by_id, self.investigator_2)
        self.assertEqual(case.signoff_ids.user_id, self.investigator | self.investigator_2)
        self.assertTrue(all(case.signoff_ids.mapped("date")))

    def test_no_manager_approves_alone(self):
        case = self.proven_case()
        for user in (self.manager, self.follow_up):
            with self.subTest(user=user.login):
                with self.assertRaisesText(AccessError, "investigation committee's quorum"):
                    case.with_user(user).write({"state": "approved"})
                with self.assertRaisesText(AccessError, "is not one of them"):
                    case.with_user(user).action_sign_off()
        with self.assertRaisesText(UserError, "starts as a draft"):
            self.create_case(state="approved")
        self.assertEqual(case.state, "draft")

    def test_a_changed_draft_loses_its_signoffs(self):
        case = self.proven_case()
        case.with_user(self.investigator).action_sign_off()
        case.with_user(self.follow_up).amount = 800
        self.assertFalse(case.signoff_ids)
        case.with_user(self.investigator_2).action_sign_off()
        self.assertEqual(case.state, "draft", "the first sign-off was for another amount")

    def test_approved_case_keeps_its_amount_and_evidence(self):
        case = self.approve(self.proven_case())
        for vals in (
            {"amount": 50000},
            {"damage_description": "Other"},
            {"ruling_evidence": False},
        ):
            with self.subTest(vals=list(vals)):
                with self.assertRaisesText(UserError, "is approved: .* can no longer change"):
                    case.with_user(self.manager).write(vals)
        self.assertEqual(case.amount, 500)

    def test_rejection_needs_a_reason(self):
        case = self.proven_case()
        with self.assertRaisesText(ValidationError, "Write why"):
            case.with_user(self.investigator).action_reject()
        with self.assertRaisesText(AccessError, "investigation committee or a manager"):
            case.with_user(self.follow_up).write({"state": "rejected", "reject_reason": "No"})
        case.with_user(self.investigator).write({"reject_reason": "Not the association's doing"})
        case.with_user(self.investigator).action_reject()
        self.assertEqual(case.state, "rejected")
        # The beneficiary is told, with the reason, from the association.
        partner = self.beneficiary.partner_id
        notice = case.message_ids.filtered(lambda m: partner in m.partner_ids)
        self.assertEqual(len(notice), 1)
        self.assertIn("Not the association", notice.body)
        self.assertEqual(notice.author_id, case.company_id.partner_id)

    def test_negotiation_then_payment(self):
        case = self.approve(self.proven_case())
        manager_case = case.with_user(self.manager)
        with self.assertRaisesText(ValidationError, "payment method is missing"):
            manager_case.action_mark_paid()
        manager_case.write({"payment_method": "bank_transfer", "payment_reference": "TRX-1"})
        with self.assertRaisesText(ValidationError, "not accepted an offer of this amount"):
            manager_case.action_mark_paid()
        case.with_user(self.follow_up).action_make_offer()
        offer = case.open_offer_id
        self.assertEqual(offer.amount, 500)
        with self.assertRaisesText(AccessError, "stays as it was"):
            offer.with_user(self.follow_up).write({"state": "accepted"})
        offer.with_user(self.follow_up).action_record_acceptance()
        self.assertEqual((offer.state, offer.response_channel), ("accepted", "staff"))
        with self.assertRaisesText(AccessError, "Only a manager"):
            case.with_user(self.investigator).action_mark_paid()
        manager_case.action_mark_paid()
        self.assertEqual(case.state, "paid")
        self.assertTrue(case.date_paid)
        with self.assertRaisesText(UserError, "is paid: .* can no longer change"):
            manager_case.write({"payment_reference": "FORGED"})

    def test_approved_amount_is_what_is_offered(self):
        case = self.approve(self.proven_case())
        with self.assertRaisesText(UserError, "approved for"):
            self.env["beneficiary.compensation.offer"].with_user(self.follow_up).create(
                {"compensation_id": case.id, "amount": 900, "party": "association"}
            )

    def test_accepted_offer_settles_and_sets_the_amount(self):
        case = self.create_case(ground_association_fault=True, ground_settlement=True, amount=400)
        case.with_user(self.follow_up).action_make_offer()
        case.open_offer_id.with_user(self.follow_up).action_record_acceptance()
        case.with_user(self.follow_up).amount = 450
        with self.assertRaisesText(ValidationError, "not the 400"):
            case.with_user(self.investigator).action_sign_off()
        case.with_user(self.follow_up).amount = 400
        self.approve(case)

    def test_the_beneficiary_is_told_each_step(self):
        case = self.proven_case()
        partner = self.beneficiary.partner_id

        def notices():
            return case.message_ids.filtered(lambda m: partner in m.partner_ids)

        self.approve(case)
        self.assertEqual(len(notices()), 1)
        case.with_user(self.follow_up).action_make_offer()
        self.assertIn("/my/compensations/", notices()[0].body)
        case.open_offer_id.with_user(self.follow_up).action_record_acceptance()
        case.with_user(self.manager).write(
            {"payment_method": "cheque", "payment_reference": "CHQ-7"}
        )
        case.with_user(self.manager).action_mark_paid()
        self.assertEqual(len(notices()), 4, notices().mapped("subject"))

    def test_complaint_counts_its_cases(self):
        self.create_case()
        self.assertEqual(self.complaint.compensation_count, 1)
        action = self.complaint.action_open_compensations()
        self.assertEqual(action["domain"], [("complaint_id", "=", self.complaint.id)])


@tagged("post_install", "-at_install")
class TestCompensationPortal(HttpCase, CompensationCase):
    """The beneficiary answers the offer on the portal: their own case only, with CSRF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_english_website()
        cls.portal_user = new_test_user(
            cls.env, "br_harmed", groups="base.group_portal", email="harmed@ex.com"
        )
        cls.portal_user.lang = "en_US"
        cls.stranger = new_test_user(cls.env, "br_stranger", groups="base.group_portal")
        cls.beneficiary.partner_id = cls.portal_user.partner_id
        cls.complaint = cls.create_complaint(subject="Lost documents (portal)")
        cls.complaint.partner_id = cls.portal_user.partner_id

    def setUp(self):
        super().setUp()
        self.case = self.approve(self.proven_case())
        self.case.with_user(self.follow_up).action_make_offer()
        self.offer = self.case.open_offer_id
        self.url = f"/my/compensations/{self.case.id}"

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_offer_accepted_on_the_portal(self):
        self.authenticate("br_harmed", "br_harmed")
        page = self.url_open(self.url)
        self.assertIn("The association offers you", page.text)
        accept = f"{self.url}/offers/{self.offer.id}/accept"
        self.assertEqual(self.url_open(accept).status_code, 405, "a GET changes nothing")
        refused = self.url_open(accept, data={"note": "no token"})
        self.assertEqual(refused.status_code, 400, "no CSRF token: refused")
        self.assertEqual(self.offer.state, "open")
        token = self.csrf(self.url)
        done = self.url_open(accept, data={"csrf_token": token})
        self.assertEqual(done.status_code, 200)
        self.assertIn("your acceptance has been recorded", done.text)
        self.assertEqual(self.offer.state, "accepted")
        self.assertEqual(self.offer.accepted_amount, 500)
        self.assertEqual(self.offer.response_channel, "portal")
        self.assertEqual(self.offer.responded_by_id, self.portal_user)
        self.assertTrue(self.offer.response_ip)
        self.assertTrue(self.offer.response_date)
        told = self.case.message_ids.filtered(
            lambda m: self.portal_user.partner_id in m.partner_ids
        )
        self.assertTrue(any("accepted" in (m.subject or "") for m in told), told.mapped("subject"))
        # Answered once.
        again = self.url_open(accept, data={"csrf_token": token})
        self.assertIn("no longer open", again.text)
        self.case.with_user(self.manager).write(
            {"payment_method": "bank_transfer", "payment_reference": "TRX-9"}
        )
        self.case.with_user(self.manager).action_mark_paid()
        self.assertEqual(self.case.state, "paid")

    def test_decline_with_a_counter_offer(self):
        self.authenticate("br_harmed", "br_harmed")
        token = self.csrf(self.url)
        self.url_open(
            f"{self.url}/offers/{self.offer.id}/decline",
            data={"csrf_token": token, "counter_amount": "٧٥٠", "note": "The file cost more."},
        )
        self.assertEqual(self.offer.state, "declined")
        counter = self.case.offer_ids.filtered(lambda o: o.party == "beneficiary")
        self.assertEqual((counter.amount, counter.note), (750, "The file cost more."))

    def test_only_their_own_case(self):
        self.authenticate("br_stranger", "br_stranger")
        page = self.url_open(self.url)
        self.assertNotIn("The association offers you", page.text)
        token = self.csrf("/my/account")
        self.url_open(f"{self.url}/offers/{self.offer.id}/accept", data={"csrf_token": token})
        self.assertEqual(self.offer.state, "open")
        with self.assertRaises(AccessError):
            self.case.with_user(self.stranger).read(["amount"])
        with self.assertRaises(AccessError):
            self.offer.with_user(self.stranger)._portal_answer(True, "127.0.0.1")
        self.assertEqual(self.offer.state, "open")

    def test_the_complaint_page_links_its_case(self):
        complaint_url = f"/my/complaints/{self.complaint.id}"
        self.authenticate("br_harmed", "br_harmed")
        self.assertIn(self.url, self.url_open(complaint_url).text)
        # Opened with its link, signed out: the page works and shows no case.
        self.authenticate(None, None)
        token = self.complaint._portal_ensure_token()
        page = self.url_open(f"{complaint_url}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(self.url, page.text)
