from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPLAINT = "beneficiary.complaint"


class MailActivity(models.Model):
    _inherit = "mail.activity"

    beneficiary_digest_step = fields.Selection(
        [("before", "Deadline approaching"), ("due", "Deadline today"), ("overdue", "Overdue")],
        string="Pending Digest",
        index="btree_not_null",
        copy=False,
        help="A deadline reminder not yet listed in the daily digest mail of its assignee.",
    )
    beneficiary_notice_event = fields.Char(
        string="Notice",
        copy=False,
        help="For a call-back: the notice to give by phone (given in writing if the call fails).",
    )
    beneficiary_notice_source = fields.Char(
        string="Notice About",
        copy=False,
        help="For a call-back: the record the notice is about, as model,id.",
    )

    @api.constrains("user_id", "res_model_id", "res_model", "res_id")
    def _check_not_for_complaint_concerned_user(self):
        """The staff member a complaint concerns is never given an activity on it: the
        activity would show them the complaint. Only complaints the current user may read
        are checked, so that the message tells nothing to anyone else (they are refused
        the activity on the complaint anyway)."""
        on_complaints = self.filtered(lambda a: a.res_model == COMPLAINT and a.user_id)
        if not on_complaints:
            return
        # sudo: one query finds the complaints that concern one of the assignees, if any.
        complaints = (
            self.env[COMPLAINT]
            .sudo()
            .search(
                [
                    ("id", "in", on_complaints.mapped("res_id")),
                    ("concerned_user_id", "in", on_complaints.user_id.ids),
                ]
            )
        )
        if not complaints:
            return
        complaints = complaints.with_env(self.env)
        concerned = {c.id: c.concerned_user_id for c in complaints._filtered_access("read")}
        for activity in on_complaints:
            if activity.user_id == concerned.get(activity.res_id, self.env["res.users"]):
                raise ValidationError(
                    self.env._(
                        "%s cannot be given an activity on a complaint that concerns them.",
                        activity.user_id.name,
                    )
                )
