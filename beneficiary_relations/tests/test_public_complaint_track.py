"""Following a public complaint with its tracking link or code, and rating its answer."""

import re

from odoo import fields
from odoo.tests import tagged

from ..tools import format_hijri
from .test_public_complaint import NOT_FOUND, PublicComplaintCase


@tagged("post_install", "-at_install")
class TestPublicComplaintTracking(PublicComplaintCase):
    # Tracking -------------------------------------------------------------------------------

    def test_track_shows_status_and_answer_only(self):
        complaint = self.create_complaint(
            subject="Rude answer",
            description="<p>The private description</p>",
            concerned_user_id=self.officer.id,
            beneficiary_id=False,
            contact_name="Huda",
        )
        complaint._portal_ensure_token()
        complaint.message_post(body="Internal note: call the officer", subtype_xmlid="mail.mt_note")
        page = self.url_open(self.track_url(complaint))
        self.assertIn("Received: it is waiting to be reviewed.", page.text)
        self.assertIn("Rude answer", page.text)
        self.assertIn("Answer expected by", page.text)
        complaint.write(
            {
                "resolution": "<p>We apologised and trained the team.</p>",
                "stage_id": self.stages["resolved"].id,
            }
        )
        page = self.url_open(self.track_url(complaint))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.headers.get("Referrer-Policy"), "no-referrer")
        self.assertIn(complaint.name, page.text)
        self.assertIn("Answered.", page.text)
        self.assertIn("We apologised and trained the team.", page.text)
        self.assertNotIn("Answer expected by", page.text)
        for secret in (
            "The private description",
            "Internal note",
            "Huda",
            self.officer.name,
            self.follow_up.name,
            "o_portal_chatter",
        ):
            self.assertNotIn(secret, page.text, secret)

    def test_track_with_the_short_code_however_typed(self):
        complaint = self.create_complaint(subject="Followed by code")
        code = complaint.tracking_code
        for typed in (code, f"{code[:4]}-{code[4:]}", f" {code[:4].lower()} {code[4:].lower()} "):
            with self.subTest(typed=typed):
                page = self.url_open(self.code_url(complaint, typed))
                self.assertIn("Followed by code", page.text)
                self.assertIn("o_beneficiary_complaint_status", page.text)
        page = self.url_open(self.code_url(complaint, "2" * 8))
        self.assertIn(NOT_FOUND, page.text)
        self.assertNotIn("Followed by code", page.text)

    def test_tracking_tries_are_limited_per_address(self):
        self.env["ir.config_parameter"].set_param(
            "beneficiary_relations.complaint_track_hourly_limit", "3"
        )
        complaint = self.create_complaint(subject="Limited")
        for _try in range(3):
            self.assertEqual(self.url_open(self.code_url(complaint, "2" * 8)).status_code, 200)
        page = self.url_open(self.code_url(complaint))
        self.assertEqual(page.status_code, 429)
        self.assertIn("Too many look-ups", page.text)
        self.assertNotIn("Limited", page.text, "not even the right code, within the hour")
        self.assertEqual(self.url_open("/complaint/track").status_code, 200, "the empty form")

    def test_answer_then_rating_with_nothing_chosen_in_advance(self):
        complaint = self.Complaint.create(
            {"subject": "No answer", "contact_name": "Huda", "email_from": "huda@example.com"}
        )
        page = self.url_open(self.code_url(complaint))
        self.assertNotIn("o_beneficiary_rating_form", page.text, "nothing to rate yet")
        complaint.write(
            {"resolution": "<p>We called you back.</p>", "stage_id": self.stages["resolved"].id}
        )
        answer = (
            self.env["mail.mail"]
            .search([("email_to", "=", "huda@example.com")])
            .filtered(lambda m: "We called you back." in m.body_html)
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(self.code_url(complaint), answer.body_html)
        self.assertNotIn("/rate/", answer.body_html)
        page = self.url_open(self.code_url(complaint))
        self.assertIn("We called you back.", page.text)
        form = re.search(r"<form[^>]*o_beneficiary_rating_form.*?</form>", page.text, re.S).group(0)
        self.assertEqual(form.count('name="rate"'), 3)
        self.assertNotIn("checked", form, "no rating chosen in advance")
        action = re.search(r'action="([^"]+)"', form).group(1)
        self.assertRegex(action, r"^/rate/[\w-]+/submit_feedback$")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        response = self.url_open(
            action, data={"csrf_token": csrf, "rate": "1", "feedback": "Too slow"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(complaint.sudo().rating_last_value, 1)
        page = self.url_open(self.code_url(complaint))
        self.assertNotIn("o_beneficiary_rating_form", page.text, "rated once")
        self.assertIn("o_beneficiary_complaint_rated", page.text)

    def test_named_by_phone_only_gets_the_code_by_sms(self):
        response = self.submit(extra={"email": "", "phone": "0551234567"})
        complaint = self.created()
        self.assertIn("We have also sent the code to your mobile by SMS.", response.text)
        sms = self.env["sms.sms"].search([("number", "=", "+966551234567")])
        self.assertEqual(len(sms), 1)
        self.assertIn(complaint._notice_tracking_code(), sms.body)

    def test_anonymous_gets_the_code_on_the_page_only(self):
        response = self.submit(extra={"anonymous": "1"})
        complaint = self.created()
        self.assertIn(complaint._notice_tracking_code(), response.text)
        self.assertIn("write the code down now", response.text)
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", "nora@example.com")]))
        self.assertFalse(self.env["sms.sms"].search([("number", "=", "+966501234567")]))

    def test_track_in_arabic_shows_hijri_dates(self):
        complaint = self.create_complaint()
        complaint._portal_ensure_token()
        page = self.url_open("/ar" + self.track_url(complaint))
        self.assertIn('dir="rtl"', page.text)
        self.assertIn(format_hijri(complaint.date_deadline, "ar_001"), page.text)
        received = fields.Datetime.context_timestamp(
            complaint.with_context(tz="Asia/Riyadh"), complaint.date_received
        )
        self.assertIn(format_hijri(received.date(), "ar_001"), page.text)

    def test_wrong_or_missing_code_reveals_nothing(self):
        mine = self.create_complaint(subject="Mine-7Q")
        other = self.create_complaint(subject="Other-7Q")
        mine._portal_ensure_token()
        other._portal_ensure_token()
        attempts = {
            "wrong token": (mine.name, "0" * len(mine.access_token)),
            "other's token": (mine.name, other.access_token),
            "missing token": (mine.name, None),
            "empty token": (mine.name, ""),
            "missing reference": (None, mine.access_token),
            "unknown reference": ("CMP/1900/00001", mine.access_token),
        }
        for case, (reference, token) in attempts.items():
            with self.subTest(case=case):
                page = self.track(reference, token)
                self.assertEqual(page.status_code, 200, case)
                self.assertIn(NOT_FOUND, page.text, case)
                self.assertNotIn("7Q", page.text, case)
                self.assertNotIn("o_beneficiary_complaint_status", page.text, case)
        page = self.url_open("/complaint/track")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(NOT_FOUND, page.text, "nothing was asked yet")
