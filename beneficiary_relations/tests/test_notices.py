from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import RequestCase

CALL = "beneficiary_relations.mail_activity_type_notice_call"
# Every notice of the addon: (model, template prefix, events).
NOTICES = [
    (
        "beneficiary.request",
        "request",
        (
            "received",
            "more_info",
            "complete",
            "research",
            "decided",
            "delivered",
            "cancelled",
            "overdue",
        ),
    ),
    ("beneficiary.complaint", "complaint", ("received", "resolved", "attachments_refused")),
    ("beneficiary.document", "document", ("expiry",)),
    ("survey.user_input", "survey", ("invitation",)),
]


class NoticeMixin:
    def notices(self, thread):
        """The notices (mails, SMS, call-back notes, skips) traced on ``thread``'s chatter."""
        return self.env["mail.message"].search(
            [
                ("model", "=", thread._name),
                ("res_id", "=", thread.id),
                ("author_id", "=", thread.company_id.partner_id.id),
            ]
        )

    def mails_to(self, email):
        return self.env["mail.mail"].search(
            ["|", ("email_to", "ilike", email), ("recipient_ids.email", "=ilike", email)]
        )

    def sms_to(self, number):
        return self.env["sms.sms"].search([("number", "=", number)])

    def call_backs(self, thread):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", thread._name),
                ("res_id", "=", thread.id),
                ("activity_type_id", "=", self.env.ref(CALL).id),
            ]
        )


