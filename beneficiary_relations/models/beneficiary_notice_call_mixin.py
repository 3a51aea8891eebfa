from collections import defaultdict

from odoo import fields, models

CALL_ACTIVITY = "beneficiary_relations.mail_activity_type_notice_call"


class BeneficiaryNoticeCallMixin(models.AbstractModel):
    """Records that hold call-back activities of notices (requests, complaints, beneficiaries'
    files): the officer records how the call went. Reached: the activity is done with that
    feedback. Not reached: likewise, and the notice goes in writing (mail or SMS) if there is
    a way; otherwise a note says it could not be given. Both outcomes stay in the chatter."""

    _name = "beneficiary.notice.call.mixin"
    _description = "Call-backs of Notices"

    notice_call_pending = fields.Boolean(
        string="Call-back Pending",
        compute="_compute_notice_call_pending",
        help="A notice is waiting to be given by phone.",
    )

    def _compute_notice_call_pending(self):
        pending = set(self._notice_call_activities().mapped("res_id"))
        for record in self:
            record.notice_call_pending = record.id in pending

    def action_notice_call_reached(self):
        self._notice_call_done(reached=True)
        return True

    def action_notice_call_not_reached(self):
        self._notice_call_done(reached=False)
        return True

    def _notice_call_activities(self):
        activity_type = self.env["ir.model.data"]._xmlid_to_res_id(CALL_ACTIVITY)
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type),
            ]
        )

    def _notice_call_done(self, reached):
        activities = self._notice_call_activities()
        if not activities:
            return
        to_write = defaultdict(list)
        for activity in activities:
            source = activity.beneficiary_notice_source
            if not reached and source and activity.beneficiary_notice_event:
                model, _comma, res_id = source.partition(",")
                to_write[model, activity.beneficiary_notice_event].append(int(res_id))
        feedback = (
            self.env._("Reached: the notice was given by phone.")
            if reached
            else self.env._("Not reached by phone.")
        )
        activities.action_feedback(feedback=feedback)
        for (model, event), ids in to_write.items():
            if model in self.env:
                self.env[model].browse(ids).exists()._notify_beneficiary(event, written_only=True)
