import base64

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import ComplaintCase

NEW_COMPLAINT = """Return-Path: <complainant@example.com>
From: Complainant <complainant@example.com>
To: {to}
Subject: {subject}
Date: Tue, 01 Dec 2026 09:00:00 +0300
Message-ID: <{message_id}@mail.example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

{body}
{attachment}
--BOUNDARY--
"""

ATTACHMENT = """--BOUNDARY
Content-Type: application/pdf; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: base64

{content}
"""

REPLY = """From: Complainant <complainant@example.com>
To: {to}
Subject: Re: {subject}
Date: Wed, 02 Dec 2026 09:00:00 +0300
Message-ID: <reply-{message_id}@mail.example.com>
In-Reply-To: <{message_id}@mail.example.com>
References: <{message_id}@mail.example.com>
Content-Type: text/plain; charset="utf-8"

Any news about my complaint?
"""


@tagged("post_install", "-at_install")
class TestComplaintMail(MockEmail, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "association.example.com"})
        cls.env.company.alias_domain_id = domain
        cls.alias = cls.env.ref("beneficiary_relations.mail_alias_complaints")
        cls.alias.alias_domain_id = domain
        cls.to = f"{cls.alias.alias_name}@association.example.com"
        cls.Complaint = cls.env["beneficiary.complaint"]

    def receive(self, subject="The distribution was late", body="Nobody called me.", **kwargs):
        attachment = ""
        if "attachment" in kwargs:
            name, size = kwargs["attachment"]
            content = base64.encodebytes(b"%PDF-1.4\n" + b"0" * size).decode()
            attachment = ATTACHMENT.format(name=name, content=content)
        raw = NEW_COMPLAINT.format(
            to=self.to,
            subject=subject,
            message_id=kwargs.get("message_id", "first"),
            body=body,
            attachment=attachment,
        )
        return self.env["mail.thread"].message_process(None, raw)

    def test_new_mail_becomes_a_complaint_of_the_beneficiary(self):
        complaint = self.Complaint.browse(self.receive())
        self.assertEqual(complaint.subject, "The distribution was late")
        self.assertIn("Nobody called me", complaint.description)
        self.assertEqual(complaint.beneficiary_id, self.beneficiary)
        self.assertEqual(complaint.partner_id, self.beneficiary.partner_id)
        self.assertEqual(
            complaint.channel_id, self.env.ref("beneficiary_relations.beneficiary_channel_email")
        )
        self.assertEqual(complaint.email_from, "complainant@example.com")
        self.assertTrue(complaint.date_deadline)

    def test_reply_threads_onto_the_complaint(self):
        complaint = self.Complaint.browse(self.receive(message_id="thread1"))
        raw = REPLY.format(to=self.to, subject="The distribution was late", message_id="thread1")
        thread_id = self.env["mail.thread"].message_process(None, raw)
        self.assertEqual(thread_id, complaint.id)
        self.assertEqual(self.Complaint.search_count([("subject", "ilike", "distribution")]), 1)
        self.assertIn("Any news", complaint.message_ids[0].body)

    def test_unknown_sender_gets_a_contact(self):
        raw = NEW_COMPLAINT.format(
            to=self.to, subject="Question", message_id="u1", body="Hello", attachment=""
        ).replace("complainant@example.com", "stranger@example.org")
        complaint = self.Complaint.browse(self.env["mail.thread"].message_process(None, raw))
        self.assertFalse(complaint.beneficiary_id)
        self.assertEqual(complaint.partner_id.email, "stranger@example.org")

    def test_empty_mail_is_bounced_and_logged(self):
        # The reply is written in the association's language: English here.
        self.env.company.partner_id.lang = "en_US"
        # The gateway sends the bounce at once, then deletes it: the mock keeps and records it.
        with self.mock_mail_gateway():
            result = self.receive(subject="", body="", message_id="empty1")
        self.assertFalse(result)
        self.assertFalse(self.Complaint.search([("email_from", "=", "complainant@example.com")]))
        bounce = self.env["mail.mail"].search([("email_to", "ilike", "complainant@example.com")])
        self.assertEqual(len(bounce), 1)
        self.assertIn("arrived empty", bounce.body_html)
        sent = [mail for mail in self._mails if "complainant@example.com" in str(mail["email_to"])]
        self.assertEqual(len(sent), 1, "the bounce was sent")
        log = self.env["ir.logging"].search([("name", "=", "beneficiary_relations.complaint_mail")])
        self.assertIn("empty1", log.message)

    def test_huge_attachment_is_refused_but_the_complaint_kept(self):
        self.env.company.beneficiary_max_upload_mb = 1
        complaint = self.Complaint.browse(
            self.receive(message_id="big1", attachment=("scan.pdf", 1_500_000))
        )
        self.assertTrue(complaint)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "beneficiary.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertFalse(attachments)
        self.assertTrue(any("scan.pdf" in (m.body or "") for m in complaint.message_ids))
        notice = self.env["mail.mail"].search(
            [("recipient_ids.email", "=", "complainant@example.com")]
        )
        reply = notice.filtered(lambda m: "could not be kept" in m.body_html)
        self.assertEqual(len(reply), 1)
        self.assertIn(complaint.name, reply.body_html)
        self.assertIn("scan.pdf", reply.body_html)

    def test_small_attachment_is_kept(self):
        complaint = self.Complaint.browse(
            self.receive(message_id="small1", attachment=("receipt.pdf", 2_000))
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "beneficiary.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["receipt.pdf"])
