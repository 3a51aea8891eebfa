from collections import defaultdict

from markupsafe import Markup

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
        return expression.AND([[("state", "=", "registered")], expression.OR(per_company)])

    @api.model
    def _invite_to_campaign(self, beneficiaries):
        self._send_invitations([(beneficiary, None) for beneficiary in beneficiaries])
        beneficiaries.write({"survey_invitation_date": fields.Datetime.now()})

    @api.model
    def _invite_after_request(self, request):
        """The questionnaire about a request just delivered or closed, once per request."""
        # sudo: the application's record that this request's questionnaire was sent, and
        # when its beneficiary was last invited.
        request.sudo().survey_invited = True
        self._send_invitations([(request.beneficiary_id, request)])
        request.beneficiary_id.sudo().survey_invitation_date = fields.Datetime.now()

    @api.model
    def _send_invitations(self, invitations):
        """``invitations``: a list of ``(beneficiary, origin)`` where origin is a request, a
        complaint or None (a campaign). Returns the answers created; beneficiaries with no
        way to be reached are skipped with a note on their file."""
        # sudo: staff cannot create survey answers; the addon's own questionnaire, for the
        # beneficiaries given.
        survey = self.env.ref(SURVEY).sudo()
        reachable = [(b, o) for b, o in invitations if b._contact_channel()]
        skipped = [b for b, _o in invitations if not b._contact_channel()]
        for beneficiary in skipped:
            # sudo: a note on the file of the beneficiary being invited.
            beneficiary.sudo().message_post(
                body=self.env._(
                    "No satisfaction questionnaire sent: no email address or mobile number."
                ),
                subtype_xmlid="mail.mt_note",
            )
        if not reachable or not survey.active:
            return self.env["survey.user_input"]
        questions = survey._prepare_user_input_predefined_questions()
        # An invitation is no conversation: no chatter, followers or tracking on the answers,
        # which would cost a query per answer.
        answers = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(tracking_disable=True)
            .create([self._answer_values(survey, questions, b, o) for b, o in reachable])
        )
        self._deliver(list(zip([b for b, _o in reachable], answers, strict=True)))
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

    @api.model
    def _deliver(self, pairs):
        # sudo: the site's address, for the questionnaire link.
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        mails, texts = [], []
        by_lang = defaultdict(list)
        for beneficiary, answer in pairs:
            by_lang[beneficiary.lang or "en_US"].append((beneficiary, answer))
        for lang, group in by_lang.items():
            env = self.with_context(lang=lang).env
            for beneficiary, answer in group:
                url = base_url + answer.get_start_url()
                if beneficiary._contact_channel() == "sms":
                    texts.append(self._sms_values(env, beneficiary, url))
                else:
                    mails.append(self._mail_values(env, beneficiary, url))
        # sudo: the invitations, each to the beneficiary it was created for.
        self.env["mail.mail"].sudo().create(mails)
        self.env["sms.sms"].sudo().create(texts)

    @api.model
    def _mail_values(self, env, beneficiary, url):
        company = beneficiary.company_id.name
        body = Markup("<p>%(greeting)s</p><p>%(text)s</p><p><a href='%(url)s'>%(link)s</a></p>") % {
            "greeting": env._("Dear %s,", beneficiary.name),
            "text": env._(
                "How satisfied are you with %s? Your answers help us serve you better; "
                "they are never used to punish anyone.",
                company,
            ),
            "url": url,
            "link": env._("Answer the questionnaire (one minute)"),
        }
        return {
            "subject": env._("Your opinion of %s", company),
            "body_html": body,
            "email_to": beneficiary.email,
            "auto_delete": True,
        }

    @api.model
    def _sms_values(self, env, beneficiary, url):
        return {
            "number": beneficiary.mobile,
            "partner_id": beneficiary.partner_id.id,
            "body": env._(
                "%(company)s: how satisfied are you with our service? %(url)s",
                company=beneficiary.company_id.name,
                url=url,
            ),
        }
