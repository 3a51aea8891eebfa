"""The portal and public pages pass axe-core's automated accessibility check in a real headless
Chromium (the one the tours use), in Arabic and in English, at a phone's size: no serious or
critical violation. axe-core comes from npm, pinned in scripts/lib.sh (``ensure_axe``)."""

import json
import os
from pathlib import Path

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PDF, BeneficiaryCase

AXE_VERSION = "4.10.2"
CACHE = Path(os.environ.get("BR_CACHE") or Path.home() / ".cache/beneficiary-relations")
AXE = CACHE / "node/node_modules/axe-core/axe.min.js"

# Runs in the page: loads axe, checks the whole document, fails on serious or critical
# violations with what they are and where.
CHECK = """
(async () => {
    await new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = %(src)s;
        script.onload = resolve;
        script.onerror = () => reject(new Error("axe-core could not be loaded"));
        document.head.appendChild(script);
    });
    const result = await axe.run(document, {resultTypes: ["violations"]});
    const bad = result.violations.filter((v) => ["serious", "critical"].includes(v.impact));
    if (bad.length) {
        console.error("axe violations on " + location.pathname + ": " + JSON.stringify(
            bad.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.slice(0, 6).map(
                    (n) => n.target.join(" ") + " :: " + n.failureSummary
                ),
            })),
            null,
            1,
        ));
    } else {
        console.log("test successful");
    }
})();
"""


@tagged("post_install", "-at_install")
class TestAccessibilityPages(HttpCase, BeneficiaryCase):
    browser_size = "375x812"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not AXE.exists():
            raise AssertionError(f"axe-core {AXE_VERSION} is missing from {AXE}: run scripts/test")
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set((english | arabic).ids)], "default_lang_id": english.id}
        )
        # The checker, served to the browser by Odoo itself.
        cls.axe = cls.env["ir.attachment"].create(
            {
                "name": "axe.min.js",
                "raw": AXE.read_bytes(),
                "mimetype": "application/javascript",
                "public": True,
            }
        )
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Rent support", "description": "<p>Help with the rent.</p>"}
        )
        cls.user = new_test_user(
            cls.env, "br_axe", groups="base.group_portal", email="axe@ex.com", lang="en_US"
        )
        cls.beneficiary = cls.create_ready_beneficiary(
            name="Axe Beneficiary", partner_id=cls.user.partner_id.id
        )
        cls.env["beneficiary.request"].create(
            {"beneficiary_id": cls.beneficiary.id, "service_id": cls.service.id}
        )
        cls.newcomer = new_test_user(cls.env, "br_axe_new", groups="base.group_portal")
        cls.guardian = new_test_user(cls.env, "br_axe_guardian", groups="base.group_portal")
        authorisation = cls.env["beneficiary.representative"].create(
            {
                "beneficiary_id": cls.beneficiary.id,
                "partner_id": cls.guardian.partner_id.id,
                "document": PDF,
                "document_name": "deed.pdf",
                "document_expiry": fields.Date.add(fields.Date.today(), days=30),
            }
        )
        authorisation.action_verify()

    def assertAccessible(self, path, login=None):
        for prefix in ("/ar", ""):
            with self.subTest(page=prefix + path):
                src = json.dumps(f"/web/content/{self.axe.id}")
                self.browser_js(prefix + path, CHECK % {"src": src}, login=login, timeout=120)

    def test_portal_pages(self):
        for path in (
            "/my/home",
            "/my/requests",
            "/my/requests/new",
            f"/my/requests/new?service_id={self.service.id}",
            "/my/beneficiary",
        ):
            self.assertAccessible(path, login="br_axe")

    def test_onboarding_pages(self):
        self.assertAccessible("/my/beneficiary/claim", login="br_axe_new")
        self.assertAccessible("/my/beneficiary/register", login="br_axe_new")
        self.assertAccessible("/my/beneficiary/act", login="br_axe_guardian")

    def test_public_pages(self):
        for path in (
            "/complaint",
            "/complaint/track",
            "/complaint/track?reference=CMP%2F0000%2F00000&token=nothing",
            "/services",
            f"/services/{self.service.id}",
        ):
            self.assertAccessible(path)