@tagged("post_install", "-at_install")
class TestRequestNotices(NoticeMixin, RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lease = cls.env["beneficiary.document.type"].create({"name": "Lease contract"})

    def complete(self, request):
        request.action_check_completeness()
        return request

    def decide(self, request, decision, note="", user=None):
        values = {"note": note} if note else {}
        self.record_decision(request, decision, user=user, **values)

    # One rule ---------------------------------------------------------------------------------

    def test_signed_by_the_association_whoever_acts(self):
        request = self.complete(self.create_request())
        self.decide(request, "approved", "Eligible")
        mails = self.notices(request).filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(mails), 3, mails.mapped("subject"))
        self.assertEqual(mails.author_id, self.env.company.partner_id)
        self.assertFalse(
            request.message_ids.filtered(
                lambda m: m.author_id == self.committee.partner_id and m.message_type == "comment"
            )
        )

    def test_sms_preference(self):
        self.beneficiary.preferred_contact = "sms"
        request = self.create_request()
        sms = self.sms_to("+966501234567")
        self.assertEqual(len(sms), 1)
        self.assertIn(request.name, sms.body)
        self.assertIn(f"/my/requests/{request.id}?access_token=", sms.body)
        notice = self.notices(request)
        self.assertEqual(notice.message_type, "sms")
        self.assertFalse(self.mails_to(self.beneficiary.email))
        # The portal's conversation shows what the beneficiary was texted.
        self.assertFalse(notice.is_internal)
        self.assertEqual(notice.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(notice, request.website_message_ids)

    def test_written_way_that_exists_when_the_preference_cannot_be_honoured(self):
        self.beneficiary.write({"preferred_contact": "email", "email": False})
        self.create_request()
        self.assertEqual(len(self.sms_to("+966501234567")), 1, "no email: an SMS instead")

    def test_phone_preference_creates_a_call_back_with_the_text_to_read(self):
        self.beneficiary.preferred_contact = "phone"
        request = self.create_request()
        call = self.call_backs(request)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.user_id, self.officer, "the request's officer calls")
        self.assertEqual(call.date_deadline, fields.Date.context_today(request))
        self.assertIn("+966501234567", str(call.note))
        self.assertIn(request.name, str(call.note), "the text to read, from the template")
        self.assertIn(request.name, call.summary)
        self.assertEqual(
            (call.beneficiary_notice_event, call.beneficiary_notice_source),
            ("received", f"beneficiary.request,{request.id}"),
        )
        self.assertTrue(request.notice_call_pending)
        note = self.notices(request)
        self.assertEqual(note.message_type, "notification")
        self.assertIn("to be given by phone", note.body)
        self.assertFalse(self.mails_to(self.beneficiary.email))
        self.assertFalse(self.sms_to("+966501234567"))

    def test_call_reached_is_traced(self):
        self.beneficiary.preferred_contact = "phone"
        request = self.create_request()
        request.with_user(self.officer).action_notice_call_reached()
        self.assertFalse(self.call_backs(request))
        self.assertFalse(request.notice_call_pending)
        done = request.message_ids.filtered(
            lambda m: "Reached: the notice was given" in str(m.body)
        )
        self.assertEqual(len(done), 1)
        self.assertFalse(self.mails_to(self.beneficiary.email))

    def test_call_not_reached_sends_the_notice_in_writing(self):
        self.beneficiary.preferred_contact = "phone"
        request = self.create_request()
        request.with_user(self.officer).action_notice_call_not_reached()
        self.assertFalse(self.call_backs(request))
        self.assertTrue(
            request.message_ids.filtered(lambda m: "Not reached by phone" in str(m.body))
        )
        mail = self.mails_to(self.beneficiary.email)
        self.assertEqual(len(mail), 1, "the receipt goes by mail instead")
        self.assertIn(request.name, mail.subject)

    def test_nobody_to_tell_is_logged_and_the_action_succeeds(self):
        self.beneficiary.write({"email": False, "mobile": False})
        request = self.create_request()
        self.complete(request)
        self.assertEqual(request.stage_kind, "committee")
        skips = self.notices(request)
        self.assertEqual(len(skips), 2, "the receipt and the completion, each noted")
        for skip in skips:
            self.assertIn("no email address or mobile number", skip.body)
        self.assertFalse(skips.partner_ids)

    # Events -----------------------------------------------------------------------------------

    def test_completion_fixes_the_decision_date(self):
        request = self.complete(self.create_request())
        complete = self.notices(request).filtered(lambda m: "is complete" in (m.subject or ""))
        self.assertEqual(len(complete), 1)
        self.assertIn(request.date_deadline_hijri, complete.body)

    def test_referral_to_research(self):
        request = self.create_request(researcher_id=self.researcher.id, research_required=True)
        self.complete(request)
        self.assertEqual(request.stage_kind, "research")
        subjects = self.notices(request).mapped("subject")
        self.assertTrue(any("social researcher" in (s or "") for s in subjects), subjects)
        self.assertFalse(any("is complete" in (s or "") for s in subjects), "one notice, not two")

    def test_more_information_lists_what_is_missing_and_links_the_upload(self):
        self.service.document_type_ids = [Command.link(self.lease.id)]
        request = self.create_request()
        request.sudo().write(
            {"stage_id": self.stages["committee"].id, "date_complete": fields.Datetime.now()}
        )
        self.decide(request, "more_info", "A recent salary certificate")
        notice = self.notices(request).filtered(
            lambda m: "needs more information" in (m.subject or "")
        )
        self.assertIn("A recent salary certificate", notice.body)
        self.assertIn("Lease contract is missing.", notice.body)
        self.assertIn(
            f"/my/requests/{request.id}?access_token={request.access_token}#send_documents",
            notice.body,
        )

    def test_rejection_gives_its_reason_by_mail_and_by_sms(self):
        request = self.complete(self.create_request())
        self.decide(request, "rejected", "Income above the threshold")
        mail = self.notices(request).filtered(lambda m: "Decision" in (m.subject or ""))
        self.assertIn("Income above the threshold", mail.body)
        self.beneficiary.preferred_contact = "sms"
        other = self.complete(self.create_request())
        self.decide(other, "rejected", "Income above the threshold")
        decision = self.sms_to("+966501234567").filtered(lambda s: "decision" in s.body)
        self.assertEqual(len(decision), 1)
        self.assertIn(other.name, decision.body)
        self.assertIn("Rejected", decision.body)
        self.assertIn("Income above the threshold", decision.body)

    def test_cancellation_needs_a_reason_on_every_path(self):
        request = self.create_request()
        with self.assertRaisesText(UserError, "Write why"):
            request.with_user(self.officer).action_cancel()
        with self.assertRaisesText(UserError, "Write why"):
            request.with_user(self.officer).write({"stage_id": self.stages["cancelled"].id})
        with self.assertRaisesText(UserError, "Write why"):
            request.write({"stage_id": self.stages["cancelled"].id, "cancel_reason": "  "})
        with self.assertRaisesText(UserError, "Write why"):
            self.env["beneficiary.request"].create(
                {
                    "beneficiary_id": self.beneficiary.id,
                    "service_id": self.service.id,
                    "stage_id": self.stages["cancelled"].id,
                }
            )
        self.assertEqual(request.stage_kind, "received")
        wizard = (
            self.env["beneficiary.request.cancel.wizard"]
            .with_user(self.officer)
            .create({"request_ids": [Command.set(request.ids)], "reason": "Asked twice by mistake"})
        )
        wizard.action_cancel()
        self.assertEqual(request.stage_kind, "cancelled")
        notice = self.notices(request).filtered(lambda m: "cancelled" in (m.subject or ""))
        self.assertIn("Asked twice by mistake", notice.body)
        with self.assertRaisesText(ValidationError, "Write why"):
            request.cancel_reason = False

    def test_delay_apology_once_with_a_new_date(self):
        self.env.company.beneficiary_overdue_extension_days = 5
        with freeze_time("2026-12-01 08:00:00"):
            request = self.complete(self.create_request())
        self.assertEqual(str(request.date_deadline), "2026-12-22")
        for _run in range(2):
            with freeze_time("2026-12-23 09:00:00"):
                self.env["beneficiary.request"]._cron_deadline_reminders()
        self.assertTrue(request.overdue_notified)
        self.assertEqual(str(request.date_expected), "2026-12-30", "5 working days later")
        apology = self.notices(request).filtered(lambda m: "apologies" in (m.subject or ""))
        self.assertEqual(len(apology), 1, "never twice")
        self.assertIn(request.date_expected_hijri, apology.body)
        # A new deadline missed again: still no second apology.
        request.with_user(self.manager).date_complete = "2026-12-02 08:00:00"
        with freeze_time("2027-01-20 09:00:00"):
            self.env["beneficiary.request"]._cron_deadline_reminders()
        apology = self.notices(request).filtered(lambda m: "apologies" in (m.subject or ""))
        self.assertEqual(len(apology), 1)

    def test_committee_member_without_email_records_every_decision(self):
        """The notices used to be posted as the acting user, then with the association's
        address or, failing it, the user's: a committee member without an email address, in an
        association whose company has none either, could record no decision ("Unable to send
        message"). Signed by the association whatever its details, they always can."""
        self.env.company.write({"email": False})
        self.env.company.partner_id.email = False
        member = new_test_user(
            self.env, "br_committee_no_email", groups="beneficiary_relations.group_br_officer"
        )
        member.partner_id.email = False
        committee = self.env["beneficiary.committee"].create(
            {
                "name": "Research committee (no email)",
                "kind": "research",
                "member_ids": [Command.set(member.ids)],
                "chair_id": member.id,
                "quorum": 1,
            }
        )
        texting = self.create_ready_beneficiary(name="Texting", preferred_contact="sms")
        calling = self.create_ready_beneficiary(name="Calling", preferred_contact="phone")
        for beneficiary in (self.beneficiary, texting, calling):
            for decision, note in (
                ("approved", "Eligible"),
                ("rejected", "Income above the threshold"),
                ("more_info", "A salary certificate"),
            ):
                with self.subTest(beneficiary=beneficiary.name, decision=decision):
                    request = self.complete(self.create_request(beneficiary_id=beneficiary.id))
                    self.record_decision(
                        request,
                        decision,
                        user=member,
                        committee=committee,
                        members=member,
                        note=note,
                    )
                    self.assertEqual(request.decision, decision)
                    last = self.notices(request)[:1]
                    self.assertEqual(last.author_id, self.env.company.partner_id)
                    self.assertNotEqual(last.author_id, member.partner_id)

    def test_document_expiry_notice_is_a_template_traced_on_the_file(self):
        self.beneficiary.preferred_contact = "sms"
        document = self.beneficiary.document_ids[:1]
        document.expiry_date = fields.Date.add(fields.Date.today(), days=10)
        self.env["beneficiary.document"]._cron_document_expiry()
        sms = self.sms_to("+966501234567")
        self.assertEqual(len(sms), 1)
        self.assertIn("expires on", sms.body)
        self.assertEqual(self.notices(self.beneficiary).message_type, "sms")

    def test_a_beneficiary_may_decline_questionnaires(self):
        self.beneficiary.survey_opt_out = True
        request = self.complete(self.create_request())
        self.decide(request, "approved", "Eligible")
        request.action_deliver()
        self.assertTrue(request.survey_invited)
        self.assertFalse(request.survey_answer_ids)
        self.assertIn("declines them", self.notices(self.beneficiary)[:1].body)
        self.beneficiary.action_register()
        campaign = self.env["beneficiary.survey.sender"]._campaign_domain()
        self.assertNotIn(self.beneficiary, self.env["beneficiary.beneficiary"].search(campaign))

    def test_questionnaire_by_phone_for_who_prefers_a_call(self):
        self.beneficiary.preferred_contact = "phone"
        answers = self.env["beneficiary.survey.sender"]._send_invitations(
            [(self.beneficiary, None)]
        )
        self.assertEqual(len(answers), 1)
        call = self.call_backs(self.beneficiary)
        self.assertEqual(call.user_id, self.officer)
        self.assertIn(answers.access_token, str(call.note))

    # Batches ----------------------------------------------------------------------------------

    def test_notices_in_batches_cost_the_same_queries_for_10_or_1000(self):
        """One render per template and language, one insert per kind of record (messages,
        mails, SMS, notifications, activities) whatever the batch size: only the ORM's chunks
        of 100 rows add statements."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        people = Beneficiary
        for n, preference in enumerate(("email", "sms", "phone", "email")):
            people |= self.create_ready_beneficiary(
                name=f"Batch {n}", email=f"batch{n}@example.com", preferred_contact=preference
            )
        self.env["res.lang"]._activate_lang("ar_001")
        people[3].lang = "ar_001"
        people |= self.create_ready_beneficiary(name="Nobody", mobile=False)
        Request = self.env["beneficiary.request"].with_context(tracking_disable=False)

        def batch(count):
            requests = Request.create(
                [
                    {"beneficiary_id": people[n % len(people)].id, "service_id": self.service.id}
                    for n in range(count)
                ]
            )
            return requests

        batch(5)._notify_beneficiary("received")  # warm the caches up
        ten = batch(10)
        small = self.count_queries(ten._notify_beneficiary, "received")
        thousand = batch(1000)
        large = self.count_queries(thousand._notify_beneficiary, "received")
        # The ORM splits inserts by 100 rows: for 1,000 notices (400 mails, 200 SMS, 200
        # call-backs, 200 skips), 3 more for the mails' messages, 3 for the mails, 5 for the
        # other messages (SMS, call-back and skip notes), 5 for the notifications, 1 each for
        # the SMS, their trackers, the activities and the followers the activities add.
        self.assertFlatQueryCount(
            small, large, ceiling=65, slack=20, what="notices of 10 and 1000 requests"
        )
        routes = thousand._notify_beneficiary("received")
        self.assertEqual(
            {channel: len(requests) for channel, requests in routes.items()},
            {"email": 400, "sms": 200, "phone": 200, False: 200},
        )
