"""Reaching a beneficiary registered at the office through the portal: staff invite them (SMS
or mail) onto the contact of their existing file, or they claim their file themselves with a
code sent to the mobile on file. Over HTTP, as a browser does."""

import re
from datetime import timedelta
from html import unescape
from unittest.mock import patch
from urllib.parse import parse_qs, urlparse

from odoo import Command, fields
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import BeneficiaryCase

PASSWORD = "Tr0ub4dor&3-horse"
NEUTRAL_CODE = "This code does not match, or it has expired."
CODE_SENT = "If this ID number is in a file that can be linked online"
TOO_MANY = "Too many attempts from your account or your connection in the last hour."
URL = re.compile(r"https?://\S+")


class PortalHttpMixin:
    def login(self, user):
        self.authenticate(user.login, user.login)

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def post(self, url, data, form_url=None):
        data = dict(data, csrf_token=self.csrf(form_url or url))
        page = self.url_open(url, data=data, timeout=60)
        self.env.invalidate_all()
        return page

    def alert(self, page):
        """The text of the page's alerts (errors and notices), as a person reads them."""
        blocks = re.findall(r'<div[^>]*class="alert[^"]*"[^>]*>(.*?)</div>', page.text, re.S)
        return " ".join(" ".join(unescape(re.sub(r"<[^>]+>", " ", b)).split()) for b in blocks)


