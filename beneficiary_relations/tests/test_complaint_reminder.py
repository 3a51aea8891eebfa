from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase

RECEIVED = "2026-12-01 08:00:00"  # Tuesday: deadline Tuesday 8 December, reminder Monday 7


@tagged("post_install", "-at_install")
class TestComplaintReminder(ComplaintCase):
    def create_due(self, count):
        with freeze_time(RECEIVED):
            return self.env["beneficiary.complaint"].create(
                [
                    {
                        "subject": f"Complaint {n}",
                        "beneficiary_id": self.beneficiary.id,
                        "user_id": self.follow_up.id,
                    }
                    for n in range(count)
                ]
            )

    def run_cron(self, day):
        with freeze_time(day):
            self.env["beneficiary.complaint"]._cron_deadline_reminders()

    def activities(self, complaints, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "beneficiary.complaint"),
                ("res_id", "in", complaints.ids),
                ("user_id", "=", user.id),
            ]
        )

    def test_each_step_once_then_escalated_to_management(self):
        complaints = self.create_due(2)
        self.assertEqual(str(complaints[0].date_reminder), "2026-12-07")
        for _run in range(2):
            self.run_cron("2026-12-07 09:00:00")
        self.assertEqual(len(self.activities(complaints, self.follow_up)), 2)
        for _run in range(2):
            self.run_cron("2026-12-08 09:00:00")
        self.assertEqual(len(self.activities(complaints, self.follow_up)), 4)
        for _run in range(2):
            self.run_cron("2026-12-09 09:00:00")
        self.assertEqual(len(self.activities(complaints, self.manager)), 2)
        self.assertEqual(set(complaints.mapped("stage_kind")), {"escalated"})

    def test_answered_complaints_are_left_alone(self):
        complaint = self.create_due(1)
        complaint.resolution = "<p>Answered.</p>"
        complaint.with_user(self.follow_up).action_resolve()
        self.run_cron("2026-12-09 09:00:00")
        self.assertFalse(self.activities(complaint, self.manager))

    def test_concerned_manager_is_not_told(self):
        complaint = self.create_due(1)
        complaint.concerned_user_id = self.manager
        self.run_cron("2026-12-09 09:00:00")
        self.assertFalse(self.activities(complaint, self.manager))
        self.assertEqual(complaint.stage_kind, "escalated")

    def test_the_scheduled_action_of_complaints(self):
        complaint = self.create_due(1)
        cron = self.env.ref("beneficiary_relations.ir_cron_complaint_deadline_reminders")
        with freeze_time("2026-12-09 09:00:00"):
            cron.ir_actions_server_id.run()
        self.assertTrue(complaint.escalated)
