import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .kpi_common import NOVEMBER, TODAY, KpiCase


@tagged("post_install", "-at_install")
class TestKpiExport(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.manager, cls.other_manager):
            user.write(
                {
                    "email": f"{user.login}@example.com",
                    "lang": "en_US",
                    "notification_type": "inbox",
                }
            )
        cls.Export = cls.env["beneficiary.kpi.export"]
        cls.cron = cls.env.ref("beneficiary_relations.ir_cron_kpi_exports")

    def wizard(self, user=None, period=NOVEMBER, **values):
        Wizard = self.env["beneficiary.kpi.report.wizard"].with_user(user or self.manager)
        with freeze_time(TODAY):
            return Wizard.create(
                {
                    "date_from": period[0],
                    "date_to": period[1],
                    "company_id": self.env.company.id,
                    **values,
                }
            )

    def queue(self, user=None, period=NOVEMBER):
        with freeze_time(TODAY):
            action = self.wizard(user, period).action_prepare_in_background()
        export = self.Export.search([("user_id", "=", (user or self.manager).id)], limit=1)
        return action, export

    def run_cron(self):
        with freeze_time(TODAY):
            return self.Export._cron_prepare_exports()

    def notices(self, export):
        return self.env["mail.notification"].search(
            [
                ("mail_message_id.model", "=", "beneficiary.kpi.export"),
                ("mail_message_id.res_id", "=", export.id),
            ]
        )

    def test_built_as_the_requester_and_told_once(self):
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        action, export = self.queue()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("11/01/2026", action["params"]["message"])
        self.assertEqual(export.state, "queued")
        self.assertEqual((export.date_from, export.date_to), NOVEMBER)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
            "the scheduled action is woken up at once",
        )

        self.assertEqual(self.run_cron(), (1, 0))
        self.assertEqual(export.state, "done")
        self.assertTrue(export.date_done)
        attachment = export.attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), (export._name, export.id))
        self.assertIn("2026-11-01 to 2026-11-30", attachment.name)
        # Built as the manager: the complaint about them is in no figure and no row.
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(self.summary(book)["Received: Complaint"], 2)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                self.assertNotIn(self.c5.name, [str(value) for value in row])
        # They read it and download it themselves.
        mine = export.with_user(self.manager)
        self.assertEqual(mine.attachment_id.with_user(self.manager).datas, attachment.datas)
        self.assertEqual(
            mine.action_download()["url"], f"/web/content/{attachment.id}?download=true"
        )

        notice = self.notices(export)
        self.assertEqual(notice.res_partner_id, self.manager.partner_id)
        self.assertEqual(notice.notification_type, "inbox")
        self.assertIn("is ready", notice.mail_message_id.subject)
        self.assertIn("11/30/2026", notice.mail_message_id.subject)

        # A second run finds nothing to do: the workbook is never built twice.
        self.assertEqual(self.run_cron(), (0, 0))
        self.assertEqual(export.attachment_id, attachment)
        self.assertEqual(export.attempts, 1)
        self.assertEqual(len(self.notices(export)), 1)

    def test_each_manager_reads_only_their_own(self):
        _action, export = self.queue()
        self.run_cron()
        theirs = self.Export.with_user(self.other_manager)
        self.assertFalse(theirs.search([]))
        with self.assertRaises(AccessError):
            export.with_user(self.other_manager).read(["state"])
        with self.assertRaises(AccessError):
            export.attachment_id.with_user(self.other_manager).datas  # noqa: B018

    def test_only_managers_queue_and_only_the_application_decides_the_state(self):
        with self.assertRaises(AccessError):
            self.wizard(self.officer)
        values = {
            "date_from": NOVEMBER[0],
            "date_to": NOVEMBER[1],
            "company_id": self.env.company.id,
        }
        with self.assertRaises(AccessError):
            self.Export.with_user(self.officer).create(values)
        with self.assertRaises(AccessError):
            self.Export.with_user(self.manager).create({**values, "state": "done"})
        with self.assertRaises(AccessError):
            self.Export.with_user(self.manager).create({**values, "user_id": self.other_manager.id})
        _action, export = self.queue()
        with self.assertRaises(AccessError):
            export.with_user(self.manager).write({"state": "failed"})

    def test_bad_period_or_foreign_company_refused_when_asked(self):
        with self.assertRaises(UserError):
            self.wizard(period=(NOVEMBER[1], NOVEMBER[0])).action_prepare_in_background()
        other = self.env["res.company"].create({"name": "Other association"})
        with self.assertRaises(AccessError):
            self.Export.with_user(self.manager).create(
                {"date_from": NOVEMBER[0], "date_to": NOVEMBER[1], "company_id": other.id}
            )
        self.assertFalse(self.Export.search([]))

    def test_a_long_period_is_prepared_in_the_background(self):
        year = (date(2026, 1, 1), date(2026, 11, 30))
        self.assertFalse(self.wizard().in_background)
        wizard = self.wizard(period=year)
        self.assertTrue(wizard.in_background)
        self.assertEqual(self.Export._background_days(), 92)
        with freeze_time(TODAY):
            action = wizard.action_download()
        self.assertEqual(action["type"], "ir.actions.client")
        export = self.Export.search([])
        self.assertEqual((export.user_id, export.date_from), (self.manager, year[0]))
        # The threshold is a setting.
        self.env["ir.config_parameter"].set_param("beneficiary_relations.kpi_background_days", 20)
        self.assertTrue(self.wizard().in_background)

    @mute_logger("odoo.addons.beneficiary_relations.models.beneficiary_kpi_export")
    def test_a_failing_build_is_failed_and_told(self):
        def broken(*args, **kwargs):
            raise ValueError("disk full")

        self.patch(type(self.env["beneficiary.kpi"]), "_build_xlsx", broken)
        _action, export = self.queue()
        self.assertEqual(self.run_cron(), (1, 0))
        self.assertEqual(export.state, "failed")
        self.assertFalse(export.attachment_id)
        self.assertIn("error on the server", export.error)
        notice = self.notices(export)
        self.assertEqual(notice.res_partner_id, self.manager.partner_id)
        self.assertIn("could not be prepared", notice.mail_message_id.subject)
        self.assertIn("error on the server", notice.mail_message_id.body)
        # Never retried.
        self.assertEqual(self.run_cron(), (0, 0))
        self.assertEqual(export.attempts, 1)
        self.assertEqual(len(self.notices(export)), 1)

    def test_a_manager_no_more_gets_no_workbook(self):
        _action, export = self.queue()
        self.manager.groups_id = [
            Command.unlink(self.env.ref("beneficiary_relations.group_br_manager").id)
        ]
        self.run_cron()
        self.assertEqual(export.state, "failed")
        self.assertIn("managers", export.error)
        self.assertFalse(export.attachment_id)

    def test_given_up_after_repeated_crashes(self):
        _action, export = self.queue()
        export.attempts = 3  # three runs killed by the server's limits
        self.run_cron()
        self.assertEqual(export.state, "failed")
        self.assertIn("3 times", export.error)
        self.assertFalse(export.attachment_id)
