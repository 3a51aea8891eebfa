import base64
from contextlib import contextmanager
from xmlrpc.client import Fault

from stdnum import luhn

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

PDF = base64.b64encode(b"%PDF-1.4\n%%EOF\n")


def saudi_id(first_digit, body):
    """A checksum-valid 10-digit Saudi ID starting with ``first_digit``."""
    base = f"{first_digit}{body:08d}"
    return base + luhn.calc_check_digit(base)


class QueryCountMixin:
    """One way to count queries in these tests, as ``assertQueryCount`` counts them: pending
    work flushed first, and the code's own flush and precommit work (tracking) included."""

    def count_queries(self, function, *args, **kwargs):
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        function(*args, **kwargs)
        self.env.flush_all()
        self.env.cr.flush()
        return self.env.cr.sql_log_count - before

    def assertFlatQueryCount(self, small, large, ceiling, slack=0, what="queries"):
        """The count for a large case is the small case's (plus ``slack`` where the ORM's own
        chunks of 100 rows add statements), and never above ``ceiling``: a count that grows
        per record fails the first, a regression of the whole path the second."""
        self.assertLessEqual(large, small + slack, f"{what}: {small} -> {large}")
        self.assertLessEqual(max(small, large), ceiling, f"{what}: over the ceiling")


