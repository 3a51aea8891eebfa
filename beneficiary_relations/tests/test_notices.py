import os

import polib
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged

from ..tools import CODE_ALPHABET, normalize_tracking_code
from .common import ComplaintCase, RequestCase

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


@tagged("post_install", "-at_install")
class TestComplaintNotices(NoticeMixin, ComplaintCase):
    def public_complaint(self, **values):
        """A complaint from someone without a file or a contact, as the public form or a call
        records it."""
        vals = {
            "subject": "Nobody answered",
            "description": "<p>Three calls.</p>",
            "contact_name": "Nora",
            "user_id": self.follow_up.id,
        }
        vals.update(values)
        return self.env["beneficiary.complaint"].create(vals)

    def answer(self, complaint, text="<p>We called you back the same day.</p>"):
        complaint.write({"resolution": text})
        complaint.with_user(self.follow_up).action_resolve()

    def test_tracking_codes_are_short_unique_and_unambiguous(self):
        complaints = self.env["beneficiary.complaint"].create(
            [{"subject": f"S{n}", "anonymous": True} for n in range(50)]
        )
        codes = complaints.mapped("tracking_code")
        self.assertEqual(len(set(codes)), 50)
        for code in codes:
            self.assertRegex(code, f"^[{CODE_ALPHABET}]{{8}}$")
        code = codes[0]
        typed = f" {code[:4].lower()} - {code[4:]} "
        self.assertEqual(normalize_tracking_code(typed), code)
        self.assertIsNone(normalize_tracking_code("ABC"))

    def test_named_complainant_without_file_gets_acknowledgement_and_answer_by_mail(self):
        complaint = self.public_complaint(email_from="nora@example.com")
        ack = self.mails_to("nora@example.com")
        self.assertEqual(len(ack), 1)
        self.assertIn(complaint.name, ack.subject)
        self.assertIn(complaint._notice_tracking_code(), ack.body_html)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", ack.body_html)
        self.assertIn("Dear Nora", ack.body_html)
        self.answer(complaint)
        answer = self.mails_to("nora@example.com") - ack
        self.assertEqual(len(answer), 1)
        self.assertIn("We called you back the same day.", answer.body_html)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", answer.body_html)
        self.assertNotIn("/rate/", answer.body_html, "the rating is offered on the tracking page")
        self.assertTrue(complaint.sudo().rating_ids.access_token, "the rating is ready")

    def test_complaint_by_phone_without_contact_gets_acknowledgement_and_answer_by_sms(self):
        phone_channel = self.env.ref("beneficiary_relations.beneficiary_channel_phone")
        complaint = self.public_complaint(contact_phone="0551234567", channel_id=phone_channel.id)
        ack = self.sms_to("+966551234567")
        self.assertEqual(len(ack), 1)
        self.assertIn(complaint._notice_tracking_code(), ack.body)
        self.answer(complaint)
        answer = self.sms_to("+966551234567") - ack
        self.assertEqual(len(answer), 1)
        self.assertIn(f"/complaint/track?code={complaint.tracking_code}", answer.body)
        self.assertEqual(set(self.notices(complaint).mapped("message_type")), {"sms"})

    def test_anonymous_complaint_tells_nobody_and_loses_nothing(self):
        complaint = self.public_complaint(
            anonymous=True, email_from="x@example.com", contact_phone="0551234567"
        )
        self.answer(complaint)
        self.assertEqual(complaint.stage_kind, "resolved")
        self.assertEqual(complaint.resolution, "<p>We called you back the same day.</p>")
        self.assertTrue(complaint.tracking_code, "followed with the code alone")
        self.assertFalse(self.mails_to("x@example.com"))
        self.assertFalse(self.sms_to("+966551234567"))
        skips = self.notices(complaint)
        self.assertEqual(len(skips), 2)
        self.assertTrue(all("anonymous" in skip.body for skip in skips))
        self.assertFalse(skips.partner_ids)

    def test_call_back_never_goes_to_the_staff_member_concerned(self):
        self.beneficiary.preferred_contact = "phone"
        self.beneficiary.contact_officer_id = self.officer
        complaint = self.create_complaint(user_id=False, concerned_user_id=self.officer.id)
        call = self.call_backs(complaint)
        self.assertEqual(len(call), 1)
        self.assertNotEqual(call.user_id, self.officer)
        self.assertEqual(call.user_id, self.manager)


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
