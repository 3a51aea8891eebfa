"""Security, issue item 1: nobody takes over an account through a beneficiary's contact.

The attacks run as a real client would: XML-RPC calls as the officer, and the public password
reset page."""

import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import BeneficiaryCase, RpcMixin


class RpcCase(RpcMixin, HttpCase, BeneficiaryCase):
    """An HttpCase with the registry's fixtures, calling through XML-RPC."""


@tagged("post_install", "-at_install", "security")
class TestSecurityAccounts(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin_email = cls.admin.email
        cls.portal_user = new_test_user(
            cls.env, "br_sec_portal", groups="base.group_portal", email="owner@example.com"
        )
        cls.victim_file = cls.create_beneficiary(name="Victim file")
        cls.portal_file = cls.create_beneficiary(
            name="Portal file", partner_id=cls.portal_user.partner_id.id
        )

    def test_officer_cannot_point_a_file_at_the_admin_contact(self):
        self.assertRpcRefused(
            "Only a manager can change the contact",
            "br_officer",
            "beneficiary.beneficiary",
            "write",
            [self.victim_file.id],
            {"partner_id": self.admin.partner_id.id},
        )
        self.assertRpcRefused(
            "Only a manager can link a new file to an existing contact",
            "br_officer",
            "beneficiary.beneficiary",
            "create",
            {
                "name": "Trojan",
                "national_id": self.next_national_id(),
                "partner_id": self.admin.partner_id.id,
                "email": "attacker@example.com",
            },
        )
        self.assertNotEqual(self.victim_file.partner_id, self.admin.partner_id)
        self.assertEqual(self.admin.email, self.admin_email)

    def test_not_even_a_manager_can_link_a_staff_contact(self):
        for partner in (self.admin.partner_id, self.officer.partner_id):
            with self.subTest(partner=partner.name):
                self.assertRpcRefused(
                    "contact of a staff member's account",
                    "br_manager",
                    "beneficiary.beneficiary",
                    "write",
                    [self.victim_file.id],
                    {"partner_id": partner.id},
                )
        self.assertRpcRefused(
            "already the contact of another beneficiary",
            "br_manager",
            "beneficiary.beneficiary",
            "write",
            [self.victim_file.id],
            {"partner_id": self.portal_file.partner_id.id},
        )

    def test_another_company_contact_is_refused(self):
        other = self.env["res.company"].create({"name": "Other association"})
        foreign = self.env["res.partner"].create({"name": "Foreign", "company_id": other.id})
        self.manager.company_ids |= other
        self.assertRpcRefused(
            "belongs to another company",
            "br_manager",
            "beneficiary.beneficiary",
            "write",
            [self.victim_file.id],
            {"partner_id": foreign.id},
        )

    def test_officer_cannot_redirect_a_portal_account_password_reset(self):
        self.assertRpcRefused(
            "signs in to the portal with this email",
            "br_officer",
            "beneficiary.beneficiary",
            "write",
            [self.portal_file.id],
            {"email": "attacker@example.com"},
        )
        self.assertEqual(self.portal_user.email, "owner@example.com")
        # The public reset page then still mails the owner, never the attacker.
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.reset_password", "True")
        self.authenticate(None, None)
        page = self.url_open("/web/reset_password")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open("/web/reset_password", data={"login": "br_sec_portal", "csrf_token": token})
        sent = self.env["mail.mail"].search([("email_to", "ilike", "attacker@example.com")])
        self.assertFalse(sent)

    def test_officer_keeps_an_office_file_contact_in_step(self):
        self.rpc(
            "br_officer",
            "beneficiary.beneficiary",
            "write",
            [self.victim_file.id],
            {"email": "victim.new@example.com", "mobile": "0551234567"},
        )
        partner = self.victim_file.partner_id
        self.assertEqual(partner.email, "victim.new@example.com")
        self.assertEqual(partner.mobile, "+966551234567")
        self.assertFalse(partner.user_ids)

    def test_a_linked_contact_receives_the_file_mobile(self):
        portal = new_test_user(self.env, "br_sec_portal2", groups="base.group_portal")
        created = self.create_beneficiary(partner_id=portal.partner_id.id, mobile="0561234567")
        self.assertEqual(created.partner_id.mobile, "+966561234567")
        self.assertEqual(portal.partner_id.email, portal.email)
