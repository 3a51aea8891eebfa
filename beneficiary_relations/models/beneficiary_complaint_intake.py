import logging

from odoo import SUPERUSER_ID, api, models
from odoo.tools import email_normalize, html2plaintext

_logger = logging.getLogger(__name__)


class BeneficiaryComplaintIntake(models.AbstractModel):
    """How complaints arrive: the public website form, the beneficiary portal and the
    complaints mail address all go through ``_create_from_intake``, which matches the
    complainant to their file in the complaint's company, keeps anonymous complaints
    anonymous and files what was attached. The mail gateway also refuses empty mails and
    oversized attachments, telling the sender why."""

    _name = "beneficiary.complaint.intake"
    _description = "Complaint Intake"

    @api.model
    def _create_from_intake(self, channel, values, partner, attachments=(), representative=None):
        """A complaint from ``values`` (checked by the form or read from the mail), received
        through the channel whose xml id ends in ``channel`` ("website", "portal", "email"),
        from ``partner`` (empty: nobody known), with ``attachments`` as (name, content); sent
        by ``representative`` (a valid authorisation the caller checked) when they acted for
        the beneficiary."""
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        values = dict(
            values,
            company_id=company.id,
            channel_id=self.env.ref(f"beneficiary_relations.beneficiary_channel_{channel}").id,
        )
        if values.get("anonymous"):
            partner = self.env["res.partner"]
        if channel != "email":
            # Written to in the language of the page they wrote from.
            values.setdefault("lang", self.env.lang)
        if partner:
            beneficiary = self._beneficiary_from_partner(partner, company, channel == "email")
            values.update(
                beneficiary_id=beneficiary.id,
                partner_id=partner.id,
                contact_name=values.get("contact_name") or partner.name,
                email_from=values.get("email_from") or partner.email_normalized or False,
            )
        if representative:
            values["submitted_by_partner_id"] = representative.partner_id.id
        complaint = self._intake_env(partner).create(values)
        complaint._portal_ensure_token()
        if attachments:
            complaint._post_intake_attachments(attachments, partner)
        if representative:
            complaint._note_representative(representative)
        return complaint

    @api.model
    def _intake_env(self, partner):
        user = self.env.user
        if partner and partner == user.partner_id and not user._is_public():
            # sudo: portal users create no complaint; this one is the signed-in user's own,
            # about them, with values checked by the form; it stays theirs (its author).
            return self.sudo()
        # As the system: nothing ties an anonymous or unknown sender's complaint to whoever
        # browses (the public user) or relays it (the mail gateway).
        return self.with_user(SUPERUSER_ID).with_context(mail_create_nosubscribe=True)

    def _post_intake_attachments(self, attachments, partner):
        """The files sent with the complaint, on a message of the complainant's (or of nobody,
        for an anonymous complaint: the files do not name their uploader either)."""
        # sudo: the files sent with this complaint, attached to it in its own environment.
        files = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {"name": name, "raw": content, "res_model": self._name, "res_id": self.id}
                    for name, content in attachments
                ]
            )
        )
        self.message_post(
            body=self.env._("Attachment sent with the complaint."),
            attachment_ids=files.ids,
            author_id=partner.id or False,
            email_from=partner.email_formatted if partner else self.email_from or None,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _beneficiary_from_partner(self, partner, company, by_email):
        """The complainant's file in ``company``: the one of their contact, else (``by_email``,
        for mail, where the address is all there is) the one with exactly their address:
        ``%`` and ``_`` are no wildcards, a pattern would link the complaint, and the answer
        to it, to someone else's file."""
        # sudo: complainants may not read files; exact matches in one company only
        Beneficiary = self.env["beneficiary.beneficiary"].sudo()
        in_company = [("company_id", "=", company.id)]
        beneficiary = Beneficiary.search(in_company + [("partner_id", "=", partner.id)], limit=1)
        email = email_normalize(partner.email)
        if beneficiary or not (by_email and email):
            return beneficiary
        return Beneficiary.search(in_company + [("email", "=", email)], limit=1)

    # Mail gateway ---------------------------------------------------------------------------

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """An email to the complaints address with nothing in it is refused with a bounce
        that says why, and logged; anything else becomes a complaint."""
        route = super()._routing_check_route(message, message_dict, route, raise_exception)
        if route and route[0] == self._name and not route[1] and self._mail_is_empty(message_dict):
            self._reject_empty_mail(message, message_dict)
            return False
        return route

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        refused = self._drop_oversized_attachments(msg_dict)
        email = msg_dict.get("email_from")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner and email:
            partner = self._mail_find_partner_from_emails([email], force_create=True)[0]
        values = dict(custom_values or {})
        values.pop("name", None)  # the reference comes from the sequence, never the subject
        values.setdefault("subject", msg_dict.get("subject") or self.env._("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        values["email_from"] = email_normalize(email) or email
        # The gateway posts the mail itself, with what remains of its attachments.
        complaint = self._create_from_intake("email", values, partner)
        if refused:
            complaint._report_refused_attachments(refused, msg_dict)
        return complaint

    def message_update(self, msg_dict, update_vals=None):
        refused = self._drop_oversized_attachments(msg_dict)
        result = super().message_update(msg_dict, update_vals=update_vals)
        if refused:
            self._report_refused_attachments(refused, msg_dict)
        return result

    @api.model
    def _mail_is_empty(self, message_dict):
        text = html2plaintext(message_dict.get("body") or "").strip()
        return not text and not message_dict.get("attachments")

    @api.model
    def _reject_empty_mail(self, message, message_dict):
        sender = message_dict.get("email_from") or ""
        # The reply comes from the editable template, written for the association (no
        # complaint exists to write it about).
        company = self.env.company
        template = self.env.ref(
            "beneficiary_relations.mail_template_complaint_empty_mail", raise_if_not_found=False
        )
        if template and template.active:
            # sudo: the addon's own template, rendered for the company that received the mail.
            rendered = template.sudo()._generate_template(company.ids, ("subject", "body_html"))
            values = rendered[company.id]
            self.env["mail.thread"]._routing_create_bounce_email(
                sender,
                values["body_html"],
                message,
                references=message_dict.get("message_id"),
                subject=values["subject"] or f"Re: {message_dict.get('subject') or ''}",
            )
        self._log_mail_event(
            "WARNING",
            f"Empty email from {sender} (subject {message_dict.get('subject')!r}, "
            f"Message-Id {message_dict.get('message_id')}) refused"
            + (" with a bounce." if template and template.active else " (reply switched off)."),
        )

    @api.model
    def _log_mail_event(self, level, text):
        """Keep a trace of what the mail intake refused, in Settings > Technical > Logging."""
        _logger.warning(text)
        # sudo: the mail gateway's own log line; users cannot write logs.
        self.env["ir.logging"].sudo().create(
            {
                "name": "beneficiary_relations.complaint_mail",
                "type": "server",
                "level": level,
                "message": text,
                "path": __name__,
                "func": "message_new",
                "line": "0",
                "dbname": self.env.cr.dbname,
            }
        )

    @api.model
    def _drop_oversized_attachments(self, msg_dict):
        """Remove attachments over the size limit from the incoming mail, in place (the
        gateway posts what remains); return the names removed."""
        limit = self.env.company.beneficiary_max_upload_mb * 1024 * 1024
        kept, refused = [], []
        for attachment in msg_dict.get("attachments") or []:
            content = attachment.content
            size = len(content.encode() if isinstance(content, str) else content)
            (refused if limit and size > limit else kept).append(attachment)
        if refused:
            msg_dict["attachments"] = kept
        return [attachment.fname for attachment in refused]

    def _report_refused_attachments(self, names, msg_dict):
        limit = self.company_id.beneficiary_max_upload_mb
        note = self.env._(
            "Attachments over %(limit)s MB were not kept: %(names)s. The sender was asked to "
            "send them another way.",
            limit=limit,
            names=", ".join(names),
        )
        self.message_post(body=note, subtype_xmlid="mail.mt_note")
        self._log_mail_event(
            "INFO", f"{self.name}: attachments over {limit} MB refused: {', '.join(names)}"
        )
        # The complainant is told in writing (they wrote): the template reads the names.
        self.with_context(beneficiary_refused_attachments=", ".join(names))._notify_beneficiary(
            "attachments_refused", written_only=True
        )
