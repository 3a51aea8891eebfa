"""The notice templates: shipped for every event in Arabic, and what a bad configuration does."""

import os

import polib

from odoo import fields
from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .common import RequestCase
from .test_notices import NOTICES, NoticeMixin


@tagged("post_install", "-at_install")
class TestNoticeConfiguration(NoticeMixin, RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease contract"})

    # Bad configuration --------------------------------------------------------------------------

    def test_shipped_templates_cannot_be_deleted_and_archiving_switches_off(self):
        template = self.env.ref("beneficiary_relations.mail_template_request_received")
        with self.assertRaisesText(UserError, "cannot be deleted"):
            template.with_user(self.manager).unlink()
        with self.assertRaisesText(UserError, "cannot be deleted"):
            self.env.ref("beneficiary_relations.sms_template_request_received").unlink()
        template.with_user(self.manager).active = False
        request = self.create_request()
        self.assertFalse(self.mails_to(self.beneficiary.email))
        self.assertIn("switched off", self.notices(request).body)

    def test_missing_template_is_noted_not_a_crash(self):
        self.env["ir.model.data"].search(
            [
                ("module", "=", "beneficiary_relations"),
                ("name", "=", "sms_template_document_expiry"),
            ]
        ).unlink()
        document = self.beneficiary.document_ids[:1]
        document.expiry_date = fields.Date.add(fields.Date.today(), days=10)
        with self.assertLogs(
            "odoo.addons.beneficiary_relations.models.beneficiary_notifier_mixin", "ERROR"
        ):
            done, _remaining = self.env["beneficiary.document"]._cron_document_expiry()
        self.assertEqual(done, 1)
        self.assertEqual(document.expiry_notified_date, document.expiry_date)
        self.assertIn("template is missing", self.notices(self.beneficiary).body)

    def test_managers_find_the_templates(self):
        action = (
            self.env["mail.template"].with_user(self.manager)._action_beneficiary_notice_templates()
        )
        templates = (
            self.env["mail.template"].with_context(active_test=False).search(action["domain"])
        )
        self.assertIn(
            self.env.ref("beneficiary_relations.mail_template_request_overdue"), templates
        )
        self.assertFalse(
            templates.filtered(
                lambda t: t.model
                not in (
                    "beneficiary.request",
                    "beneficiary.complaint",
                    "beneficiary.document",
                    "survey.user_input",
                    "res.company",
                    "beneficiary.compensation",
                    "beneficiary.request.appeal",
                    "beneficiary.kpi.digest",
                    "beneficiary.kpi.export",
                )
            )
        )
        sms = self.env.ref("beneficiary_relations.sms_template_request_decided").with_user(
            self.manager
        )
        sms.body = sms.body + " "
        mail = self.env.ref("beneficiary_relations.mail_template_request_decided").with_user(
            self.manager
        )
        mail.subject = "Decision on {{ object.name }}"

    # Documents and questionnaires go through the same rule ------------------------------------


@tagged("post_install", "-at_install")
class TestNoticeTemplates(NoticeMixin, RequestCase):
    """Every event has its mail and SMS template, and they render in Arabic."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(
            ["beneficiary_relations"], ["ar_001"], overwrite=True
        )
        catalog = polib.pofile(
            os.path.join(get_module_path("beneficiary_relations"), "i18n", "ar.po")
        )
        # The template texts the Arabic catalogue translates already (the rest: once written).
        cls.arabic = {
            (occurrence, entry.msgid)
            for entry in catalog
            if entry.msgstr.strip()
            for occurrence, _line in entry.occurrences
        }

    def sample(self, model):
        self.beneficiary.lang = "ar_001"
        request = self.complete_request()
        if model == "beneficiary.request":
            return request
        if model == "beneficiary.complaint":
            complaint = self.env["beneficiary.complaint"].create(
                {
                    "subject": "شكوى",
                    "beneficiary_id": self.beneficiary.id,
                    "resolution": "<p>تم</p>",
                }
            )
            return complaint
        if model == "beneficiary.document":
            return self.beneficiary.document_ids[:1]
        return self.env["beneficiary.survey.sender"]._send_invitations(
            [(self.beneficiary, request)]
        )

    def complete_request(self):
        request = self.create_request()
        request.action_check_completeness()
        return request

    def test_every_event_has_templates_that_render_in_arabic(self):
        for model, prefix, events in NOTICES:
            record = self.sample(model)
            for event in events:
                with self.subTest(template=f"{prefix}_{event}"):
                    mail = self.env.ref(f"beneficiary_relations.mail_template_{prefix}_{event}")
                    sms = self.env.ref(f"beneficiary_relations.sms_template_{prefix}_{event}")
                    self.assertEqual((mail.model, sms.model), (model, model))
                    self.assertEqual(mail._render_lang(record.ids)[record.id], "ar_001")
                    rendered = mail._generate_template(record.ids, ("subject", "body_html"))[
                        record.id
                    ]
                    text = sms._render_field("body", record.ids, compute_lang=True)[record.id]
                    self.assertTrue(rendered["subject"] and rendered["body_html"] and text)
                    subject = (
                        f"model:mail.template,subject:beneficiary_relations.mail_template_{prefix}_{event}",
                        mail.with_context(lang="en_US").subject,
                    )
                    if subject in self.arabic:
                        self.assertRegex(rendered["subject"], "[\u0600-\u06ff]")
                    body = (
                        f"model:sms.template,body:beneficiary_relations.sms_template_{prefix}_{event}",
                        sms.with_context(lang="en_US").body,
                    )
                    if body in self.arabic:
                        self.assertRegex(text, "[\u0600-\u06ff]")

    def test_every_shipped_template_has_its_arabic(self):
        """Every notice's subject and SMS text (compensation, appeals and the digest included)
        is in the Arabic catalogue and loaded: no Arabic reader gets an English notice."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "beneficiary_relations"),
                ("model", "in", ("mail.template", "sms.template")),
            ]
        )
        self.assertGreater(len(data), 40)
        for entry in data:
            field = "subject" if entry.model == "mail.template" else "body"
            template = self.env[entry.model].browse(entry.res_id)
            with self.subTest(template=entry.name):
                english = template.with_context(lang="en_US")[field]
                key = (f"model:{entry.model},{field}:beneficiary_relations.{entry.name}", english)
                self.assertIn(key, self.arabic)
                self.assertRegex(template.with_context(lang="ar_001")[field], "[\u0600-\u06ff]")

    def test_a_stale_translation_is_sent_in_english(self):
        """A translation written for an older text (here, the complaint's answer SMS when it
        linked to a pre-selected rating) must not send its old link: the English text is."""
        sms = self.env.ref("beneficiary_relations.sms_template_complaint_resolved")
        sms.with_context(lang="ar_001").body = (
            "{{ object.company_id.name }}: تم الرد على رسالتكم {{ object.name }}: "
            "{{ object.get_base_url() }}/rate/{{ object._rating_get_access_token() }}/5"
        )
        self.beneficiary.write({"lang": "ar_001", "preferred_contact": "sms"})
        complaint = self.env["beneficiary.complaint"].create(
            {"subject": "Late", "beneficiary_id": self.beneficiary.id}
        )
        complaint.write(
            {
                "resolution": "<p>Done.</p>",
                "stage_id": self.env.ref(
                    "beneficiary_relations.beneficiary_complaint_stage_resolved"
                ).id,
            }
        )
        with self.assertLogs(
            "odoo.addons.beneficiary_relations.models.beneficiary_notifier_mixin", "WARNING"
        ):
            complaint._notify_beneficiary("resolved")
        answer = self.env["sms.sms"].search(
            [("number", "=", "+966501234567"), ("body", "ilike", "answered")]
        )
        self.assertTrue(answer)
        for text in answer.mapped("body"):
            self.assertIn(f"/complaint/track?code={complaint.tracking_code}", text)
            self.assertNotIn("/rate/", text)
