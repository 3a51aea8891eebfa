from freezegun import freeze_time
from psycopg2.errors import ExclusionViolation

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PDF, BeneficiaryCase

GROUP = "beneficiary_relations.group_br_"
CONSTRAINT = "beneficiary_policy_one_active_per_company"


class PolicyCase(BeneficiaryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An association of its own, so that the app's users and the policy in force are known.
        cls.company = cls.env["res.company"].create(
            {"name": "Policy Association", "beneficiary_policy_reminder_days": 30}
        )
        cls.staff_officer = cls.staff("pol_officer", "officer")
        cls.staff_officer_2 = cls.staff("pol_officer_2", "officer")
        cls.staff_researcher = cls.staff("pol_researcher", "researcher")
        cls.staff_manager = cls.staff("pol_manager", "manager")
        cls.outsider = new_test_user(
            cls.env,
            "pol_internal",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Policy = cls.env["beneficiary.policy"]
        cls.Acknowledgement = cls.env["beneficiary.policy.acknowledgement"]
        cls.policy = cls.create_policy("1")
        cls.policy.action_activate()

    @classmethod
    def staff(cls, login, group):
        return new_test_user(
            cls.env,
            login,
            groups=f"{GROUP}{group}",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            lang="en_US",  # the reminder's summary is in the user's language
        )

    @classmethod
    def create_policy(cls, version, **values):
        vals = {
            "name": "Relationship with beneficiaries",
            "version": version,
            "company_id": cls.company.id,
            "approving_body": "Board of Directors",
            "resolution_number": f"{version}/2024",
            "approval_date": "2024-03-05",
            "body": f"<p>Text of version {version}</p>",
        }
        vals.update(values)
        return cls.env["beneficiary.policy"].create(vals)


@tagged("post_install", "-at_install")
class TestPolicy(PolicyCase):
    def acknowledge(self, user, policy=None):
        return self.Acknowledgement.with_user(user).create(
            {"policy_id": (policy or self.policy).id, "user_id": user.id}
        )

    def reminders(self, policy=None):
        return self.env["mail.activity"].search(
            [("res_model", "=", "beneficiary.policy"), ("res_id", "=", (policy or self.policy).id)]
        )

    # Versions --------------------------------------------------------------------------------

    def test_approval_date_in_hijri(self):
        self.assertEqual(self.policy.approval_date_hijri, "24 Sha'ban 1445 AH")
        self.assertEqual(
            self.policy.with_context(lang="ar_001").approval_date_hijri, "24 شعبان 1445 هـ"
        )

    def test_one_active_policy_per_company(self):
        draft = self.create_policy("2")
        with self.assertRaisesText(ValidationError, r"already has an active policy: .*version 1"):
            draft.with_user(self.staff_manager).write({"state": "active"})  # as by RPC
        with self.assertRaisesText(ValidationError, "already has an active policy"):
            self.create_policy("3", state="active")
        # Another association has its own policy in force.
        other = self.env["res.company"].create({"name": "Other association"})
        self.create_policy("1", company_id=other.id, state="active")
        self.assertEqual(self.policy.state, "active")

    def test_database_backs_the_single_active_policy(self):
        draft = self.create_policy("2")
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(ExclusionViolation):
            self.env.cr.execute(
                "UPDATE beneficiary_policy SET state = 'active' WHERE id = %s", [draft.id]
            )
            # What a commit would check, had another transaction activated it meanwhile.
            self.env.cr.execute(f"SET CONSTRAINTS {CONSTRAINT} IMMEDIATE")
        self.env.cr.execute(f"SET CONSTRAINTS {CONSTRAINT} DEFERRED")

    def test_activating_supersedes_the_policy_in_force(self):
        new = self.create_policy("2")
        with freeze_time("2026-02-01"):
            new.with_user(self.staff_manager).action_activate()
        self.assertEqual(new.state, "active")
        self.assertEqual(new.activation_date, fields.Date.to_date("2026-02-01"))
        self.assertEqual(self.policy.state, "superseded")
        self.assertEqual(self.policy.superseded_by_id, new)
        self.assertEqual(self.policy.superseded_date, fields.Date.to_date("2026-02-01"))
        with self.assertRaisesText(UserError, "Only a draft can be activated"):
            new.action_activate()

    def test_superseded_policy_is_kept_as_approved(self):
        self.create_policy("2").action_activate()
        old = self.policy.with_user(self.staff_manager)
        for vals in ({"state": "active"}, {"state": "draft"}):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "cannot go from"):
                old.write(vals)
        for vals in ({"body": "<p>Rewritten</p>"}, {"resolution_number": "99"}):
            with self.subTest(vals=vals), self.assertRaisesText(UserError, "is superseded"):
                old.write(vals)
        with self.assertRaisesText(UserError, "is superseded"):
            old.update_field_translations("body", {"en_US": "<p>Rewritten</p>"})
        with self.assertRaisesText(UserError, "Only draft versions"):
            old.unlink()
        old.message_post(body="Still open to discussion")
        self.assertIn("version 1", old.body)

    def test_new_version_starts_as_a_draft_copy(self):
        action = self.policy.with_user(self.staff_manager).action_new_version()
        new = self.Policy.browse(action["res_id"])
        self.assertEqual((new.state, new.version, new.body), ("draft", "2", self.policy.body))
        self.assertFalse(new.resolution_number, "a new version needs its own resolution")
        new.unlink()

    def test_officer_reads_policies_but_manages_none(self):
        as_officer = self.policy.with_user(self.staff_officer)
        self.assertIn("version 1", as_officer.body)
        form = Form(as_officer)
        self.assertFalse(form.acknowledged_by_me)
        self.assertNotIn("pending_count", form._view["fields"], "coverage is for managers")
        with self.assertRaises(AccessError):
            as_officer.write({"version": "1.1"})
        with self.assertRaises(AccessError):
            self.Policy.with_user(self.staff_officer).create({"name": "Mine", "version": "9"})

    # Acknowledgements ------------------------------------------------------------------------

    def test_online_acknowledgement_records_when_and_who(self):
        with freeze_time("2026-01-10 08:30:00"):
            ack = self.Acknowledgement.with_user(self.staff_officer).create(
                {
                    "policy_id": self.policy.id,
                    "date": "2020-01-01 00:00:00",  # the client does not choose the date
                    "ip": "203.0.113.9",  # nor the address
                }
            )
        self.assertEqual(ack.user_id, self.staff_officer)
        self.assertEqual(ack.date, fields.Datetime.to_datetime("2026-01-10 08:30:00"))
        self.assertFalse(ack.ip, "no HTTP request, no address")
        self.assertEqual(ack.method, "online")

    def test_acknowledging_a_version_not_in_force_is_refused(self):
        draft = self.create_policy("2")
        with self.assertRaisesText(ValidationError, "is draft"):
            self.acknowledge(self.staff_officer, draft)
        draft.action_activate()
        with self.assertRaisesText(ValidationError, "is superseded"):
            self.acknowledge(self.staff_officer, self.policy)
        self.acknowledge(self.staff_officer, draft)

    def test_one_acknowledgement_per_user_and_version(self):
        self.acknowledge(self.staff_officer)
        with self.assertRaisesText(ValidationError, "has already acknowledged .*version 1"):
            self.acknowledge(self.staff_officer)
        with self.assertRaisesText(ValidationError, "has already acknowledged"):
            self.Acknowledgement.create(
                [
                    {"policy_id": self.policy.id, "user_id": self.staff_officer_2.id},
                    {"policy_id": self.policy.id, "user_id": self.staff_officer_2.id},
                ]
            )
        # A new version is acknowledged anew.
        new = self.create_policy("2")
        new.action_activate()
        self.acknowledge(self.staff_officer, new)

    def test_paper_acknowledgement_needs_the_signed_copy(self):
        as_manager = self.Acknowledgement.with_user(self.staff_manager)
        values = {"policy_id": self.policy.id, "user_id": self.staff_officer.id, "method": "paper"}
        with self.assertRaisesText(ValidationError, "signed copy"):
            as_manager.create(values)
        ack = as_manager.create(
            dict(values, signed_form=PDF, signed_form_name="signed.pdf", date="2026-01-05 10:00:00")
        )
        self.assertEqual(ack.date, fields.Datetime.to_datetime("2026-01-05 10:00:00"))
        with self.assertRaisesText(UserError, "stays with its policy"):
            ack.write({"user_id": self.staff_officer_2.id})

    def test_officers_see_and_record_only_their_own(self):
        own = self.acknowledge(self.staff_officer)
        other = self.acknowledge(self.staff_officer_2)
        as_officer = self.Acknowledgement.with_user(self.staff_officer)
        self.assertEqual(as_officer.search([("policy_id", "=", self.policy.id)]), own)
        with self.assertRaises(AccessError):
            other.with_user(self.staff_officer).read(["user_id", "date"])
        with self.assertRaises(AccessError):
            as_officer.create({"policy_id": self.policy.id, "user_id": self.staff_researcher.id})
        with self.assertRaises(AccessError):
            own.with_user(self.staff_officer).unlink()
        as_manager = self.Acknowledgement.with_user(self.staff_manager)
        self.assertEqual(as_manager.search([("policy_id", "=", self.policy.id)]), own | other)

    # Prompting -------------------------------------------------------------------------------

    def open_app(self, user):
        action = self.env.ref("beneficiary_relations.beneficiary_relations_action_open_app")
        return action.with_user(user).run()

    def test_opening_the_app_prompts_until_acknowledged(self):
        action = self.open_app(self.staff_officer)
        self.assertEqual(action["res_model"], "beneficiary.policy.acknowledge.wizard")
        # A saved page to read (no "New" button, nothing unsaved), about the policy in force.
        wizard = (
            self.env[action["res_model"]].with_user(self.staff_officer).browse(action["res_id"])
        )
        self.assertEqual(wizard.policy_id, self.policy)
        form = Form(wizard)
        self.assertIn("version 1", form.body)
        views = wizard.get_views([(False, "form")])
        self.assertIn('create="0"', views["views"]["form"]["arch"])
        home = wizard.action_acknowledge()
        self.assertEqual(home["res_model"], "beneficiary.request")
        self.assertTrue(self.policy.with_user(self.staff_officer).acknowledged_by_me)
        self.assertEqual(self.open_app(self.staff_officer)["res_model"], "beneficiary.request")
        # Others are still asked; "Later" lets them through this time.
        action = self.open_app(self.staff_manager)
        self.assertEqual(action["res_model"], "beneficiary.policy.acknowledge.wizard")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.staff_manager)
            .create({"policy_id": self.policy.id})
        )
        self.assertEqual(wizard.action_later()["res_model"], "beneficiary.request")
        self.assertEqual(
            self.open_app(self.staff_manager)["res_model"], "beneficiary.policy.acknowledge.wizard"
        )

    def test_a_new_version_prompts_again(self):
        self.acknowledge(self.staff_officer)
        new = self.create_policy("2")
        new.action_activate()
        action = self.open_app(self.staff_officer)
        self.assertEqual(self.env[action["res_model"]].browse(action["res_id"]).policy_id, new)

    def test_no_prompt_without_a_policy_in_force(self):
        company = self.env["res.company"].create({"name": "No policy yet"})
        user = new_test_user(
            self.env,
            "pol_no_policy",
            groups=f"{GROUP}officer",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self.assertEqual(self.open_app(user)["res_model"], "beneficiary.request")

    def test_the_root_menu_opens_through_the_prompt(self):
        root = self.env.ref("beneficiary_relations.beneficiary_relations_menu_root")
        self.assertEqual(
            root.action, self.env.ref("beneficiary_relations.beneficiary_relations_action_open_app")
        )
        with self.assertRaises(AccessError):
            self.open_app(self.outsider)

    # Reminders -------------------------------------------------------------------------------

    def run_cron(self, day, **kwargs):
        with freeze_time(day):
            return self.env["beneficiary.policy.reminder"]._cron_remind(**kwargs)

    def test_cron_reminds_once_per_period(self):
        self.acknowledge(self.staff_officer)
        pending = self.staff_officer_2 | self.staff_researcher | self.staff_manager
        self.run_cron("2026-01-10 03:00:00")
        self.assertEqual(self.reminders().user_id, pending)
        self.assertEqual(len(self.reminders()), 3)
        self.assertEqual(
            set(self.reminders().mapped("summary")), {"Read and acknowledge the policy"}
        )

        self.run_cron("2026-01-10 15:00:00")  # run again the same day
        self.run_cron("2026-02-08 03:00:00")  # 29 days later: still within the period
        self.assertEqual(len(self.reminders()), 3)

        first = self.reminders()
        self.acknowledge(self.staff_researcher)
        self.assertEqual(self.reminders().user_id, self.staff_officer_2 | self.staff_manager)

        self.run_cron("2026-02-09 03:00:00")  # the period has passed
        renewed = self.reminders()
        self.assertEqual(renewed.user_id, self.staff_officer_2 | self.staff_manager)
        self.assertFalse(renewed & first, "the new reminder replaces the previous one")
        self.assertEqual(set(renewed.mapped("date_deadline")), {fields.Date.to_date("2026-02-09")})
        lines = self.env["beneficiary.policy.reminder"].search([("policy_id", "=", self.policy.id)])
        self.assertEqual(
            lines.filtered(lambda r: r.user_id == self.staff_manager).activity_id,
            renewed.filtered(lambda a: a.user_id == self.staff_manager),
        )

    def test_a_superseded_version_needs_no_more_reminders(self):
        self.run_cron("2026-01-10 03:00:00")
        self.assertEqual(len(self.reminders()), 4)
        new = self.create_policy("2")
        new.action_activate()
        self.assertFalse(self.reminders())
        self.run_cron("2026-01-11 03:00:00")  # the new version is reminded at once
        self.assertEqual(len(self.reminders(new)), 4)

    def test_cron_works_in_batches(self):
        self.env.ref("base.main_company").beneficiary_policy_reminder_days = 0  # only ours
        done, remaining = self.run_cron("2026-01-10 03:00:00", batch_size=1, max_batches=2)
        self.assertEqual((done, remaining), (2, 2))
        self.assertEqual(len(self.reminders()), 2)
        done, remaining = self.run_cron("2026-01-10 04:00:00", batch_size=1, max_batches=5)
        self.assertEqual((done, remaining), (2, 0))
        self.assertEqual(
            self.reminders().user_id,
            self.staff_officer | self.staff_officer_2 | self.staff_researcher | self.staff_manager,
        )

    def test_no_reminders_when_the_period_is_zero(self):
        self.company.beneficiary_policy_reminder_days = 0
        self.run_cron("2026-01-10 03:00:00")
        self.assertFalse(self.reminders())

    # Coverage --------------------------------------------------------------------------------

    def test_coverage_counts(self):
        policy = self.policy.with_user(self.staff_manager)
        self.assertEqual((policy.acknowledged_count, policy.pending_count), (0, 4))
        form = Form(policy)
        self.assertEqual((form.acknowledged_count, form.pending_count), (0, 4))
        self.acknowledge(self.staff_officer)
        self.acknowledge(self.staff_manager)
        policy.invalidate_recordset()
        self.assertEqual((policy.acknowledged_count, policy.pending_count), (2, 2))
        pending = policy.action_view_pending_users()
        self.assertEqual(
            self.env["res.users"].search(pending["domain"]),
            self.staff_officer_2 | self.staff_researcher,
        )
        acknowledged = policy.action_view_acknowledgements()
        self.assertEqual(
            self.Acknowledgement.search(acknowledged["domain"]).user_id,
            self.staff_officer | self.staff_manager,
        )

    def count_coverage_queries(self, policies):
        return self.count_queries(policies.with_user(self.staff_manager).mapped, "pending_count")

    def test_coverage_counts_take_one_grouped_query(self):
        self.acknowledge(self.staff_officer)
        policies = self.policy | self.create_policy("2") | self.create_policy("3")
        self.count_coverage_queries(policies)  # warm the caches of access rules
        self.assertFlatQueryCount(
            self.count_coverage_queries(self.policy),
            self.count_coverage_queries(policies),
            ceiling=12,
            what="coverage of 1 and 3 policies",
        )
        self.assertEqual(
            policies.with_user(self.staff_manager).mapped("acknowledged_count"), [1, 0, 0]
        )


@tagged("post_install", "-at_install")
class TestPolicyTour(HttpCase, PolicyCase):
    """In a real headless Chromium: opening the app asks for the policy first, once."""

    def test_opening_the_app_asks_for_the_policy_once(self):
        self.start_tour(
            "/odoo", "beneficiary_policy_acknowledgement", login=self.staff_officer.login
        )
        self.assertEqual(self.policy.acknowledgement_ids.user_id, self.staff_officer)
        self.assertEqual(self.policy.acknowledgement_ids.method, "online")
        self.assertTrue(self.policy.acknowledgement_ids.ip, "acknowledged over HTTP")
