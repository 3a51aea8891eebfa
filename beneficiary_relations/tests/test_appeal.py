import base64
import re

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import PDF, RequestCase


class AppealCase(RequestCase):
    """A research committee of four; the chair and the second member reject a request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.committee_4 = new_test_user(
            cls.env, "br_committee_4", groups="beneficiary_relations.group_br_officer"
        )
        cls.research_committee.member_ids = [Command.link(cls.committee_4.id)]
        cls.env.company.write(
            {"beneficiary_appeal_days": 30, "beneficiary_appeal_response_days": 10}
        )
        cls.Appeal = cls.env["beneficiary.request.appeal"]

    def rejected_request(self, **values):
        request = self.create_request(**values)
        request.action_check_completeness()
        self.record_decision(request, "rejected", note="Income above the threshold")
        self.assertEqual(request.decision, "rejected")
        return request

    def appeal(self, request, user=None, **values):
        vals = {"request_id": request.id, "reason": "My income fell last month."}
        vals.update(values)
        return self.Appeal.with_user(user or self.officer).create(vals)

    def hearing(self, appeal, decision="approved", user=None, **values):
        """The appeal heard by the two members who did not decide (or ``members``)."""
        values.setdefault("members", self.committee_3 | self.committee_4)
        meeting = self.meeting(decision, committee=self.research_committee, **values)
        return appeal.with_user(user or self.committee_3)._record_hearing_outcome(meeting)


@tagged("post_install", "-at_install")
class TestAppeal(AppealCase):
    def test_members_who_did_not_decide_hear_it(self):
        request = self.rejected_request()
        self.assertTrue(request.can_appeal)
        appeal = self.appeal(request)
        self.assertEqual(
            appeal.channel_id, self.env.ref("beneficiary_relations.beneficiary_channel_phone")
        )
        self.assertFalse(appeal.by_management)
        self.assertEqual(appeal.committee_id, self.research_committee)
        self.assertEqual(appeal.panel_ids, self.committee_3 | self.committee_4)
        self.assertEqual(appeal.rejection_reason, "Income above the threshold")
        self.assertEqual(appeal.activity_ids.user_id, self.committee_3 | self.committee_4)
        self.assertTrue(appeal.date_deadline)
        self.assertFalse(request.can_appeal, "heard once")
        with self.assertRaisesText(ValidationError, "already been contested"):
            self.appeal(request)

    def test_management_hears_it_when_too_few_remain(self):
        request = self.rejected_request(researcher_id=self.committee_4.id)
        appeal = self.appeal(request)
        self.assertTrue(appeal.by_management)
        self.assertEqual(appeal.panel_ids, self.manager)
        self.hearing(appeal, members=self.manager, user=self.manager)
        self.assertEqual(appeal.state, "upheld")

    def test_only_a_rejection_within_the_window_is_contested(self):
        approved = self.create_request()
        approved.action_check_completeness()
        self.record_decision(approved)
        with self.assertRaisesText(ValidationError, "Only a rejected request can be contested"):
            self.appeal(approved)
        with freeze_time("2026-10-01 09:00:00"):
            late = self.rejected_request()
        self.assertFalse(late.can_appeal)
        with self.assertRaisesText(ValidationError, "The time to contest the decision .* ended"):
            self.appeal(late)
        self.assertFalse(self.Appeal.search([("request_id", "in", (approved | late).ids)]))

    def test_upheld_appeal_approves_the_request(self):
        request = self.rejected_request()
        request.action_close()
        appeal = self.appeal(request)
        with self.assertRaisesText(ValidationError, "may not vote: took the first decision"):
            self.hearing(appeal, members=self.committee | self.committee_3 | self.committee_4)
        self.assertEqual(appeal.state, "open")
        self.hearing(appeal, note="The new salary certificate changes the picture.")
        self.assertEqual(appeal.state, "upheld")
        self.assertEqual(
            {vote.user_id for vote in appeal.vote_ids}, {self.committee_3, self.committee_4}
        )
        self.assertEqual(
            (request.decision, request.stage_kind, request.decided_on_appeal),
            ("approved", "decided", True),
        )
        self.assertEqual(request.vote_ids.mapped("vote"), ["reject", "reject"], "first kept")
        self.assertFalse(appeal.activity_ids, "the hearing to-dos are done")
        request.action_deliver()
        self.assertEqual(request.stage_kind, "delivered")
        partner = self.beneficiary.partner_id
        told = appeal.message_ids.filtered(lambda m: partner in m.partner_ids)
        self.assertEqual(len(told), 2, "received, then the outcome")
        self.assertIn("upheld", told[0].body)

    def test_dismissed_appeal_needs_its_reason_and_leaves_the_rejection(self):
        request = self.rejected_request()
        appeal = self.appeal(request)
        with self.assertRaisesText(ValidationError, "a dismissal needs its reason"):
            self.hearing(appeal, "rejected", note="")
        self.hearing(appeal, "rejected", note="The income is still above the threshold.")
        self.assertEqual(appeal.state, "dismissed")
        self.assertEqual(request.decision, "rejected")
        with self.assertRaisesText(UserError, "already been heard"):
            self.hearing(appeal)

    def test_a_tied_hearing_decides_nothing(self):
        appeal = self.appeal(self.rejected_request())
        votes = {self.committee_3.id: "approve", self.committee_4.id: "reject"}
        with self.assertRaisesText(ValidationError, "votes are tied"):
            self.hearing(appeal, votes=votes)
        self.assertEqual(appeal.state, "open")

    def test_outcome_is_never_written_directly(self):
        appeal = self.appeal(self.rejected_request())
        for vals in (
            {"state": "upheld"},
            {"panel_ids": [Command.set(self.committee.ids)]},
            {"by_management": True},
        ):
            with self.subTest(vals=list(vals)):
                with self.assertRaisesText(AccessError, "neither is written directly"):
                    appeal.with_user(self.manager).write(vals)
        with self.assertRaisesText(AccessError, "Only the members hearing"):
            self.hearing(appeal, user=self.officer)
        with self.assertRaisesText(AccessError, "neither is written directly"):
            self.appeal(self.rejected_request(), state="upheld")

    def test_its_own_deadline_with_reminders(self):
        with freeze_time("2026-12-01 08:00:00"):
            appeal = self.appeal(self.rejected_request())
        # Tuesday 1 December 2026 + 10 working days (Sunday to Thursday).
        self.assertEqual(str(appeal.date_deadline), "2026-12-15")
        with freeze_time("2026-12-20 09:00:00"):
            self.Appeal._cron_deadline_reminders()
        self.assertTrue(appeal.escalated)
        overdue = appeal.activity_ids.filtered(lambda a: "Overdue" in (a.summary or ""))
        self.assertEqual(overdue.user_id, self.manager)
        cron = self.env.ref("beneficiary_relations.ir_cron_appeal_deadline_reminders")
        self.assertEqual(cron.model_id.model, "beneficiary.request.appeal")


@tagged("post_install", "-at_install")
class TestAppealPortal(HttpCase, AppealCase):
    """The beneficiary contests from the portal; members who did not decide hear it; the
    outcome goes back on the request and to the beneficiary."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.use_english_website()
        cls.portal_user = new_test_user(
            cls.env, "br_appellant", groups="base.group_portal", email="appellant@ex.com"
        )
        cls.portal_user.lang = "en_US"
        cls.other_user = new_test_user(cls.env, "br_other_appellant", groups="base.group_portal")
        cls.beneficiary.partner_id = cls.portal_user.partner_id

    def csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_contest_from_the_portal_to_the_outcome(self):
        request = self.rejected_request()
        self.authenticate("br_appellant", "br_appellant")
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertIn("Contest this decision", page.text)
        url = f"/my/requests/{request.id}/appeal"
        token = self.csrf(url)
        data = {"reason": "My husband lost his job last month."}
        # Without the form's CSRF token: refused, nothing recorded.
        refused = self.url_open(url, data=data)
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(request.appeal_ids)
        files = {"documents": ("letter.pdf", base64.b64decode(PDF), "application/pdf")}
        sent = self.url_open(url, data=dict(data, csrf_token=token), files=files)
        self.assertEqual(sent.status_code, 200)
        self.assertIn("Your appeal has been received", sent.text)
        appeal = request.appeal_ids
        self.assertEqual(len(appeal), 1)
        self.assertEqual(appeal.reason, data["reason"])
        self.assertEqual(appeal.attachment_ids.mapped("name"), ["letter.pdf"])
        self.assertEqual(
            appeal.channel_id, self.env.ref("beneficiary_relations.beneficiary_channel_portal")
        )
        self.assertEqual(appeal.panel_ids, self.committee_3 | self.committee_4)
        # Heard by the two members who did not decide, through the meeting form.
        wizard = Form(
            self.env["beneficiary.request.decision.wizard"]
            .with_user(self.committee_3)
            .with_context(**appeal.action_open_hearing()["context"])
        )
        wizard.member_ids.add(self.committee_3)
        wizard.member_ids.add(self.committee_4)
        for index in range(2):
            with wizard.vote_line_ids.edit(index) as line:
                line.vote = "approve"
        wizard.note = "The new situation makes the family eligible."
        wizard.minutes_text = "Heard on appeal by the two members who did not decide."
        wizard.save().action_apply()
        self.assertEqual(appeal.state, "upheld")
        self.assertEqual((request.decision, request.decided_on_appeal), ("approved", True))
        told = appeal.message_ids.filtered(lambda m: self.portal_user.partner_id in m.partner_ids)
        self.assertEqual(len(told), 2)
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertIn("Your appeal was upheld", page.text)
        self.assertNotIn("Contest this decision", page.text)

    def test_no_appeal_for_someone_else_or_out_of_time(self):
        request = self.rejected_request()
        self.authenticate("br_other_appellant", "br_other_appellant")
        page = self.url_open(f"/my/requests/{request.id}/appeal")
        self.assertNotIn("Why do you contest", page.text)
        # With a valid token of their own session, still nothing.
        token = self.csrf("/my/account")
        answer = self.url_open(
            f"/my/requests/{request.id}/appeal",
            data={"reason": "Not mine", "csrf_token": token},
        )
        self.assertEqual(answer.status_code, 200)
        self.assertFalse(request.appeal_ids)
        # Past the window: the form explains, nothing is recorded.
        self.authenticate("br_appellant", "br_appellant")
        token = self.csrf(f"/my/requests/{request.id}/appeal")
        request.decision_date = fields.Datetime.subtract(fields.Datetime.now(), days=31)
        self.assertFalse(request.can_appeal)
        page = self.url_open(f"/my/requests/{request.id}")
        self.assertNotIn("Contest this decision", page.text)
        late = self.url_open(
            f"/my/requests/{request.id}/appeal", data={"reason": "Too late", "csrf_token": token}
        )
        self.assertIn("The time to contest the decision", late.text)
        self.assertFalse(request.appeal_ids)
