from collections import defaultdict

from odoo import Command, fields
from odoo.tools import plaintext2html

CALL_ACTIVITY = "beneficiary_relations.mail_activity_type_notice_call"


class NoticeOutbox:
    """The messages, mails, SMS, notifications and activities of a batch of notices, created
    in one statement each (the ORM splits inserts by 100 rows)."""

    def __init__(self, records):
        self.env = records.env
        self.model = records
        self.mails = []  # (mail.mail values, partner to notify or None)
        self.messages = []  # (mail.message values, SMS values or None)
        self.activities = []
        ir_data = self.env["ir.model.data"]
        self.comment = ir_data._xmlid_to_res_id("mail.mt_comment")
        self.note_subtype = ir_data._xmlid_to_res_id("mail.mt_note")
        self.senders = {}

    # Collecting -------------------------------------------------------------------------------

    def _thread_values(self, record):
        """The message values every notice about ``record`` shares: its thread, signed by the
        association. The reply-to address is filled for the whole batch in ``send``."""
        thread = record._notice_thread()
        company = record._notice_company()
        if company not in self.senders:
            partner = company.partner_id
            email_from = company.email_formatted or partner.email_formatted or False
            self.senders[company] = (partner, email_from)
        partner, email_from = self.senders[company]
        return {
            "model": thread._name,
            "res_id": thread.id,
            "record_name": thread.display_name,
            "record_company_id": company.id,
            "record_alias_domain_id": company.alias_domain_id.id,
            "author_id": partner.id,
            "email_from": email_from,
        }

    def _fill_reply_to(self, values_list):
        """Each message's reply-to: the thread's alias or the catchall, looked up once per
        model for the batch (message creation would look it up message by message); else
        the association's address."""
        ids_by_model = defaultdict(set)
        for values in values_list:
            ids_by_model[values["model"]].add(values["res_id"])
        reply_to = {}
        for model, ids in ids_by_model.items():
            threads = self.env[model].browse(sorted(ids))
            for res_id, address in threads._notify_get_reply_to().items():
                reply_to[model, res_id] = address
        for values in values_list:
            values["reply_to"] = (
                reply_to.get((values["model"], values["res_id"])) or values["email_from"]
            )

    def mail(self, record, contact, subject, body, layout):
        values = self._thread_values(record)
        partner = contact.partner
        to_partner = (
            partner
            and partner.email_normalized
            and partner.email_normalized == ((contact.email or "").strip().lower())
        )
        before, after = layout
        values.update(
            {
                "message_type": "comment",
                "subtype_id": self.comment,
                "is_internal": False,
                "subject": subject,
                "body": body,
                "body_html": before + body + after,
                "partner_ids": [Command.link(partner.id)] if partner else [],
                "recipient_ids": [Command.link(partner.id)] if to_partner else [],
                "email_to": False if to_partner else contact.email,
                "is_notification": True,
                "auto_delete": True,
            }
        )
        self.mails.append((values, partner if to_partner else None))

    def sms(self, record, contact, text):
        values = self._thread_values(record)
        partner = contact.partner
        values.update(
            {
                "message_type": "sms",
                # Public: the portal's conversation shows what the beneficiary was texted.
                "subtype_id": self.comment,
                "is_internal": False,
                "body": plaintext2html(text),
                "partner_ids": [Command.link(partner.id)] if partner else [],
            }
        )
        sms = {"number": contact.mobile, "partner_id": partner.id or False, "body": text}
        self.messages.append((values, sms))

    def note(self, record, body):
        values = self._thread_values(record)
        values.update(
            {
                "message_type": "notification",
                "subtype_id": self.note_subtype,
                "is_internal": True,
                "body": body,
            }
        )
        self.messages.append((values, None))

    def activity(self, record, user, summary, note, event):
        thread = record._notice_thread()
        self.activities.append(
            {
                "res_model_id": self.env["ir.model"]._get_id(thread._name),
                "res_id": thread.id,
                "activity_type_id": self.env["ir.model.data"]._xmlid_to_res_id(CALL_ACTIVITY),
                "summary": summary[:250],
                "note": note,
                "user_id": user.id,
                "date_deadline": fields.Date.context_today(record),
                "beneficiary_notice_event": event,
                "beneficiary_notice_source": f"{record._name},{record.id}",
            }
        )

    # Creating -------------------------------------------------------------------------------

    def send(self):
        env = self.env
        Notification = env["mail.notification"]
        notifications = []
        self._fill_reply_to(
            [values for values, _partner in self.mails] + [values for values, _sms in self.messages]
        )
        if self.mails:
            mails = env["mail.mail"].create([values for values, _partner in self.mails])
            notifications += [
                {
                    "author_id": mail.author_id.id,
                    "mail_message_id": mail.mail_message_id.id,
                    "mail_mail_id": mail.id,
                    "res_partner_id": partner.id,
                    "notification_type": "email",
                    "notification_status": "ready",
                    "is_read": True,
                }
                for mail, (_values, partner) in zip(mails, self.mails, strict=True)
                if partner
            ]
            env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        if self.messages:
            messages = env["mail.message"].create([values for values, _sms in self.messages])
            texts = [
                dict(sms, mail_message_id=message.id, state="outgoing")
                for message, (_values, sms) in zip(messages, self.messages, strict=True)
                if sms
            ]
            if texts:
                sms_records = env["sms.sms"].create(texts)
                notifications += [
                    {
                        "author_id": sms.mail_message_id.author_id.id,
                        "mail_message_id": sms.mail_message_id.id,
                        "res_partner_id": sms.partner_id.id,
                        "sms_number": sms.number,
                        "sms_id_int": sms.id,
                        "sms_tracker_ids": [Command.create({"sms_uuid": sms.uuid})],
                        "notification_type": "sms",
                        "notification_status": "ready",
                        "is_read": True,
                    }
                    for sms in sms_records
                ]
                env.ref("sms.ir_cron_sms_scheduler_action")._trigger()
        if notifications:
            Notification.create(notifications)
        if self.activities:
            # quick_update: no mail per call-back; the officer sees them in their activities.
            env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                self.activities
            )
