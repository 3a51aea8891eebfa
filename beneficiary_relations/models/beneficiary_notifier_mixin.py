import logging
import re
from collections import Counter, defaultdict

from markupsafe import Markup

from odoo import models

from ..tools.notice_outbox import NoticeOutbox
from ..tools.notices import (
    ANONYMOUS,
    EMAIL,
    PHONE,
    SMS,
    NoticeContact,
    notice_route,
    saudi_mobile,
)

_logger = logging.getLogger(__name__)

MODULE = "beneficiary_relations"
LAYOUT = "beneficiary_relations.notice_mail_layout"
# What a translated subject or SMS must keep of its English text: the record's values it
# shows (its reference, its links...), however the words around them are translated.
PLACEHOLDER = re.compile(r"\{\{")
RECORD_VALUE = re.compile(r"\bobject(?:\.\w+)+")


class BeneficiaryNotifierMixin(models.AbstractModel):
    """Notices about a record to the beneficiary or complainant it concerns: the one way the
    addon tells people what is new, "through the agreed means of contact".

    - **One rule** (``tools.notices.notice_route``) chooses a mail, an SMS or a call-back
      activity for an officer (with the text to read), from the person's preference and the
      contact details that exist: a beneficiary's file, else what a complainant gave (their
      contact, or just a name, an email or a phone number). Nobody to tell: a note says why.
    - **Every text is a template** staff edit and translate:
      ``beneficiary_relations.mail_template_<_notice_prefix>_<event>`` (subject and body, also
      the text an officer reads on the phone) and ``sms_template_<_notice_prefix>_<event>``,
      rendered in the person's language. Archiving the mail template switches the notice off.
    - **Signed by the association**, whoever triggers it (an officer, a committee member
      without an email address, a cron, the beneficiary on the portal, a visitor).
    - **Traced**: each notice, each call-back and each notice that could not be given leaves
      a message on the record's chatter (``_notice_thread``).
    - **In bulk**: templates are rendered once per batch and language; messages, mails, SMS,
      notifications and activities are created in one statement each (per 100 rows), so that
      notifying a thousand records costs the same number of queries as notifying ten.

    Implementers set ``_notice_prefix``, ship the templates of each event, and override the
    hooks below when the defaults (the record's ``beneficiary_id``, else its ``partner_id``;
    traced on the record itself; called back by its ``user_id``) do not fit."""

    _name = "beneficiary.notifier.mixin"
    _description = "Notices to Beneficiaries and Complainants"
    _notice_prefix = None

    # Hooks: who is told, by whom, where it is traced ------------------------------------------

    def _notice_contact(self):
        """A ``NoticeContact``: how to reach the person this record's notices are for."""
        self.ensure_one()
        beneficiary = self._notice_beneficiary()
        if beneficiary:
            return beneficiary._notice_contact()
        partner = self["partner_id"] if "partner_id" in self._fields else self.env["res.partner"]
        return NoticeContact(
            partner,
            email=partner.email or False,
            mobile=saudi_mobile(self.env, partner.mobile or partner.phone),
            lang=partner.lang,
        )

    def _notice_beneficiary(self):
        if "beneficiary_id" in self._fields:
            return self.beneficiary_id
        return self.env["beneficiary.beneficiary"]

    def _notice_company(self):
        return self.company_id

    def _notice_lang(self):
        """The language the notices of this record are written in (templates' ``lang``): the
        person's, else the association's."""
        self.ensure_one()
        return (
            self._notice_contact().lang
            or self._notice_company().partner_id.lang
            or self.env.lang
            or "en_US"
        )

    def _notice_name(self):
        """How the notices greet the person: their name, or nothing."""
        self.ensure_one()
        beneficiary = self._notice_beneficiary()
        if beneficiary:
            return beneficiary.name
        return self._notice_contact().partner.name or ""

    def _notice_thread(self):
        """The record whose chatter keeps the trace of the notices (and holds the call-backs)."""
        return self

    def _notice_call_user(self):
        """Who calls the person back when they prefer a phone call."""
        self.ensure_one()
        user = self["user_id"] if "user_id" in self._fields else self.env["res.users"]
        user = user or self._notice_beneficiary().contact_officer_id
        return user.filtered(lambda u: not u.share) or self._notice_fallback_caller()

    def _notice_fallback_caller(self):
        """Nobody in charge: the first escalation recipient, else a manager of the company."""
        company = self._notice_company()
        users = company.beneficiary_escalation_user_ids
        if not users:
            managers = self.env["res.groups"].browse(
                self.env["ir.model.data"]._xmlid_to_res_id(f"{MODULE}.group_br_manager")
            )
            users = managers.users.filtered(lambda u: company in u.company_ids and not u.share)
        return users[:1]

    def _notice_url(self, path):
        """An absolute link to ``path`` on the association's website, for the templates."""
        return self.get_base_url() + path

    def _notice_prepare(self):
        """Make what the templates show ready for the whole batch at once (access tokens)."""

    # The rule -----------------------------------------------------------------------------

    def _notice_route(self, written_only=False):
        """``(channel, reason)`` for this record: see ``tools.notices.notice_route``."""
        self.ensure_one()
        return notice_route(self._notice_contact(), written_only)

    # Sending ------------------------------------------------------------------------------

    def _notify_beneficiary(self, event, written_only=False):
        """Give the ``event`` notice of each record of ``self``. Never fails the action that
        triggers it: a person who cannot be reached or a missing template is written in the
        record's chatter (and a missing template in the server log) instead.

        Returns ``{channel: records}``, channel False for those not told."""
        if not self:
            return {}
        # sudo: notices are the association's. Whoever triggers them (a committee member, the
        # beneficiary on the portal, a visitor of the public form, a cron) may not read the
        # templates, the contact details, or write messages, mails, SMS and activities; bounded
        # to the notices of these records, to the person each one concerns.
        records = self.sudo()
        records._notice_prepare()
        mail_template, sms_template, problem = records._notice_templates(event)
        routes = defaultdict(list)
        skipped = []
        for record in records:
            if problem:
                skipped.append((record, problem))
                continue
            contact = record._notice_contact()
            channel, reason = notice_route(contact, written_only)
            if channel:
                routes[channel].append((record, contact))
            else:
                skipped.append((record, records._notice_reason(reason, mail_template)))
        outbox = NoticeOutbox(records)
        if routes[EMAIL]:
            records._notice_by_mail(mail_template, routes[EMAIL], outbox)
        if routes[SMS]:
            records._notice_by_sms(sms_template, routes[SMS], outbox)
        if routes[PHONE]:
            records._notice_by_phone(mail_template, event, routes[PHONE], outbox)
        for record, reason in skipped:
            outbox.note(record, Markup("<p>%s</p>") % reason)
        outbox.send()
        result = {
            channel: self.browse([record.id for record, _contact in targets])
            for channel, targets in routes.items()
            if targets
        }
        if skipped:
            result[False] = self.browse([record.id for record, _reason in skipped])
        return result

    def _notice_log(self, texts):
        """A note signed by the association on the thread of each record, ``{record: text}``,
        in one insert: why something was not sent, for instance."""
        # sudo: the application's own notes, on these records' threads only.
        records = self.sudo()
        outbox = NoticeOutbox(records)
        for record, text in texts.items():
            outbox.note(record.with_env(records.env), Markup("<p>%s</p>") % text)
        outbox.send()

    def _notice_templates(self, event):
        """(mail template, SMS template, why the notice cannot be given or None)."""
        name = f"{self._notice_prefix}_{event}"
        mail = self.env.ref(f"{MODULE}.mail_template_{name}", raise_if_not_found=False)
        sms = self.env.ref(f"{MODULE}.sms_template_{name}", raise_if_not_found=False)
        if not mail or not sms:
            _logger.error(
                "The %s notice of %s was not sent: its mail or SMS template (%s.mail_template_%s, "
                "%s.sms_template_%s) is missing. Upgrade the module to restore it.",
                name,
                self._name,
                MODULE,
                name,
                MODULE,
                name,
            )
            return (
                mail,
                sms,
                self.env._(
                    "The notice %s could not be given: its mail or SMS template is missing. "
                    "Upgrade the Beneficiary Relations app to restore it.",
                    name,
                ),
            )
        if not mail.active:
            return (
                mail,
                sms,
                self.env._(
                    "The notice “%s” is switched off (its mail template is archived): nobody "
                    "was told.",
                    mail.name,
                ),
            )
        return mail, sms, None

    def _notice_reason(self, reason, mail_template):
        notice = mail_template.name if mail_template else ""
        if reason == ANONYMOUS:
            return self.env._("“%s” was not sent: the complaint is anonymous.", notice)
        return self.env._(
            "“%s” could not be sent: there is no email address or mobile number to reach them.",
            notice,
        )

    def _notice_rendered_mails(self, template, records):
        """{record id: (subject, body, lang)}, rendered once per language."""
        rendered = template._generate_template(records.ids, ("body_html",))
        subjects = self._notice_render_text(template, "subject", records.ids)
        langs = template._render_lang(records.ids)
        return {
            res_id: (subjects[res_id] or "", values.get("body_html") or "", langs[res_id])
            for res_id, values in rendered.items()
        }

    def _notice_render_text(self, template, field, res_ids):
        """{record id: text}: a one-line field (a subject, an SMS) rendered once per language,
        in the record's language. A translation that lost values of its English text (a stale
        one, after the English changed: a missing link, a reference) is not sent: the English
        text is, with a warning in the log. Mail bodies need no such care: they are
        translated term by term."""
        source = template.with_context(lang="en_US")[field] or ""
        expected = self._notice_text_signature(source)
        result = {}
        for lang, (localized, ids) in template._classify_per_lang(res_ids).items():
            text = localized[field] or ""
            if self._notice_text_signature(text) != expected:
                _logger.warning(
                    "The %s translation of %s of the template %r (%s) does not show the same "
                    "values as its English text: sent in English. Update the translation.",
                    lang,
                    field,
                    template.name,
                    template.get_external_id().get(template.id, template.id),
                )
                text = source
            result.update(
                localized._render_template(
                    text, localized.render_model, ids, engine="inline_template"
                )
            )
        return result

    def _notice_text_signature(self, text):
        return (len(PLACEHOLDER.findall(text)), Counter(RECORD_VALUE.findall(text)))

    def _notice_by_mail(self, template, targets, outbox):
        records = self.browse([record.id for record, _contact in targets])
        rendered = self._notice_rendered_mails(template, records)
        layouts = {}
        for record, contact in targets:
            subject, body, lang = rendered[record.id]
            company = record._notice_company()
            if (company, lang) not in layouts:
                layouts[company, lang] = record._notice_layout(company, lang)
            outbox.mail(record, contact, subject, body, layouts[company, lang])

    def _notice_layout(self, company, lang):
        """The mail around a notice, for one company and language: (before, after) the body."""
        marker = "BENEFICIARY-NOTICE-BODY"
        direction = self.env["res.lang"]._get_data(code=lang).direction or "ltr"
        html = (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                LAYOUT,
                {
                    "company": company,
                    "body": Markup(marker),
                    "direction": direction,
                    "base_url": self.get_base_url(),
                },
            )
        )
        before, _marker, after = str(html).partition(marker)
        return Markup(before), Markup(after)

    def _notice_by_sms(self, template, targets, outbox):
        records = self.browse([record.id for record, _contact in targets])
        bodies = self._notice_render_text(template, "body", records.ids)
        for record, contact in targets:
            outbox.sms(record, contact, bodies[record.id])

    def _notice_by_phone(self, template, event, targets, outbox):
        """A call-back activity for the officer, with the number and the text to read, and a
        note saying so on the record."""
        records = self.browse([record.id for record, _contact in targets])
        rendered = self._notice_rendered_mails(template, records)
        for record, contact in targets:
            subject, body, _lang = rendered[record.id]
            user = record._notice_call_user()
            summary = self.env._("Call back: %s", subject)
            note = (
                Markup(
                    "<p><strong>%s</strong> <span dir='ltr'>%s</span></p><p><strong>%s</strong></p>"
                )
                % (
                    self.env._("Number to call:"),
                    contact.mobile,
                    self.env._("What to tell them:"),
                )
                + body
            )
            outbox.activity(record, user, summary, note, event)
            trace = Markup("<p>%s</p>") % self.env._(
                "“%(notice)s” is to be given by phone: %(user)s is to call %(number)s.",
                notice=template.name,
                user=user.name or self.env._("nobody (no officer or manager)"),
                number=contact.mobile,
            )
            outbox.note(record, trace + body)
