from odoo import api, fields, models
from odoo.osv import expression

from ..tools import run_in_batches

SURVEY = "beneficiary_relations.survey_beneficiary_satisfaction"


class BeneficiarySurveySender(models.AbstractModel):
    """Invitations to the satisfaction questionnaire, for many beneficiaries at once: one
    bulk create of the answers, one render per language, one bulk create of mails and SMS."""

    _name = "beneficiary.survey.sender"
    _description = "Satisfaction Survey Invitations"

    @api.model
    def _cron_campaign(self, batch_size=200, max_batches=10):
        """Invite the registered beneficiaries not surveyed within their company's interval,
        in committed batches, so that a large campaign resumes where it stopped."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        steps = [(Beneficiary, self._campaign_domain(), "id", self._invite_to_campaign)]
        return run_in_batches(
            self.env, "beneficiary.survey.campaign", steps, batch_size, batch_size * max_batches
        )

    @api.model
    def _campaign_domain(self):
        """Registered beneficiaries whose company's interval has passed since their last
        invitation."""
        now = fields.Datetime.now()
        per_company = [
            [
                ("company_id", "=", company.id),
                "|",
                ("survey_invitation_date", "=", False),
                (
                    "survey_invitation_date",
                    "<",
                    fields.Datetime.subtract(
                        now, months=company.beneficiary_survey_interval_months
                    ),
                ),
            ]
            # sudo: every company's interval, whatever companies the cron's user works in.
            for company in self.env["res.company"].sudo().search([])
        ]
        return expression.AND(
            [
                [("state", "=", "registered"), ("survey_opt_out", "=", False)],
                expression.OR(per_company),
            ]
        )

    @api.model
    def _invite_to_campaign(self, beneficiaries):
        self._send_invitations([(beneficiary, None) for beneficiary in beneficiaries])
        beneficiaries.write({"survey_invitation_date": fields.Datetime.now()})

    @api.model
    def _invite_after_requests(self, requests):
        """The questionnaire about requests just delivered or closed, once per request."""
        # sudo: the application's record that these requests' questionnaires were sent, and
        # when their beneficiaries were last invited.
        requests.sudo().survey_invited = True
        self._send_invitations([(request.beneficiary_id, request) for request in requests])
        # sudo: see above; the invitation date of these requests' beneficiaries only.
        requests.beneficiary_id.sudo().survey_invitation_date = fields.Datetime.now()

    @api.model
    def _send_invitations(self, invitations):
        """``invitations``: a list of ``(beneficiary, origin)`` where origin is a request, a
        complaint or None (a campaign). Returns the answers created, one per invitation sent
        through the notices' one rule (mail, SMS or a call-back); beneficiaries who decline
        questionnaires or cannot be reached are skipped with a note on their file."""
        # sudo: staff cannot create survey answers; the addon's own questionnaire, for the
        # beneficiaries given.
        survey = self.env.ref(SURVEY).sudo()
        if not survey.active:
            return self.env["survey.user_input"]
        to_invite, notes = [], {}
        for beneficiary, origin in invitations:
            if beneficiary.survey_opt_out:
                notes[beneficiary] = self.env._(
                    "No satisfaction questionnaire sent: the beneficiary declines them."
                )
            elif not beneficiary._notice_route()[0]:
                notes[beneficiary] = self.env._(
                    "No satisfaction questionnaire sent: no email address or mobile number."
                )
            else:
                to_invite.append((beneficiary, origin))
        if notes:
            self.env["beneficiary.beneficiary"]._notice_log(notes)
        if not to_invite:
            return self.env["survey.user_input"]
        questions = survey._prepare_user_input_predefined_questions()
        # An invitation is no conversation: no chatter, followers or tracking on the answers,
        # which would cost a query per answer.
        # sudo: officers create no survey answers; one invitation per beneficiary to invite.
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(tracking_disable=True)
            .create([self._answer_values(survey, questions, b, o) for b, o in to_invite])
        )
        answers._notify_beneficiary("invitation")
        return answers

    @api.model
    def _answer_values(self, survey, questions, beneficiary, origin):
        values = {
            "survey_id": survey.id,
            "partner_id": beneficiary.partner_id.id,
            "email": beneficiary.email,
            "beneficiary_id": beneficiary.id,
            "predefined_question_ids": [fields.Command.set(questions.ids)],
        }
        if origin and origin._name == "beneficiary.request":
            values["beneficiary_request_id"] = origin.id
        elif origin and origin._name == "beneficiary.complaint":
            values["beneficiary_complaint_id"] = origin.id
        return values
