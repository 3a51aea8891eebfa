import logging

from odoo.tests import tagged

from .common import ComplaintCase

_logger = logging.getLogger(__name__)

# What the kanban card of beneficiary_complaint_view_kanban asks the server for.
CARD = {
    "name": {},
    "priority": {},
    "subject": {},
    "complaint_type": {},
    "category_id": {"fields": {"display_name": {}}},
    "beneficiary_id": {"fields": {"display_name": {}}},
    "date_deadline": {},
    "deadline_state": {},
    "activity_ids": {},
    "activity_state": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "user_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestComplaintKanban(ComplaintCase):
    def first_load(self):
        """The calls the web client makes to open the complaints kanban, grouped by stage."""
        Complaint = self.env["beneficiary.complaint"].with_user(self.follow_up)
        domain = [("stage_kind", "in", ("new", "review", "escalated"))]
        groups = Complaint.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)
        Complaint.read_progress_bar(
            domain,
            "stage_id",
            {
                "field": "deadline_state",
                "colors": {
                    "on_track": "success",
                    "due_soon": "warning",
                    "due_today": "warning",
                    "overdue": "danger",
                },
            },
        )
        for group in groups["groups"]:
            if group["stage_id_count"]:
                Complaint.web_search_read(group["__domain"], CARD, limit=40)

    def test_first_load_does_not_grow_with_complaints(self):
        self.create_complaint()
        self.first_load()  # warm the caches
        # Past the page size of 40 a column also counts its records: compare 50 with 200.
        for _n in range(49):
            self.create_complaint()
        fifty = self.count_queries(self.first_load)
        for _n in range(150):
            self.create_complaint()
        two_hundred = self.count_queries(self.first_load)
        _logger.info("complaint kanban first load: %s queries (50), %s (200)", fifty, two_hundred)
        self.assertFlatQueryCount(fifty, two_hundred, ceiling=25, what="kanban first load")
