from odoo import models

from ..tools import association_sender


class BeneficiaryNotifierMixin(models.AbstractModel):
    """Notices about a record to the beneficiary or complainant it concerns, through the
    channel they prefer, from the mail and SMS templates staff edit
    (``<module>.mail_template_<_notice_prefix>_<event>`` and ``sms_template_...``), posted as
    the association whoever triggers them. Templates are rendered once per batch and
    language; a batch's mails wait in the mail queue instead of being sent one by one."""

    _name = "beneficiary.notifier.mixin"
    _description = "Notices to Beneficiaries"
    _notice_prefix = None

    def _notify_beneficiary(self, event):
        by_sms = self.filtered(lambda r: r._notice_channel() == "sms")
        by_mail = self.filtered(lambda r: r._notice_channel() == "email")
        if by_sms:
            by_sms._notify_by_sms(self._notice_template("sms", event))
        if by_mail:
            by_mail._notify_by_mail(self._notice_template("mail", event))
        for record in self - by_sms - by_mail:
            record.message_post(
                body=self.env._(
                    "The beneficiary could not be notified: no email address or mobile number."
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _notice_partner(self):
        """The contact the notices go to, or an empty recordset when nobody is told."""
        return self.partner_id

    def _notice_channel(self):
        """ "sms", "email" or False: the beneficiary's preference when it can be honoured."""
        self.ensure_one()
        beneficiary = self.beneficiary_id
        if beneficiary.preferred_contact == "sms" and beneficiary.mobile:
            return "sms"
        return "email" if self._notice_partner().email else False

    def _notice_template(self, kind, event):
        return self.env.ref(f"beneficiary_relations.{kind}_template_{self._notice_prefix}_{event}")

    def _notify_by_mail(self, template):
        rendered = template._generate_template(self.ids, ("subject", "body_html"))
        for company in self.company_id:
            records = self.filtered(lambda r, c=company: r.company_id == c)
            sender = association_sender(records[:1])
            # Reply-to for the whole batch at once; message_post would look it up per record.
            reply_to = records._notify_get_reply_to(default=sender["email_from"])
            for record in records:
                record.message_post(
                    subject=rendered[record.id]["subject"],
                    body=rendered[record.id]["body_html"],
                    reply_to=reply_to[record.id],
                    partner_ids=record._notice_partner().ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    email_layout_xmlid="mail.mail_notification_light",
                    force_send=len(self) == 1,
                    notify_author=record._notice_partner_is_current_user(),
                    **sender,
                )

    def _notify_by_sms(self, template):
        bodies = template._render_field("body", self.ids, compute_lang=True)
        for record in self:
            record._message_sms(
                bodies[record.id],
                partner_ids=record._notice_partner().ids,
                put_in_queue=True,
                notify_author=record._notice_partner_is_current_user(),
                **association_sender(record),
            )

    def _notice_partner_is_current_user(self):
        """Whether the person told is the one acting (on the portal). Odoo never notifies the
        current user of their own posts; a beneficiary must still get their notices."""
        return self.env.user.partner_id in self._notice_partner()
