from math import ceil

from freezegun import freeze_time

from odoo import fields
from odoo.models import INSERT_BATCH_SIZE
from odoo.tests import tagged

from .common import RequestCase


@tagged("post_install", "-at_install")
class TestSatisfaction(RequestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        cls.overall = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")

    def answers(self, beneficiary):
        return self.env["survey.user_input"].search([("beneficiary_id", "=", beneficiary.id)])

    def delivered_request(self):
        request = self.create_request()
        request.action_check_completeness()
        self.record_decision(request)
        request.action_deliver()
        return request

    def test_one_invitation_per_request(self):
        request = self.delivered_request()
        self.assertEqual(len(request.survey_answer_ids), 1)
        answer = request.survey_answer_ids
        self.assertEqual(answer.beneficiary_id, self.beneficiary)
        self.assertEqual(answer.beneficiary_service_id, self.service)
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.beneficiary.partner_id.ids)]
        )
        self.assertTrue(any(answer.access_token in m.body_html for m in mail))
        decided = self.env["beneficiary.request.stage"].search([("kind", "=", "decided")])
        request.stage_id = decided  # moved back and forth
        request.action_deliver()
        request.action_close()
        self.assertEqual(len(request.survey_answer_ids), 1)

    def test_sms_invitation_carries_the_link(self):
        self.beneficiary.preferred_contact = "sms"
        request = self.delivered_request()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.beneficiary.partner_id.id)])
        self.assertTrue(any(request.survey_answer_ids.access_token in s.body for s in sms))

    def test_unreachable_beneficiary_is_skipped_and_logged(self):
        lost = self.create_ready_beneficiary(name="No Contact", mobile=False)
        lost.action_register()
        answers = self.env["beneficiary.survey.sender"]._send_invitations([(lost, None)])
        self.assertFalse(answers)
        self.assertTrue(
            lost.message_ids.filtered(lambda m: "No satisfaction questionnaire" in (m.body or ""))
        )

    def registered(self, count, **values):
        beneficiaries = self.env["beneficiary.beneficiary"]
        for _n in range(count):
            beneficiary = self.create_ready_beneficiary(email="b@example.com", **values)
            beneficiary.action_register()
            beneficiaries |= beneficiary
        return beneficiaries

    def test_campaign_skips_recent_and_finishes_in_batches(self):
        Beneficiary = self.env["beneficiary.beneficiary"]
        Campaign = self.env["beneficiary.survey.sender"]
        Beneficiary.search([]).survey_invitation_date = fields.Datetime.now()
        due = self.registered(5)
        due[0].survey_invitation_date = fields.Datetime.subtract(fields.Datetime.now(), days=10)
        self.create_beneficiary(email="draft@example.com")  # not registered: not invited
        done, remaining = Campaign._cron_campaign(batch_size=2, max_batches=1)
        self.assertEqual((done, remaining), (2, 2), "the one surveyed 10 days ago waits")
        Campaign._cron_campaign(batch_size=2, max_batches=1)
        done, remaining = Campaign._cron_campaign(batch_size=2, max_batches=1)
        self.assertEqual((done, remaining), (0, 0))
        self.assertEqual(
            len(self.env["survey.user_input"].search([("beneficiary_id", "in", due.ids)])), 4
        )
        with freeze_time(fields.Datetime.add(fields.Datetime.now(), months=4)):
            done, _remaining = Campaign._cron_campaign()
        self.assertGreaterEqual(done, 5, "a new quarter, a new questionnaire")

    def test_campaign_query_count_does_not_grow_per_beneficiary(self):
        # With tracking on, as the real cron runs: the chatter of each answer would show here.
        Beneficiary = self.env["beneficiary.beneficiary"].with_context(tracking_disable=False)
        Campaign = self.env["beneficiary.survey.sender"].with_context(tracking_disable=False)
        Beneficiary.search([]).survey_invitation_date = fields.Datetime.now()
        self.registered(1)
        Campaign._cron_campaign()  # warm the caches up
        self.registered(10)
        ten = self.count_queries(Campaign._cron_campaign)
        self.registered(150)
        # The ORM inserts 100 rows a statement: six bulk inserts take one more per hundred.
        overhead = 6 * (ceil(150 / INSERT_BATCH_SIZE) - 1)
        hundred_fifty = self.count_queries(Campaign._cron_campaign)
        self.assertFlatQueryCount(ten, hundred_fifty, ceiling=60, slack=overhead, what="campaign")

    def test_csat_arithmetic(self):
        for score in (5, 4, 3, 1, None):
            self.answer_questionnaire(score)
        groups = self.env["beneficiary.satisfaction.report"]._read_group(
            [("beneficiary_id", "=", self.beneficiary.id)],
            [],
            [
                "invitation_count:sum",
                "answer_count:sum",
                "response_rate:avg",
                "csat:avg",
                "score:avg",
            ],
        )
        sent, answered, rate, csat, score = groups[0]
        self.assertEqual((sent, answered), (5, 4))
        self.assertAlmostEqual(rate, 80.0)
        self.assertAlmostEqual(csat, 50.0)
        self.assertAlmostEqual(score, 3.25)

    def test_document_expiry_told_once_per_date(self):
        document = self.beneficiary.document_ids[:1]
        document.expiry_date = fields.Date.add(fields.Date.today(), days=10)
        Document = self.env["beneficiary.document"]
        done, _remaining = Document._cron_document_expiry()
        self.assertEqual(done, 1)
        self.assertEqual(Document._cron_document_expiry(), (0, 0))
        activity = self.beneficiary.activity_ids.filtered(
            lambda a: a.date_deadline == document.expiry_date
        )
        self.assertEqual(activity.user_id, self.officer)
        # In the officer's own language, named after the document.
        self.assertIn(
            document.document_type_id.with_context(lang=self.officer.lang).name, activity.summary
        )
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.beneficiary.partner_id.ids)]
        )
        self.assertTrue(any("expires on" in m.body_html for m in mail))
        document.expiry_date = fields.Date.add(fields.Date.today(), days=20)
        self.assertEqual(Document._cron_document_expiry()[0], 1, "a renewed date is told again")

    def test_requests_and_complaints_go_to_the_contact_officer(self):
        self.assertEqual(self.beneficiary.contact_officer_id, self.officer)
        self.assertEqual(self.create_request().user_id, self.officer)
        complaint = self.env["beneficiary.complaint"].create(
            {"subject": "Question", "beneficiary_id": self.beneficiary.id}
        )
        self.assertEqual(complaint.user_id, self.officer)
