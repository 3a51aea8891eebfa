"""Security, issue item 12: records that could be forged or left loose (the online
declaration, a document's verifier, a superseded policy and its files, paper
acknowledgements)."""

import base64

from odoo.tests import tagged

from .common import PDF
from .test_security_records import SecurityRecordsCase


@tagged("post_install", "-at_install", "security")
class TestSecurityRecordsForged(SecurityRecordsCase):
    # Item 12: forged or loose records ----------------------------------------------------------

    def test_online_declaration_is_signed_by_the_beneficiary_only(self):
        office_file = self.create_beneficiary(name="Office file")
        online = {
            "declaration_signed": True,
            "declaration_method": "online",
            "declaration_signed_by": "Office file",
        }
        self.assertRpcRefused(
            "signed by the beneficiary from the portal",
            "br_officer",
            "beneficiary.beneficiary",
            "write",
            [office_file.id],
            online,
        )
        self.assertRpcRefused(
            "Only the beneficiary signs",
            "br_officer",
            "beneficiary.beneficiary",
            "action_sign_declaration_online",
            [office_file.id],
        )
        self.assertFalse(office_file.declaration_signed)
        self.portal_file.partner_id = False  # one file per contact; this test signs a new one
        own = self.create_beneficiary(
            name="Signs online", partner_id=self.portal_user.partner_id.id
        )
        self.assertTrue(
            self.rpc(
                "br_sec_rec_portal",
                "beneficiary.beneficiary",
                "action_sign_declaration_online",
                [own.id],
            )
        )
        self.assertEqual((own.declaration_method, own.declaration_signed), ("online", True))
        self.assertRpcRefused(
            "signed the declaration online: only a manager",
            "br_officer",
            "beneficiary.beneficiary",
            "write",
            [own.id],
            {"declaration_signed_by": "Someone else"},
        )

    def test_verifier_is_set_by_the_verify_button_only(self):
        document = self.add_document(self.create_beneficiary(), verified=False)
        self.assertRpcRefused(
            "recorded by its Verify button",
            "br_officer",
            "beneficiary.document",
            "write",
            [document.id],
            {"verified_by_id": self.manager.id, "verified_date": "2026-01-01 10:00:00"},
        )
        self.assertRpcRefused(
            "recorded by its Verify button",
            "br_officer",
            "beneficiary.document",
            "create",
            {
                "beneficiary_id": document.beneficiary_id.id,
                "document_type_id": self.id_copy.id,
                "file": PDF.decode(),
                "verified_by_id": self.manager.id,
                "verified_date": "2026-01-01 10:00:00",
            },
        )
        self.assertTrue(
            self.rpc("br_officer", "beneficiary.document", "action_verify", [document.id])
        )
        self.assertEqual(document.verified_by_id, self.officer)

    def test_superseded_policy_is_fully_locked(self):
        Policy = self.env["beneficiary.policy"]
        Policy.search([("state", "=", "active")]).write({"state": "superseded"})
        old = Policy.create({"name": "Policy", "version": "1"})
        old.action_activate()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "resolution.pdf",
                "raw": b"%PDF-1.4 approved",
                "res_model": old._name,
                "res_id": old.id,
            }
        )
        old.attachment_ids = attachment
        Policy.create({"name": "Policy", "version": "2"}).action_activate()
        self.assertEqual(old.state, "superseded")
        for vals in (
            {"activation_date": "2020-01-01"},
            {"superseded_date": "2020-01-01"},
            {"approving_body": "Nobody"},
        ):
            with self.subTest(vals=list(vals)):
                self.assertRpcRefused(
                    "recorded by its activation|is superseded",
                    "br_manager",
                    "beneficiary.policy",
                    "write",
                    [old.id],
                    vals,
                )
        self.assertRpcRefused(
            "is superseded: its files are kept",
            "br_manager",
            "ir.attachment",
            "write",
            [attachment.id],
            {"datas": base64.b64encode(b"%PDF-1.4 forged").decode()},
        )
        self.assertEqual(attachment.raw, b"%PDF-1.4 approved")

    def test_policy_upload_does_not_rehome_other_files(self):
        draft = self.env["beneficiary.policy"].create({"name": "Draft policy", "version": "9"})
        orphan = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create({"name": "someone-elses.pdf", "raw": b"%PDF-1.4 private"})
        )
        self.assertRpcRefused(
            "can only be attached to the policy it was uploaded for",
            "br_manager",
            "beneficiary.policy",
            "write",
            [draft.id],
            {"attachment_ids": [(4, orphan.id)]},
        )
        self.assertFalse(orphan.res_model)

    def test_paper_acknowledgement_is_recorded_by_a_manager(self):
        policy = self.env["beneficiary.policy"].search(
            [("state", "=", "active"), ("company_id", "=", self.env.company.id)], limit=1
        )
        self.assertRpcRefused(
            "Only a manager records an acknowledgement signed on paper",
            "br_officer",
            "beneficiary.policy.acknowledgement",
            "create",
            {
                "policy_id": policy.id,
                "method": "paper",
                "date": "2020-01-01 08:00:00",
                "signed_form": PDF.decode(),
            },
        )
