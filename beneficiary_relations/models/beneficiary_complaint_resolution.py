"""How a complaint is answered: its resolution, the amicable settlement, the adopted
suggestion's improvement, escalation, the rules of its stages and its deadline clock."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools.groups import FOLLOW_UP
from .beneficiary_complaint_stage import DONE_KINDS, OPEN_KINDS


class BeneficiaryComplaintResolution(models.Model):
    _inherit = "beneficiary.complaint"

    @api.depends(
        "date_received", "date_resolved", "date_deadline", "company_id.beneficiary_calendar_id"
    )
    def _compute_resolution_measures(self):
        """Reopening clears the resolution date, and with it these."""
        measured = self._working_days_between("date_received", "date_resolved")
        for complaint in self:
            working_days, resolved_on = measured.get(complaint, (0, None))
            complaint.resolution_working_days = working_days
            complaint.resolved_on_time = bool(resolved_on) and (
                not complaint.date_deadline or resolved_on <= complaint.date_deadline
            )

    @api.constrains("stage_id", "resolution", "suggestion_outcome", "complaint_type")
    def _check_resolution(self):
        for complaint in self:
            if complaint.stage_kind in DONE_KINDS and is_html_empty(complaint.resolution):
                raise ValidationError(
                    self.env._(
                        "Write the resolution of %s (what was done, or why it is unfounded) "
                        "before closing it.",
                        complaint.name,
                    )
                )
            if complaint.suggestion_outcome and complaint.complaint_type != "suggestion":
                raise ValidationError(
                    self.env._(
                        "Only a suggestion is adopted or not: %s is not one.", complaint.name
                    )
                )
            if (
                complaint.complaint_type == "suggestion"
                and complaint.stage_kind == "resolved"
                and not complaint.suggestion_outcome
            ):
                raise ValidationError(
                    self.env._(
                        "Say whether the suggestion %s is adopted before resolving it.",
                        complaint.name,
                    )
                )

    @api.constrains("suggestion_outcome", "improvement_action")
    def _check_improvement_action(self):
        for complaint in self:
            if (
                complaint.suggestion_outcome == "adopted"
                and not (complaint.improvement_action or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "The suggestion %s is adopted: record the improvement it leads to.",
                        complaint.name,
                    )
                )

    @api.constrains("settlement_outcome", "settlement_attempt_ids")
    def _check_settlement(self):
        for complaint in self:
            attempts = complaint.settlement_attempt_ids
            if complaint.settlement_outcome == "settled" and "agreed" not in attempts.mapped(
                "outcome"
            ):
                raise ValidationError(
                    self.env._(
                        "Record the attempt that reached an agreement before marking %s settled "
                        "amicably.",
                        complaint.name,
                    )
                )
            if complaint.settlement_outcome == "not_settled" and not attempts:
                raise ValidationError(
                    self.env._(
                        "Record the attempts to settle %s amicably before saying they failed.",
                        complaint.name,
                    )
                )

    def _plan_improvements(self):
        """An adopted suggestion's improvement is a to-do for whoever carries it out."""
        for complaint in self.filtered(
            lambda c: c.suggestion_outcome == "adopted" and c.improvement_user_id
        ):
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=complaint.improvement_user_id.id,
                summary=self.env._("Carry out the improvement suggested in %s", complaint.name),
                note=complaint.improvement_action,
            )

    def _escalate(self, reason):
        """Escalate to top management: an activity for each escalation recipient."""
        self.ensure_one()
        if self.stage_kind not in OPEN_KINDS:
            raise UserError(self.env._("%s is no longer open: it cannot be escalated.", self.name))
        self.write({"escalation_reason": reason})
        # sudo: the escalation flag is the application's record of this escalation, which the
        # user was just allowed to make.
        self.sudo().escalated = True
        if self.stage_kind != "escalated":
            self._move_to_kind("escalated")
        for user in self._escalation_recipients() - self.concerned_user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Complaint escalated to top management"),
                note=reason,
            )

    # Stage rules ----------------------------------------------------------------------------

    def _on_stage_change(self, old_kind):
        self.ensure_one()
        new_kind = self.stage_kind
        self._check_stage_rights(new_kind)
        if old_kind == "closed":
            raise UserError(self.env._("%s is closed and cannot move any more.", self.name))
        if new_kind in ("resolved", "rejected"):
            # sudo: the resolution date is the application's, set on this move only.
            self.sudo().date_resolved = fields.Datetime.now()
        elif new_kind in OPEN_KINDS and old_kind in DONE_KINDS:
            # sudo: reopened: the application clears its resolution date.
            self.sudo().date_resolved = False

    def _after_stage_change(self, old_kinds, created=False):
        """The complainant receives the answer, with a rating offered on the tracking page."""
        answered = self.filtered(
            lambda c: c.stage_kind in ("resolved", "rejected")
            and old_kinds[c.id] not in ("resolved", "rejected")
        )
        for complaint in answered.filtered(lambda c: not c.anonymous):
            # sudo: the rating request of this complaint's complainant, which the tracking
            # page offers (the committee member answering may not create ratings).
            complaint.sudo()._rating_get_access_token()
        answered._notify_beneficiary("resolved")

    def _escalation_recipients(self):
        return super()._escalation_recipients() - self.concerned_user_id

    def _check_stage_rights(self, kind):
        """Resolving, rejecting or closing a complaint is the follow-up committee's call."""
        if kind in DONE_KINDS and not (self.env.su or self.env.user.has_group(FOLLOW_UP)):
            raise AccessError(
                self.env._(
                    "Only the follow-up committee or a manager can resolve, reject or close "
                    "a complaint."
                )
            )

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_days(self):
        company = self.company_id
        days = {
            "complaint": company.beneficiary_complaint_days,
            "suggestion": company.beneficiary_suggestion_days,
            "inquiry": company.beneficiary_inquiry_days,
        }
        return days.get(self.complaint_type, 0)

    def _clock_fields(self):
        return super()._clock_fields() | {
            "date_received",
            "date_resolved",
            "resolution_working_days",
            "resolved_on_time",
        }

    def _send_reminders(self, step):
        result = super()._send_reminders(step)
        if step == "overdue":
            self._escalate_overdue()
        return result

    def _escalate_overdue(self):
        self._move_in_bulk("escalated", self.env._("Overdue: escalated to top management."))
