import base64
import os
import struct
import tempfile

import werkzeug.urls

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

from .common import BeneficiaryCase

# Set BR_UPDATE_SCREENSHOTS=1 to write the README's pictures into docs/screenshots.
REPO_SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots")


def png_size(data):
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@tagged("post_install", "-at_install")
class TestScreenshots(HttpCase, BeneficiaryCase):
    """The README's pictures, taken by the test suite's own Chromium: the portal in Arabic on
    a phone, and the back-office kanban."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        arabic = cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["website"].get_current_website().language_ids |= arabic
        service = cls.env["beneficiary.service"].create({"name": "سلة غذائية شهرية"})
        cls.portal = new_test_user(cls.env, "br_shot", groups="base.group_portal", lang="ar_001")
        cls.beneficiary = cls.create_ready_beneficiary(
            name="فاطمة محمد العتيبي", partner_id=cls.portal.partner_id.id, lang="ar_001"
        )
        cls.beneficiary.contact_officer_id = cls.officer
        Request = cls.env["beneficiary.request"]
        cls.request = Request.create(
            {"beneficiary_id": cls.beneficiary.id, "service_id": service.id}
        )
        cls.request.action_check_completeness()
        Request.create([{"beneficiary_id": cls.beneficiary.id, "service_id": service.id}] * 3)
        cls.directory = (
            REPO_SCREENSHOTS if os.environ.get("BR_UPDATE_SCREENSHOTS") else tempfile.mkdtemp()
        )

    def screenshot(self, url, ready, login, size, name):
        self.browser_size = size
        browser = ChromeBrowser(self, headless=True, success_signal="test successful")
        try:
            self.authenticate(login, login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser.navigate_to(werkzeug.urls.url_join(self.base_url(), url), wait_stop=True)
            self.assertTrue(browser._wait_ready(ready, timeout=30), f"{url}: {ready}")
            data = base64.b64decode(browser._websocket_request("Page.captureScreenshot")["data"])
        finally:
            browser.stop()
        path = os.path.join(self.directory, name)
        with open(path, "wb") as picture:
            picture.write(data)
        return data

    def test_portal_request_on_a_phone_in_arabic(self):
        data = self.screenshot(
            f"/ar/my/requests/{self.request.id}",
            "!!document.querySelector('#wrapwrap.o_rtl .o_beneficiary_progress')",
            self.portal.login,
            "375,812",
            "portal_request_ar.png",
        )
        self.assertEqual(png_size(data), (375, 812))

    def test_back_office_kanban(self):
        self.env.ref("base.user_admin").groups_id |= self.env.ref(
            "beneficiary_relations.group_br_manager"
        )
        data = self.screenshot(
            "/odoo/action-beneficiary_relations.beneficiary_request_action",
            "document.querySelectorAll('.o_kanban_record').length >= 4",
            "admin",
            "1366,768",
            "back_office_kanban.png",
        )
        self.assertEqual(png_size(data), (1366, 768))
