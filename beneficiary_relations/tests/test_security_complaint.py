"""Security, issue items 2, 8 and 9: complaints stay hidden from the staff member they concern,
the mail gateway links a mail to a beneficiary's file only on their exact address, and one
company reads nothing of another's complaints.

The attacks run as a real client would: XML-RPC calls as the attacker, and raw emails through
the mail gateway."""

import re

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import ComplaintCase
from .test_complaint_mail import NEW_COMPLAINT
from .test_security_accounts import RpcCase

COMPLAINT = "beneficiary.complaint"
MANAGER = "beneficiary_relations.group_br_manager"

REPLY_WITH_CC = """From: Complainant <complainant@example.com>
To: {to}
Cc: {cc}
Subject: Re: {subject}
Date: Wed, 02 Dec 2026 09:00:00 +0300
Message-ID: <reply-cc-{message_id}@mail.example.com>
In-Reply-To: <{message_id}@mail.example.com>
References: <{message_id}@mail.example.com>
Content-Type: text/plain; charset="utf-8"

I copy the employee who was rude to me.
"""


class SecurityComplaintCase(RpcCase, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A manager sees every complaint but those about them: the strongest reader to hide from.
        cls.concerned = new_test_user(
            cls.env,
            "br_sec_concerned",
            groups=MANAGER,
            name="Concerned Staff",
            email="concerned.staff@example.org",
        )
        cls.complaint = cls.create_complaint(
            subject="Rude answer at the desk", concerned_user_id=cls.concerned.id
        )
        cls.complaint.message_subscribe(cls.beneficiary.partner_id.ids)
        cls.other = cls.create_complaint(subject="Slow delivery")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        alias_domain = cls.env["mail.alias.domain"].create({"name": "association.example.com"})
        cls.env.company.alias_domain_id = alias_domain
        alias = cls.env.ref("beneficiary_relations.mail_alias_complaints")
        alias.alias_domain_id = alias_domain
        cls.complaints_address = f"{alias.alias_name}@association.example.com"

    def receive_mail(self, sender, message_id, template=NEW_COMPLAINT, **values):
        """A raw email to the complaints address, from ``sender``; returns the complaint."""
        values = {
            "to": self.complaints_address,
            "subject": "The distribution was late",
            "message_id": message_id,
            "body": "Nobody called me.",
            "attachment": "",
            **values,
        }
        raw = template.format(**values).replace("complainant@example.com", sender)
        thread_id = self.env["mail.thread"].message_process(None, raw)
        return self.env[COMPLAINT].browse(thread_id)

    def assertReadRefused(self, model, ids, field):
        """The concerned user may read neither ``field`` nor the display name of the records
        ``ids`` over RPC (the rule applied in SQL), and the ORM's check record by record (the
        rule applied in Python, as mail's code and write or unlink do) refuses them too."""
        for fields in ([field], ["display_name"]):
            with self.subTest(model=model, fields=fields):
                pattern = rf"\({re.escape(model)}\)"
                self.assertRpcRefused(pattern, "br_sec_concerned", model, "read", ids, fields)
        records = self.env[model].browse(ids).with_user(self.concerned)
        self.assertFalse(records._filtered_access("read"))

    def rpc_search_read(self, login, model, domain, fields):
        return self.rpc(login, model, "search_read", domain, fields=fields)

    def on_complaint(self, complaint):
        return [("model", "=", COMPLAINT), ("res_id", "=", complaint.id)]

    def concerned_reads_messages(self, complaint):
        return self.rpc_search_read(
            "br_sec_concerned", "mail.message", self.on_complaint(complaint), ["body"]
        )

    def concerned_reads_notifications(self, complaint):
        messages = self.env["mail.message"].search(self.on_complaint(complaint))
        return self.rpc_search_read(
            "br_sec_concerned",
            "mail.notification",
            [("mail_message_id", "in", messages.ids)],
            ["res_partner_id", "mail_message_id"],
        )


@tagged("post_install", "-at_install", "security")
class TestSecurityComplaint(SecurityComplaintCase):
    # Item 2: the staff member a complaint concerns -----------------------------------------

    def test_concerned_user_reads_no_follower_of_the_complaint(self):
        followers = self.complaint.message_follower_ids
        self.assertIn(self.beneficiary.partner_id, followers.partner_id)
        rows = self.rpc_search_read(
            "br_sec_concerned",
            "mail.followers",
            [("res_model", "=", COMPLAINT), ("res_id", "=", self.complaint.id)],
            ["partner_id"],
        )
        self.assertEqual(rows, [], "the followers would name the complainant")
        self.other.message_subscribe(self.beneficiary.partner_id.ids)
        self.assertReadRefused("mail.followers", followers.ids, "partner_id")
        all_ids = {
            row["res_id"]
            for row in self.rpc_search_read(
                "br_sec_concerned", "mail.followers", [("res_model", "=", COMPLAINT)], ["res_id"]
            )
        }
        self.assertNotIn(self.complaint.id, all_ids)
        self.assertIn(self.other.id, all_ids, "the followers of other complaints stay readable")

    def test_follower_rule_is_per_reader(self):
        """The same rule, read in turn by someone who may read the complaint, by the staff
        member it concerns and by an employee with no access to complaints."""
        on_complaint = [("res_model", "=", COMPLAINT), ("res_id", "=", self.complaint.id)]
        rows = self.rpc_search_read("br_follow_up", "mail.followers", on_complaint, ["partner_id"])
        self.assertIn(self.beneficiary.partner_id.id, [row["partner_id"][0] for row in rows])
        for login in ("br_sec_concerned", "br_internal"):
            with self.subTest(login=login):
                rows = self.rpc_search_read(login, "mail.followers", on_complaint, ["id"])
                self.assertFalse(rows)
        contact = self.beneficiary.partner_id
        contact.message_subscribe(self.follow_up.partner_id.ids)
        on_contact = [("res_model", "=", "res.partner"), ("res_id", "=", contact.id)]
        rows = self.rpc_search_read("br_internal", "mail.followers", on_contact, ["id"])
        self.assertTrue(rows, "the followers of other documents stay readable")

    def test_concerned_user_cannot_open_the_escalation_wizard_on_it(self):
        self.assertRpcRefused(
            r"\(beneficiary\.complaint\)",
            "br_sec_concerned",
            "beneficiary.complaint.escalate.wizard",
            "create",
            {"complaint_id": self.complaint.id, "reason": "Curious"},
        )
        wizard_id = self.rpc(
            "br_follow_up",
            "beneficiary.complaint.escalate.wizard",
            "create",
            {"complaint_id": self.other.id, "reason": "Slow"},
        )
        self.assertRpcRefused(
            r"\(beneficiary\.complaint\)",
            "br_sec_concerned",
            "beneficiary.complaint.escalate.wizard",
            "write",
            [wizard_id],
            {"complaint_id": self.complaint.id},
        )

    def test_no_activity_on_the_complaint_for_the_concerned_user(self):
        values = {
            "res_model_id": self.env["ir.model"]._get_id(COMPLAINT),
            "res_id": self.complaint.id,
            "activity_type_id": self.todo.id,
            "summary": "Answer the complainant",
        }
        self.assertRpcRefused(
            "Concerned Staff",
            "br_follow_up",
            "mail.activity",
            "create",
            dict(values, user_id=self.concerned.id),
        )
        activity_id = self.rpc(
            "br_follow_up", "mail.activity", "create", dict(values, user_id=self.follow_up.id)
        )
        self.assertRpcRefused(
            "Concerned Staff",
            "br_follow_up",
            "mail.activity",
            "write",
            [activity_id],
            {"user_id": self.concerned.id},
        )
        other_activity = self.other.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.concerned.id
        )
        self.assertRpcRefused(
            "Concerned Staff",
            "br_follow_up",
            "mail.activity",
            "write",
            other_activity.ids,
            {"res_id": self.complaint.id},
        )
        with self.assertRaisesText(ValidationError, "Concerned Staff"):
            self.complaint.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.concerned.id
            )
        mine = self.rpc_search_read(
            "br_sec_concerned", "mail.activity", [("res_model", "=", COMPLAINT)], ["res_id"]
        )
        self.assertEqual([row["res_id"] for row in mine], [self.other.id])

    def test_a_mention_does_not_reach_the_concerned_user(self):
        self.rpc(
            "br_follow_up",
            COMPLAINT,
            "message_post",
            [self.complaint.id],
            body="@concerned what happened at the desk?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.concerned.partner_id.ids,
        )
        message = self.complaint.message_ids[0]
        self.assertIn("what happened", message.body)
        self.assertNotIn(self.concerned.partner_id, message.partner_ids)
        self.assertFalse(self.concerned_reads_messages(self.complaint))
        self.assertFalse(self.concerned_reads_notifications(self.complaint))

    def test_naming_them_later_in_a_message_does_not_reach_them(self):
        message_id = self.rpc(
            "br_follow_up",
            COMPLAINT,
            "message_post",
            [self.complaint.id],
            body="Internal note",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.rpc(
            "br_follow_up",
            "mail.message",
            "write",
            [message_id],
            {"partner_ids": [[4, self.concerned.partner_id.id]]},  # Command.link over XML-RPC
        )
        self.assertNotIn(
            self.concerned.partner_id, self.env["mail.message"].browse(message_id).partner_ids
        )
        self.assertFalse(self.concerned_reads_messages(self.complaint))

    def test_naming_someone_concerned_takes_back_what_they_received(self):
        officer = self.officer
        complaint = self.create_complaint(subject="Data shared without consent")
        complaint.message_subscribe(officer.partner_id.ids)
        complaint.message_post(
            body="A follower is notified of this",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        complaint.message_post(
            body="And mentioned in this",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=officer.partner_id.ids,
        )
        complaint.activity_schedule("mail.mail_activity_data_todo", user_id=officer.id)
        self.assertTrue(
            self.rpc_search_read("br_officer", "mail.message", self.on_complaint(complaint), ["id"])
        )
        complaint.write({"concerned_user_id": officer.id})
        self.assertFalse(
            self.rpc_search_read("br_officer", "mail.message", self.on_complaint(complaint), ["id"])
        )
        messages = self.env["mail.message"].search(self.on_complaint(complaint))
        self.assertFalse(
            self.rpc_search_read(
                "br_officer",
                "mail.notification",
                [("mail_message_id", "in", messages.ids)],
                ["res_partner_id"],
            )
        )
        self.assertFalse(
            self.rpc_search_read(
                "br_officer", "mail.activity", [("res_model", "=", COMPLAINT)], ["res_id"]
            )
        )

    def test_concerned_user_reads_no_notification_of_its_messages(self):
        """Other people's notifications on the complaint name the complainant and its
        reference."""
        self.complaint.message_post(
            body="We are looking into it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        notifications = self.env["mail.notification"].search(
            [("mail_message_id", "in", self.complaint.message_ids.ids)]
        )
        self.assertTrue(notifications)
        self.assertFalse(self.concerned_reads_notifications(self.complaint))
        self.assertReadRefused("mail.notification", notifications.ids, "res_partner_id")
        self.other.message_subscribe(self.beneficiary.partner_id.ids)
        self.other.message_post(
            body="Your parcel is on its way",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(self.concerned_reads_notifications(self.other))

    def test_concerned_user_reads_no_survey_answer_of_it(self):
        survey = self.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        hidden, visible = self.env["survey.user_input"].create(
            [
                {
                    "survey_id": survey.id,
                    "beneficiary_id": self.beneficiary.id,
                    "beneficiary_complaint_id": complaint.id,
                }
                for complaint in (self.complaint, self.other)
            ]
        )
        rows = self.rpc_search_read(
            "br_sec_concerned",
            "survey.user_input",
            [("beneficiary_id", "=", self.beneficiary.id)],
            ["beneficiary_complaint_id"],
        )
        self.assertEqual([row["id"] for row in rows], visible.ids)
        self.assertReadRefused("survey.user_input", hidden.ids, "beneficiary_complaint_id")
        report = self.rpc_search_read(
            "br_sec_concerned",
            "beneficiary.satisfaction.report",
            [("beneficiary_id", "=", self.beneficiary.id), ("origin", "=", "complaint")],
            ["id"],
        )
        self.assertEqual([row["id"] for row in report], visible.ids, "nor its analysis row")
        rows = self.env["beneficiary.satisfaction.report"].browse((hidden | visible).ids)
        self.assertEqual(rows.with_user(self.concerned)._filtered_access("read").ids, visible.ids)
        self.assertEqual(self.concerned_analysis(), [[self.other.id, 1]], "nor its pivot line")
        # Sent months ago, they are read from the monthly sums: the same rule holds there.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE survey_user_input SET create_date = now() - interval '4 months' "
                "WHERE id IN %s",
                tuple((hidden | visible).ids),
            )
        )
        self.assertTrue(self.env["beneficiary.satisfaction.month"]._refresh())
        self.assertEqual(self.concerned_analysis(), [[self.other.id, 1]])

    def concerned_analysis(self):
        """The complaints of the satisfaction pivot the concerned user is shown, with their
        questionnaires, through XML-RPC."""
        groups = self.rpc(
            "br_sec_concerned",
            "beneficiary.satisfaction.summary",
            "read_group",
            [("complaint_id", "in", (self.complaint | self.other).ids)],
            ["invitation_count:sum"],
            ["complaint_id"],
        )
        return [[group["complaint_id"][0], group["invitation_count"]] for group in groups]

    def test_a_copy_by_email_does_not_reach_the_concerned_user(self):
        complaint = self.receive_mail("complainant@example.com", "cc1")
        complaint.concerned_user_id = self.concerned
        reply = self.receive_mail(
            "complainant@example.com", "cc1", template=REPLY_WITH_CC, cc=self.concerned.email
        )
        self.assertEqual(reply, complaint)
        copied = complaint.message_ids.filtered(lambda m: "I copy the employee" in (m.body or ""))
        self.assertTrue(copied)
        self.assertNotIn(self.concerned.partner_id, copied.partner_ids)
        self.assertFalse(self.concerned_reads_messages(complaint))
