"""Security of the public complaint form: anonymity of the sender, and the hourly limit held
against posts sent at once."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import unescape

import requests

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import HttpCase, tagged

from .test_security_portal import SecurityPortalCase, form_value

ADDRESS_SCOPE = "beneficiary_relations.public_complaint_address"


@tagged("post_install", "-at_install", "security")
class TestSecurityPortalAnonymity(SecurityPortalCase):
    # Item 11: anonymity of web complaints ----------------------------------------------------

    def test_complaint_keeps_no_trace_of_the_sender_address(self):
        self.public_complaint()
        complaint = self.env["beneficiary.complaint"].search(
            [("subject", "=", "Anonymous (security)")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertNotIn("submitted_ip_hash", complaint._fields)
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'beneficiary_complaint' "
            "AND column_name = 'submitted_ip_hash'"
        )
        self.assertFalse(self.env.cr.fetchall(), "the column and its fingerprints are gone")
        attempts = self.env["beneficiary.abuse.attempt"].search([("scope", "=", ADDRESS_SCOPE)])
        self.assertEqual(len(attempts), 1)
        self.assertNotIn("127.0.0.1", attempts.fingerprint)
        # An hour later, the scheduled action erases the attempt.
        self.env.cr.execute(
            "UPDATE beneficiary_abuse_attempt SET create_date = create_date - interval '61 min'"
        )
        attempts.invalidate_recordset()
        self.env.ref("beneficiary_relations.ir_cron_abuse_attempt_purge").method_direct_trigger()
        self.assertFalse(attempts.exists())

    def test_nobody_reads_the_attempts(self):
        self.public_complaint()
        (self.manager | self.officer).lang = "en_US"
        for login in ("br_manager", "br_officer"):
            with self.subTest(login=login):
                self.assertRpcRefused(
                    "not allowed to access", login, "beneficiary.abuse.attempt", "search_read", []
                )


@tagged("post_install", "-at_install", "security")
class TestSecurityPortalParallel(HttpCase):
    """Posts sent truly at once: the server works in transactions of its own, committed as in
    production (no test cursor shared by the requests). What they record is erased at the end."""

    registry_test_mode = False
    senders = 16

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's test runner holds the registry lock while the tests run (service/server.py),
        # which would keep the server from answering; test mode swaps it for a dummy lock
        # (Registry.enter_test_mode), and so must this class, which runs without test mode.
        cls.addClassCleanup(setattr, Registry, "_lock", Registry._lock)
        Registry._lock = DummyRLock()

    def committed_env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def erase(self, subject):
        with self.registry.cursor() as cr:
            env = self.committed_env(cr)
            env["beneficiary.complaint"].search([("subject", "=", subject)]).unlink()
            if "beneficiary.abuse.attempt" in env:
                env["beneficiary.abuse.attempt"].search([("scope", "=", ADDRESS_SCOPE)]).unlink()

    def hourly_limit(self):
        with self.registry.cursor() as cr:
            param = self.committed_env(cr)["ir.config_parameter"].get_param(
                "beneficiary_relations.public_complaint_hourly_limit"
            )
        return int(param) if param else 5

    def fresh_form(self):
        """A browser of its own: its session, the form's CSRF token and one-time key."""
        browser = requests.Session()
        page = browser.get(f"{self.base_url()}/complaint", timeout=30)
        self.assertEqual(page.status_code, 200)
        return browser, form_value(page, "csrf_token"), form_value(page, "submission_key")

    def test_parallel_posts_do_not_pass_the_hourly_limit(self):
        subject = f"Parallel {uuid.uuid4().hex[:8]}"
        self.erase(subject)
        self.addCleanup(self.erase, subject)
        limit = self.hourly_limit()
        forms = [self.fresh_form() for _sender in range(self.senders)]
        start = threading.Barrier(self.senders)

        def send(form):
            browser, csrf, key = form
            start.wait(timeout=30)
            data = {
                "csrf_token": csrf,
                "submission_key": key,
                "complaint_type": "complaint",
                "subject": subject,
                "description": "Sent at once.",
                "anonymous": "1",
            }
            return browser.post(f"{self.base_url()}/complaint", data=data, timeout=120)

        with ThreadPoolExecutor(self.senders) as pool:
            responses = list(pool.map(send, forms))
        with self.registry.cursor() as cr:
            created = self.committed_env(cr)["beneficiary.complaint"].search_count(
                [("subject", "=", subject)]
            )
        refused = [r for r in responses if r.status_code == 429]
        self.assertEqual(created, limit, f"{self.senders} posts at once, limit {limit}")
        self.assertEqual(len(refused), self.senders - limit)
        self.assertIn(subject, unescape(refused[0].text), "the refused form keeps the message")
