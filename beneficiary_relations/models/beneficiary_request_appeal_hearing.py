"""The hearing of an appeal: its outcome recorded from the meeting and written back on the
request."""

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import as_recorded_outcome
from ..tools.groups import MANAGER


class BeneficiaryRequestAppealHearing(models.Model):
    _inherit = "beneficiary.request.appeal"

    # Hearing --------------------------------------------------------------------------------

    def _record_hearing_outcome(self, meeting):
        """Record the hearing of this appeal (``meeting`` as for a request's decision) and
        write its outcome back on the request, each in one write: upheld (a majority
        approves), the request goes on as approved; dismissed, it stays rejected. The
        beneficiary is told."""
        self.ensure_one()
        env = self.env
        if self.state != "open":
            raise UserError(env._("%s has already been heard.", self.name))
        # sudo: who hears the appeal, read to check the one recording it is one of them.
        appeal = self.sudo()
        user = env.user
        if not (env.su or user in appeal.panel_ids or user.has_group(MANAGER)):
            raise AccessError(
                env._("Only the members hearing %s or a manager record its outcome.", self.name)
            )
        title = env._("The outcome of %s cannot be recorded:", self.name)
        Committee = env["beneficiary.committee"]
        committee = appeal.committee_id.with_env(env) or Committee
        result, by_chair = committee._check_meeting(
            title,
            dict(meeting, more_info=False),
            self._excluded_members(),
            pool=appeal.panel_ids,
            quorum=1 if appeal.by_management else None,
            chair=env["res.users"] if appeal.by_management else None,
        )
        upheld = result == "approve"
        note = (meeting.get("note") or "").strip()
        if not upheld and not note:
            raise ValidationError(title + "\n- " + env._("a dismissal needs its reason"))
        members = meeting["members"]
        as_recorded_outcome(self).write(
            {
                "state": "upheld" if upheld else "dismissed",
                "meeting_date": meeting["date"],
                "member_ids": [Command.set(members.ids)],
                "vote_ids": [
                    Command.create(
                        {
                            "request_id": self.request_id.id,
                            "committee_id": committee.id,
                            "meeting_date": meeting["date"],
                            "user_id": member.id,
                            "vote": meeting["votes"][member.id],
                            "is_chair": bool(committee) and member == committee.chair_id,
                        }
                    )
                    for member in members
                ],
                "decided_by_chair": by_chair,
                "outcome_note": note,
                "minutes": meeting.get("minutes") or False,
                "minutes_name": meeting.get("minutes_name") or False,
                "minutes_text": meeting.get("minutes_text") or False,
                "date_decided": fields.Datetime.now(),
            }
        )
        # sudo: the hearing to-dos of this appeal, whoever of the panel recorded it.
        self.sudo().activity_ids.action_feedback(
            feedback=env._("Appeal heard: %s.", self._state_label())
        )
        if upheld:
            self.request_id._uphold_on_appeal(self)
        else:
            self.request_id.message_post(
                body=env._("Appeal %(appeal)s dismissed: %(note)s", appeal=self.name, note=note),
                subtype_xmlid="mail.mt_note",
            )
        self._notify_beneficiary("decided")
        return self.state

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]