@tagged("post_install", "-at_install")
class TestPortalInvitation(PortalHttpMixin, MockEmail, HttpCase, BeneficiaryCase):
    """Staff invite a beneficiary registered at the office; the account they get opens the
    file that was already there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set(english.ids)], "default_lang_id": english.id}
        )
        cls.file = cls.create_ready_beneficiary(name="Office Registered", mobile="0551234567")

    def invite(self, beneficiary, channel):
        wizard = Form(
            self.env["beneficiary.portal.invite.wizard"]
            .with_user(self.officer)
            .with_context(default_beneficiary_id=beneficiary.id)
        )
        wizard.channel = channel
        return wizard.save().action_invite()

    def sign_up(self, url):
        """Follow the invitation link and choose a password, as the beneficiary does."""
        self.authenticate(None, None)
        token = parse_qs(urlparse(url).query)["token"][0]
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        login = re.search(r'name="login"[^>]*value="([^"]*)"', page.text)
        return self.url_open(
            "/web/signup",
            data={
                "csrf_token": csrf,
                "token": token,
                "login": unescape(login.group(1)) if login else "",
                "name": "Office Registered",
                "password": PASSWORD,
                "confirm_password": PASSWORD,
            },
        )

    def test_invite_by_sms_then_the_beneficiary_signs_in_to_their_file(self):
        self.invite(self.file, "sms")
        user = self.file.partner_id.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, self.file.mobile, "no email: they sign in with the mobile")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.file.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, self.file.mobile)
        url = URL.search(sms.body).group(0)
        token = parse_qs(urlparse(url).query)["token"][0]
        chatter = " ".join(self.file.message_ids.mapped("body"))
        self.assertIn("invited Office Registered to the portal by SMS", chatter)
        self.assertNotIn(token, chatter, "whoever reads the link can take the account")
        self.sign_up(url)
        self.env.invalidate_all()
        self.authenticate(user.login, PASSWORD)
        page = self.url_open("/my/beneficiary")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.file.national_id, page.text)
        self.assertEqual(
            self.env["beneficiary.beneficiary"].search_count(
                [("national_id", "=", self.file.national_id)]
            ),
            1,
            "no duplicate file",
        )

    def test_invitation_sms_is_the_template_staff_edit_in_the_persons_language(self):
        template = self.env.ref("beneficiary_relations.sms_template_portal_invitation")
        english = template.with_context(lang="en_US")
        english.body = english.body + " Welcome."
        self.invite(self.file, "sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.file.partner_id.id)])
        self.assertIn(f"portal account is ready (sign-in: {self.file.mobile})", sms.body)
        self.assertTrue(sms.body.endswith("Welcome."), "as a manager edited it")
        self.assertIn("token=", URL.search(sms.body).group(0))
        self.assertNotIn("token=", english.body, "the link is never stored with the template")
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["beneficiary_relations"], ["ar_001"], overwrite=True
        )
        arabic = self.create_ready_beneficiary(
            name="Arabic Speaker", mobile="0551230000", lang="ar_001"
        )
        self.invite(arabic, "sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", arabic.partner_id.id)])
        self.assertIn(f"حسابكم في بوابة المستفيدين جاهز (اسم الدخول: {arabic.mobile})", sms.body)
        self.assertIn("token=", URL.search(sms.body).group(0))

    def test_invite_by_mail_uses_odoo_portal_invitation(self):
        self.file.email = "office.registered@example.com"
        with self.mock_mail_gateway():
            self.invite(self.file, "email")
        user = self.file.partner_id.user_ids
        self.assertTrue(user._is_portal())
        self.assertEqual(user.login, "office.registered@example.com")
        self.assertEqual(len(self._mails), 1)
        self.assertIn("office.registered@example.com", str(self._mails[0]["email_to"]))
        url = re.search(r'href="([^"]*/web/signup\?[^"]*token=[^"]*)"', self._mails[0]["body"])
        self.sign_up(unescape(url.group(1)))
        self.authenticate(user.login, PASSWORD)
        page = self.url_open("/my/home")
        self.assertIn("Office Registered", page.text)
        self.assertIn(self.officer.name, page.text, "their file and its contact officer")

    def test_invite_a_representative_by_sms(self):
        uncle = self.env["res.partner"].create({"name": "Uncle", "mobile": "+966551239999"})
        representative = self.env["beneficiary.representative"].create(
            {"beneficiary_id": self.file.id, "partner_id": uncle.id, "relation": "family"}
        )
        action = representative.with_user(self.officer).action_invite()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        ).save()
        self.assertEqual(wizard.partner_id, uncle)
        self.assertEqual(wizard.channel, "sms")
        wizard.action_invite()
        self.assertTrue(uncle.user_ids._is_portal())
        sms = self.env["sms.sms"].search([("partner_id", "=", uncle.id)])
        self.assertEqual(sms.number, "+966551239999")
        self.assertEqual(self.file.partner_id.user_ids, self.env["res.users"], "not the file's")

    def test_invitation_refused_for_staff_contact_or_an_active_account(self):
        self.file.email = "office.registered@example.com"
        self.invite(self.file, "sms")
        self.file.partner_id.user_ids.with_user(self.file.partner_id.user_ids)._update_last_login()
        self.env.invalidate_all()
        with self.assertRaisesRegex(Exception, "already uses the portal"):
            self.invite(self.file, "sms")
        no_mobile = self.create_ready_beneficiary(name="No Mobile", mobile=False)
        with self.assertRaisesRegex(Exception, "has no mobile number"):
            self.invite(no_mobile, "sms")


@tagged("post_install", "-at_install")
class TestPortalClaim(PortalHttpMixin, HttpCase, BeneficiaryCase):
    """A signed-in portal user without a file claims the file the office registered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set(english.ids)], "default_lang_id": english.id}
        )
        cls.file = cls.create_ready_beneficiary(name="Claimable File", mobile="0551112233")
        cls.file.contact_officer_id = cls.officer
        cls.claimer = cls.portal_user("br_claimer")

    @classmethod
    def portal_user(cls, login):
        return new_test_user(
            cls.env, login, groups="base.group_portal", email=f"{login}@ex.com", lang="en_US"
        )

    def ask_code(self, national_id, **extra):
        return self.post("/my/beneficiary/claim", dict({"national_id": national_id}, **extra))

    def send_code(self, code):
        return self.post("/my/beneficiary/claim", {"code": code})

    def sent_codes(self):
        return self.env["sms.sms"].search([("body", "like", "your code to link")])

    def code_of(self, sms):
        return re.search(r"\b(\d{6})\b", sms.body).group(1)

    def test_right_code_links_the_file(self):
        self.login(self.claimer)
        page = self.ask_code(self.file.national_id)
        self.assertIn(CODE_SENT, self.alert(page))
        sms = self.sent_codes()
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, self.file.mobile, "to the mobile already on file")
        old_contact = self.file.partner_id
        page = self.send_code(self.code_of(sms))
        self.assertIn("/my/beneficiary?claimed=1", page.url)
        self.assertIn(self.file.national_id, page.text)
        self.assertEqual(self.file.partner_id, self.claimer.partner_id)
        self.assertFalse(old_contact.active, "the file's contact without an account is archived")
        self.assertEqual(self.file.email, "br_claimer@ex.com")
        self.assertEqual(self.claimer.partner_id.mobile, self.file.mobile)
        note = self.file.message_ids.filtered(lambda m: "claimed this file" in str(m.body))
        self.assertEqual(len(note), 1, "the chatter says who claimed the file")
        self.assertIn("br_claimer", note.body)
        self.assertIn(self.file.mobile, note.body)
        claim = self.env["beneficiary.portal.claim"].search([("user_id", "=", self.claimer.id)])
        self.assertEqual(claim.state, "used")
        self.assertNotIn(self.code_of(sms), claim.code_hash, "stored hashed")

    def test_the_code_comes_in_the_files_language(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["beneficiary_relations"], ["ar_001"], overwrite=True
        )
        self.file.lang = "ar_001"
        self.login(self.claimer)
        self.ask_code(self.file.national_id)
        sms = self.env["sms.sms"].search([("number", "=", self.file.mobile)])
        self.assertEqual(len(sms), 1)
        self.assertIn("رمز ربط حسابكم في البوابة بملفكم هو", sms.body)
        self.assertIn("10 دقيقة", sms.body)
        page = self.send_code(self.code_of(sms))
        self.assertIn("/my/beneficiary?claimed=1", page.url)

    def test_wrong_code_and_unknown_id_get_the_same_answer(self):
        self.login(self.claimer)
        known = self.ask_code(self.file.national_id)
        wrong = self.send_code("000000" if self.code_of(self.sent_codes()) != "000000" else "1")
        stranger = self.portal_user("br_stranger")
        self.login(stranger)
        unknown = self.ask_code(self.next_national_id())
        self.assertEqual(len(self.sent_codes()), 1, "no SMS for an ID not on file")
        self.assertEqual(self.alert(known), self.alert(unknown), "asking: the same answer")
        unknown_code = self.send_code("123456")
        self.assertIn(NEUTRAL_CODE, self.alert(wrong))
        self.assertEqual(self.alert(wrong), self.alert(unknown_code), "the code: the same answer")
        self.assertEqual(wrong.status_code, unknown_code.status_code)
        self.assertNotIn("Claimable File", wrong.text + unknown.text + unknown_code.text)
        self.assertNotEqual(self.file.partner_id, self.claimer.partner_id)
        self.assertNotEqual(self.file.partner_id, stranger.partner_id)

    def test_the_code_goes_only_to_the_mobile_on_file(self):
        self.login(self.claimer)
        before = self.env["sms.sms"].search([], order="id desc", limit=1).id or 0
        self.ask_code(self.file.national_id, mobile="0559999999", number="+966559999999")
        sms = self.env["sms.sms"].search([("id", ">", before)])
        self.assertEqual(sms.mapped("number"), [self.file.mobile])

    def test_a_file_with_an_account_is_not_claimed_and_its_officer_is_told(self):
        owner = self.portal_user("br_owner")
        owned = self.create_ready_beneficiary(name="Owned", partner_id=owner.partner_id.id)
        self.login(self.claimer)
        page = self.ask_code(owned.national_id)
        self.assertIn(CODE_SENT, self.alert(page))
        self.assertFalse(self.sent_codes(), "no code for a file that has its account")
        self.assertIn("br_claimer", str(owned.activity_ids.note or owned.message_ids[:1].body))

    def test_codes_expire(self):
        self.login(self.claimer)
        self.ask_code(self.file.national_id)
        claim = self.env["beneficiary.portal.claim"].search([("user_id", "=", self.claimer.id)])
        self.assertAlmostEqual(
            claim.expires_at,
            fields.Datetime.now() + timedelta(minutes=10),
            delta=timedelta(minutes=1),
        )
        claim.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        page = self.send_code(self.code_of(self.sent_codes()))
        self.assertIn(NEUTRAL_CODE, self.alert(page))
        self.assertNotEqual(self.file.partner_id, self.claimer.partner_id)

    def test_codes_serve_once_and_allow_few_tries(self):
        Claim = self.env["beneficiary.portal.claim"]
        claim = Claim._start(self.claimer, self.env.company, self.file.national_id)
        code = self.code_of(self.sent_codes())
        for _try in range(5):
            self.assertFalse(Claim._verify(self.claimer, "999999" if code != "999999" else "1"))
        self.assertFalse(Claim._verify(self.claimer, code), "spent after five wrong tries")
        self.assertEqual(claim.tries, 5)
        # A new code: right at once, then never again.
        self.sent_codes().unlink()
        Claim._start(self.claimer, self.env.company, self.file.national_id)
        code = self.code_of(self.sent_codes())
        self.assertEqual(Claim._verify(self.claimer, code), self.file)
        self.assertFalse(Claim._verify(self.claimer, code), "single use")
        self.assertEqual(claim.state, "cancelled", "a new code cancels the previous one")

    def test_asking_for_codes_is_limited_per_account_and_address(self):
        self.login(self.claimer)
        for _ask in range(3):
            self.assertEqual(self.ask_code(self.file.national_id).status_code, 200)
        page = self.ask_code(self.file.national_id)
        self.assertEqual(page.status_code, 429)
        self.assertIn(TOO_MANY, self.alert(page))
        self.assertEqual(len(self.sent_codes()), 3, "one file's mobile gets 3 codes an hour")
        # Another account from the same address: the address has its own limit.
        self.env["ir.config_parameter"].sudo().set_param(
            "beneficiary_relations.portal_claim_address_hourly_limit", "3"
        )
        other = self.portal_user("br_claimer_two")
        self.login(other)
        self.assertEqual(self.ask_code(self.next_national_id()).status_code, 429)

    def test_forms_need_their_csrf_token(self):
        self.login(self.claimer)
        page = self.url_open(
            "/my/beneficiary/claim", data={"national_id": self.file.national_id}, timeout=60
        )
        self.assertEqual(page.status_code, 400)
        self.assertFalse(self.sent_codes())

    def test_staff_and_users_with_a_file_do_not_claim(self):
        with_file = self.portal_user("br_has_file")
        self.create_ready_beneficiary(name="Has File", partner_id=with_file.partner_id.id)
        self.login(with_file)
        page = self.url_open("/my/beneficiary/claim")
        self.assertTrue(page.url.endswith("/my/beneficiary"))
        with patch.object(type(self.env["beneficiary.portal.claim"]), "_start") as start:
            self.authenticate(self.officer.login, self.officer.login)
            self.url_open("/my/beneficiary/claim")
            start.assert_not_called()
