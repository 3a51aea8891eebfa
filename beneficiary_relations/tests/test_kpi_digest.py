import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .kpi_common import KpiCase

# The digest of November goes out on the first run of December.
DECEMBER = "2026-12-01 06:00:00"


@tagged("post_install", "-at_install")
class TestKpiDigest(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.manager, cls.other_manager, cls.officer):
            user.write({"email": f"{user.login}@example.com", "lang": "en_US"})
        # The officer is top management's delegate for escalations; an administrator with
        # no mail address cannot be written to.
        cls.env.company.beneficiary_escalation_user_ids = [Command.link(cls.officer.id)]
        cls.env.ref("base.user_admin").email = False
        cls.Digest = cls.env["beneficiary.kpi.digest"]

    def mails(self):
        return self.env["mail.mail"].search(
            [("subject", "like", "beneficiary relations indicators")]
        )

    def digests(self):
        return self.Digest.search([("period", "=", date(2026, 11, 1))])

    def test_sent_once_per_period(self):
        with freeze_time(DECEMBER):
            done, remaining = self.Digest._cron_send_digests()
        recipients = self.manager | self.other_manager | self.officer
        self.assertEqual(self.digests().user_id, recipients)
        self.assertEqual((done, remaining), (3, 0))
        mails = self.mails()
        self.assertEqual(mails.recipient_ids, recipients.partner_id)
        self.assertEqual(len(mails), 3)
        # A second run the same day, or any day of December: nothing more.
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests()
        with freeze_time("2026-12-20 06:00:00"):
            self.Digest._cron_send_digests()
        self.assertEqual(len(self.mails()), 3)
        self.assertEqual(len(self.digests()), 3)
        # January brings December's.
        with freeze_time("2027-01-01 06:00:00"):
            self.Digest._cron_send_digests()
        self.assertEqual(len(self.Digest.search([("period", "=", date(2026, 12, 1))])), 3)

    def test_resumes_after_a_crash(self):
        """A run that stopped after its first batch (committed) sends the rest only."""
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests(batch_size=1, max_batches=1)
            self.assertEqual(len(self.digests()), 1)
            done, remaining = self.Digest._cron_send_digests(batch_size=1)
        self.assertEqual((done, remaining), (2, 0))
        self.assertEqual(len(self.digests()), 3)
        self.assertEqual(len(self.mails()), 3)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_second_digest(self):
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests()
        with self.assertRaises(IntegrityError):
            self.Digest.create(
                {
                    "company_id": self.env.company.id,
                    "period": "2026-11-01",
                    "user_id": self.manager.id,
                }
            )

    def test_figures_and_workbook_under_the_recipients_rules(self):
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests()
        mine = self.digests().filtered(lambda d: d.user_id == self.manager)
        theirs = self.digests().filtered(lambda d: d.user_id == self.other_manager)
        self.assertEqual(
            (mine.requests_received, mine.requests_decided, mine.requests_overdue), (5, 3, 1)
        )
        self.assertAlmostEqual(mine.requests_on_time_rate, 200 / 3)
        self.assertEqual((mine.complaints_received, mine.complaints_overdue), (2, 1))
        self.assertEqual((theirs.complaints_received, theirs.complaints_overdue), (3, 2))
        self.assertEqual((mine.csat, mine.survey_sent), (50, 3))
        # The workbook attached to the manager's mail knows nothing of the complaint about them.
        mail = self.mails().filtered(lambda m: self.manager.partner_id in m.recipient_ids)
        self.assertEqual(mail.attachment_ids, mine.attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(mail.attachment_ids.datas)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                self.assertNotIn(self.c5.name, [str(value) for value in row])
        self.assertIn("Requests received", mail.body_html)
        self.assertIn("<strong>5</strong>", mail.body_html)
        self.assertIn("November 2026", mail.subject)

    def test_each_recipient_reads_only_their_own(self):
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests()
        self.assertEqual(self.Digest.with_user(self.manager).search([]).user_id, self.manager)
        theirs = self.digests().filtered(lambda d: d.user_id == self.other_manager)
        attachment = theirs.attachment_id.with_user(self.manager)
        with self.assertRaises(AccessError):
            attachment.datas  # noqa: B018

    def test_written_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.other_manager.lang = "ar_001"
        with freeze_time(DECEMBER):
            self.Digest._cron_send_digests()
        theirs = self.digests().filtered(lambda d: d.user_id == self.other_manager)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(theirs.attachment_id.datas)))
        self.assertTrue(book.worksheets[0].sheet_view.rightToLeft)
