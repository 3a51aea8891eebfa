"""The rules of a service request's stages, and its deadline clock."""

from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools import WorkingDays, is_recorded_outcome
from ..tools.groups import MANAGER
from .beneficiary_request_stage import KIND_RANK

# Fields for staff only: the beneficiary reads their request on the portal, not these.
# The notice a move to a stage of this kind gives the beneficiary.
STAGE_NOTICES = {
    "research": "research",
    "decided": "decided",
    "delivered": "delivered",
    "cancelled": "cancelled",
}


class BeneficiaryRequestRules(models.Model):
    _inherit = "beneficiary.request"

    # Stage rules ----------------------------------------------------------------------------

    def _check_date_complete_rights(self, vals):
        # A decision that more information is needed stops the clock, in the same write.
        restarts_clock = vals.get("decision") == "more_info" and not vals.get("date_complete")
        if "date_complete" in vals and not (
            self.env.su or restarts_clock or self.env.user.has_group(MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "The completion date is set by the completeness check; "
                    "only a manager can correct it."
                )
            )

    def _on_stage_change(self, old_kind):
        """Enforce the rules of a move from ``old_kind`` and do what the new stage entails."""
        self.ensure_one()
        new_kind = self.stage_kind
        self._check_stage_move(old_kind, new_kind)
        if old_kind == "research":
            self._close_research_activities()
        if new_kind == "research":
            self._refer_to_researcher()

    def _after_stage_change(self, old_kinds, created=False):
        """Tell the beneficiaries what the moves mean for them, one notice per kind of step
        for the whole batch; invite them to rate a service delivered or a request closed.
        A request created past its first steps has its receipt: only a decision, a delivery
        or a cancellation adds a notice."""
        notices = defaultdict(lambda: self.browse())
        invite = self.browse()
        for request in self:
            old_kind, new_kind = old_kinds[request.id], request.stage_kind
            event = STAGE_NOTICES.get(new_kind)
            if new_kind == "committee" and old_kind in ("received", "completeness"):
                event = "complete"
            if event == "decided" and request.decided_on_appeal:
                event = None  # the appeal's own notice tells the outcome
            if event and not (created and event in ("complete", "research")):
                notices[event] |= request
            if new_kind in ("delivered", "closed") and not request.survey_invited:
                invite |= request
        for event, requests in notices.items():
            requests._notify_beneficiary(event)
        if invite:
            self.env["beneficiary.survey.sender"]._invite_after_requests(invite)

    def _check_stage_move(self, old_kind, new_kind):
        # An upheld appeal takes a closed rejected request back to the decided stage.
        reopened = old_kind == "closed" and new_kind == "decided" and self.decided_on_appeal
        if old_kind in ("closed", "cancelled") and not (reopened and is_recorded_outcome(self.env)):
            raise UserError(
                self.env._("%s is closed or cancelled and cannot move any more.", self.name)
            )
        decided = KIND_RANK["decided"]
        if (
            old_kind != "cancelled"
            and KIND_RANK.get(old_kind, 0) >= decided
            and (new_kind != "cancelled" and KIND_RANK[new_kind] < decided)
        ):
            raise UserError(
                self.env._("%s has been decided: it cannot go back before the decision.", self.name)
            )
        committee = KIND_RANK["committee"]
        if (
            new_kind != "cancelled"
            and KIND_RANK[new_kind] >= committee
            and KIND_RANK.get(old_kind, 0) < committee
        ):
            self._check_research_done()
        if new_kind == "decided" and self.decision not in ("approved", "rejected"):
            raise UserError(
                self.env._(
                    "Record the committee's decision on %s with Record Decision (the meeting, "
                    "the members present, their votes and the minutes) before moving it.",
                    self.name,
                )
            )
        if new_kind == "delivered" and self.decision != "approved":
            raise UserError(self.env._("Only an approved request can be delivered."))
        if new_kind == "closed" and self.decision != "rejected" and not self.delivery_date:
            raise UserError(self.env._("Deliver the service of %s before closing it.", self.name))
        if new_kind == "cancelled" and KIND_RANK.get(old_kind, 0) >= decided:
            raise UserError(self.env._("A decided request cannot be cancelled."))
        if new_kind == "cancelled" and not (self.cancel_reason or "").strip():
            raise UserError(
                self.env._(
                    "Write why %s is cancelled: the beneficiary is told the reason.", self.name
                )
            )

    def _stage_entry_values(self, kind, vals, now):
        """What entering a stage of ``kind`` sets on this request, besides the stage: the
        completion date when it passes the completeness check, the delivery when delivered."""
        self.ensure_one()
        values = {}
        passes_check = kind != "cancelled" and KIND_RANK[kind] > KIND_RANK["completeness"]
        if passes_check and not self.date_complete and "date_complete" not in vals:
            beneficiary = self.beneficiary_id
            problems = beneficiary._document_problems(
                self.service_id.document_type_ids, self.document_ids
            )
            problems += [p for p in beneficiary._registration_problems() if p not in problems]
            if problems:
                raise ValidationError(
                    self.env._("%s is not complete:", self.name) + "\n- " + "\n- ".join(problems)
                )
            values["date_complete"] = now
        if kind == "delivered":
            values["delivery_date"] = self.delivery_date or now
            values["delivered_by_id"] = self.delivered_by_id.id or self.env.uid
        return values

    def _refer_to_researcher(self):
        if not self.researcher_id:
            raise UserError(
                self.env._("Assign a social researcher to %s before referring it.", self.name)
            )
        self.activity_schedule(
            "beneficiary_relations.mail_activity_type_social_research",
            user_id=self.researcher_id.id,
            summary=self.env._("Social research"),
            date_deadline=self.date_reminder or fields.Date.context_today(self),
        )

    def _check_research_done(self):
        """A request whose service needs a social research reaches the committee with its
        researcher, report and report date, whatever the path (button, drag, import, RPC)."""
        if not self.research_required:
            return
        # sudo: whether the report and its date exist, not what they say (officers may not
        # read them).
        research = self.sudo()
        missing = []
        if not research.researcher_id:
            missing.append(self.env._("the social researcher"))
        if is_html_empty(research.research_report):
            missing.append(self.env._("the research report"))
        if not research.research_date:
            missing.append(self.env._("the date of the research report"))
        if missing:
            raise UserError(
                self.env._(
                    "%(name)s needs its social research before the committee: %(missing)s.",
                    name=self.name,
                    missing=", ".join(missing),
                )
            )

    def _close_research_activities(self):
        """The research to-do is done once the request leaves the research stage."""
        activity_type = self.env.ref(
            "beneficiary_relations.mail_activity_type_social_research", raise_if_not_found=False
        )
        # sudo: the research to-dos of this request only, assigned to its researcher, closed
        # by whoever moves the request on.
        todos = self.sudo().activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        if todos:
            todos.action_feedback(
                feedback=Markup("<p>%s</p>")
                % self.env._("Research closed: the request moved to %s.", self.stage_id.name)
            )

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_days(self):
        return self.service_id.response_days

    def _deadline_responsible(self):
        # Nobody assigned yet: the managers are reminded rather than nobody.
        return self.user_id or self._escalation_recipients()

    def _clock_fields(self):
        return super()._clock_fields() | {
            "date_received",
            "survey_invited",
            "overdue_notified",
            "date_expected",
            "decision_working_days",
            "decided_on_time",
        }

    def _send_reminders(self, step):
        result = super()._send_reminders(step)
        if step == "overdue":
            self._apologise_for_delay()
        return result

    def _apologise_for_delay(self):
        """Once per request, when its deadline is missed: a new expected date, a set number of
        working days from today, and the beneficiary's apology notice with it."""
        late = self.filtered(lambda r: not r.overdue_notified)
        if not late:
            return
        today = fields.Date.context_today(self)
        for company, requests in late.grouped("company_id").items():
            calendar = company.beneficiary_calendar_id or self.env.ref(
                "beneficiary_relations.resource_calendar_saudi_week"
            )
            days = max(company.beneficiary_overdue_extension_days, 1)
            expected = WorkingDays(calendar, [today], days).shift(today, days)
            # sudo: the application's own record of the apology and of the date it gave, for
            # these overdue requests only. mail_notrack: as the escalation flag.
            requests.sudo().with_context(mail_notrack=True).write(
                {"overdue_notified": True, "date_expected": expected}
            )
        late._notify_beneficiary("overdue")