class BeneficiaryCase(QueryCountMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tracking_disable=True))
        cls.env["res.lang"]._activate_lang("en_US")
        group = "beneficiary_relations.group_br_"
        cls.officer = new_test_user(cls.env, "br_officer", groups=f"{group}officer")
        cls.researcher = new_test_user(cls.env, "br_researcher", groups=f"{group}researcher")
        # The research committee: three members, two of them a quorum, the first its chair.
        cls.committee = new_test_user(cls.env, "br_committee", groups=f"{group}officer")
        cls.committee_2 = new_test_user(cls.env, "br_committee_2", groups=f"{group}officer")
        cls.committee_3 = new_test_user(cls.env, "br_committee_3", groups=f"{group}officer")
        cls.manager = new_test_user(cls.env, "br_manager", groups=f"{group}manager")
        cls.internal = new_test_user(cls.env, "br_internal", groups="base.group_user")
        cls.research_committee = cls.env["beneficiary.committee"].create(
            {
                "name": "Research committee (test)",
                "kind": "research",
                "member_ids": [
                    Command.set((cls.committee | cls.committee_2 | cls.committee_3).ids)
                ],
                "chair_id": cls.committee.id,
                "quorum": 2,
            }
        )
        cls.id_copy = cls.env.ref(
            "beneficiary_relations.beneficiary_document_type_national_id_copy"
        )
        cls.category = cls.env["beneficiary.category"].create(
            {"name": "Orphans (test)", "contact_officer_ids": [Command.link(cls.officer.id)]}
        )
        cls._id_counter = 0

    @classmethod
    def use_english_website(cls):
        """Pages in English whatever the database's website language (Arabic when installed
        with ``--load-language=ar_001``), for tests that read the page's English text."""
        english = cls.env["res.lang"]._activate_lang("en_US")
        cls.env["website"].get_current_website().write(
            {"language_ids": [Command.set(english.ids)], "default_lang_id": english.id}
        )

    @classmethod
    def meeting(cls, decision="approved", **values):
        """A research committee meeting that decides ``decision``: the chair and one more
        member present (the quorum), voting alike, with minutes and, unless approving, a
        reason. ``values`` replace any of it."""
        members = values.pop("members", cls.committee | cls.committee_2)
        vote = {"approved": "approve", "rejected": "reject"}.get(decision)
        meeting = {
            "committee": cls.research_committee,
            "date": fields.Date.context_today(cls.research_committee),
            "members": members,
            "votes": {user.id: vote for user in members},
            "more_info": decision == "more_info",
            "note": "" if decision == "approved" else "The committee's reason",
            "minutes": False,
            "minutes_name": False,
            "minutes_text": "Minutes of the meeting, approved by the members present.",
        }
        meeting.update(values)
        return meeting

    @classmethod
    def record_decision(cls, request, decision="approved", user=None, **values):
        """The research committee's decision on ``request``, recorded by ``user`` (its
        chair by default) as the decision wizard records it."""
        return request.with_user(user or cls.committee)._record_meeting_outcome(
            cls.meeting(decision, **values)
        )

    @contextmanager
    def assertRaisesText(self, exception, pattern):
        """Odoo's assertRaises (rolled back to a savepoint, so the data is as a client would
        see it after the refused call), also checking the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    @classmethod
    def next_national_id(cls, first_digit="1"):
        cls._id_counter += 1
        return saudi_id(first_digit, 40000000 + cls._id_counter)

    @classmethod
    def create_beneficiary(cls, **values):
        vals = {
            "name": "Test Beneficiary",
            "national_id": cls.next_national_id(),
            "category_id": cls.category.id,
            "mobile": "0501234567",
        }
        vals.update(values)
        return cls.env["beneficiary.beneficiary"].create(vals)

    @classmethod
    def add_document(cls, beneficiary, verified=True, expiry_days=365, doc_type=None):
        today = fields.Date.today()
        return cls.env["beneficiary.document"].create(
            {
                "beneficiary_id": beneficiary.id,
                "document_type_id": (doc_type or cls.id_copy).id,
                "file": PDF,
                "file_name": "id.pdf",
                "expiry_date": fields.Date.add(today, days=expiry_days),
                "verified_by_id": cls.env.uid if verified else False,
                "verified_date": fields.Datetime.now() if verified else False,
            }
        )

    @classmethod
    def sign_declaration(cls, beneficiary):
        beneficiary.write(
            {
                "declaration_signed": True,
                "declaration_signed_by": beneficiary.name,
                "declaration_method": "online",
            }
        )

    @classmethod
    def create_ready_beneficiary(cls, **values):
        """A draft beneficiary that meets every registration requirement."""
        beneficiary = cls.create_beneficiary(**values)
        cls.add_document(beneficiary)
        cls.sign_declaration(beneficiary)
        return beneficiary


class RequestCase(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "beneficiary_calendar_id": cls.env.ref(
                    "beneficiary_relations.resource_calendar_saudi_week"
                ).id,
                "beneficiary_reminder_days": 3,
                "beneficiary_escalation_user_ids": [Command.set(cls.manager.ids)],
            }
        )
        # The public holidays of the years the tests date their requests in, whatever today is.
        cls.env["beneficiary.holiday"]._generate(cls.env.company, range(2026, 2029))
        cls.service = cls.env["beneficiary.service"].create(
            {"name": "Food basket", "response_days": 15, "user_ids": [Command.link(cls.officer.id)]}
        )
        cls.beneficiary = cls.create_ready_beneficiary(
            email="ben@example.com", preferred_contact="email"
        )
        cls.stages = {
            stage.kind: stage for stage in cls.env["beneficiary.request.stage"].search([])
        }

    @classmethod
    def answer_questionnaire(cls, score, **values):
        """A satisfaction questionnaire sent to ``cls.beneficiary`` (with ``values``, such as
        the request it follows), answered with ``score`` (unless None) to the overall
        question."""
        survey = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        overall = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")
        answer = survey.sudo()._create_answer(
            partner=cls.beneficiary.partner_id,
            check_attempts=False,
            beneficiary_id=cls.beneficiary.id,
            **values,
        )
        if score is not None:
            answer._save_lines(overall, str(score))
            answer._mark_done()
        return answer

    @classmethod
    def create_request(cls, **values):
        vals = {"beneficiary_id": cls.beneficiary.id, "service_id": cls.service.id}
        vals.update(values)
        return cls.env["beneficiary.request"].create(vals)


class ComplaintCase(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "beneficiary_calendar_id": cls.env.ref(
                    "beneficiary_relations.resource_calendar_saudi_week"
                ).id,
                "beneficiary_reminder_days": 1,
                "beneficiary_complaint_days": 5,
                "beneficiary_escalation_user_ids": [Command.set(cls.manager.ids)],
            }
        )
        # The public holidays of the years the tests date their requests in, whatever today is.
        cls.env["beneficiary.holiday"]._generate(cls.env.company, range(2026, 2029))
        # A member of the follow-up committee, which handles complaints.
        cls.follow_up = new_test_user(
            cls.env, "br_follow_up", groups="beneficiary_relations.group_br_officer"
        )
        cls.follow_up_committee = cls.env["beneficiary.committee"].create(
            {
                "name": "Follow-up committee (test)",
                "kind": "follow_up",
                "member_ids": [Command.set(cls.follow_up.ids)],
                "chair_id": cls.follow_up.id,
                "quorum": 1,
            }
        )
        cls.beneficiary = cls.create_ready_beneficiary(
            email="complainant@example.com", preferred_contact="email"
        )
        cls.stages = {
            stage.kind: stage for stage in cls.env["beneficiary.complaint.stage"].search([])
        }
        cls.delay = cls.env.ref("beneficiary_relations.beneficiary_complaint_category_delay")

    @classmethod
    def create_complaint(cls, **values):
        vals = {
            "subject": "Late answer",
            "description": "<p>I have waited a month.</p>",
            "beneficiary_id": cls.beneficiary.id,
            "category_id": cls.delay.id,
            "user_id": cls.follow_up.id,
        }
        vals.update(values)
        return cls.env["beneficiary.complaint"].create(vals)


class RpcMixin:
    """Calls through the real XML-RPC endpoint of an HttpCase, as ``login`` (whose password
    is the login, as ``new_test_user`` sets it): what an attacker's script would do."""

    def rpc(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid, f"{login} could not sign in over XML-RPC")
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, model, method, list(args), kwargs
        )

    def assertRpcRefused(self, pattern, login, model, method, *args, **kwargs):
        """The call fails with a clear refusal matching ``pattern``: a user, access or
        validation error, never a crash (fault code 1, a traceback)."""
        with self.assertRaises(Fault) as caught:
            self.rpc(login, model, method, *args, **kwargs)
        self.assertNotEqual(caught.exception.faultCode, 1, caught.exception.faultString)
        self.assertRegex(caught.exception.faultString, pattern)
        return caught.exception
