import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, html2plaintext, is_html_empty

from ..tools import (
    association_sender,
    check_linked_records_readable,
    default_company_from_beneficiary,
    format_hijri,
)
from .beneficiary_complaint_stage import DONE_KINDS, OPEN_KINDS

_logger = logging.getLogger(__name__)

FOLLOW_UP = "beneficiary_relations.group_br_committee"
# Fields for staff only: the complainant reads their complaint on the portal, not these.
STAFF = "beneficiary_relations.group_br_officer"


class BeneficiaryComplaint(models.Model):
    _name = "beneficiary.complaint"
    _description = "Complaint"
    _inherit = [
        "portal.mixin",
        "rating.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
        "beneficiary.deadline.mixin",
    ]
    _order = "priority desc, date_deadline, id desc"
    _track_duration_field = "stage_id"
    _mail_post_access = "read"
    _primary_email = "email_from"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    complaint_type = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("suggestion", "Suggestion"),
            ("inquiry", "Inquiry"),
            ("praise", "Praise"),
        ],
        string="Type",
        required=True,
        default="complaint",
        tracking=True,
    )
    category_id = fields.Many2one(
        "beneficiary.complaint.category", tracking=True, ondelete="restrict", check_company=True
    )
    channel_id = fields.Many2one(
        "beneficiary.channel",
        string="Intake Channel",
        required=True,
        default=lambda self: self.env.ref(
            "beneficiary_relations.beneficiary_channel_phone", raise_if_not_found=False
        ),
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html()
    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary",
        string="Beneficiary",
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    anonymous = fields.Boolean(
        help="The complainant did not give their name: nobody is contacted about this complaint."
    )
    contact_name = fields.Char(string="Complainant Name")
    email_from = fields.Char(string="Complainant Email")
    contact_phone = fields.Char(string="Complainant Phone")
    concerned_user_id = fields.Many2one(
        "res.users",
        string="Staff Member Concerned",
        domain=[("share", "=", False)],
        tracking=True,
        groups=STAFF,
        help="The staff member this complaint is about. They never see it.",
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    user_id = fields.Many2one(
        "res.users",
        string="Follow-up Member",
        tracking=True,
        domain=[("share", "=", False)],
        compute="_compute_user_id",
        store=True,
        readonly=False,
    )
    stage_id = fields.Many2one(
        "beneficiary.complaint.stage",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
    )
    stage_kind = fields.Selection(related="stage_id.kind", store=True)
    date_received = fields.Datetime(default=fields.Datetime.now, required=True, copy=False)
    date_deadline_hijri = fields.Char(
        string="Deadline (Hijri)", compute="_compute_date_deadline_hijri"
    )
    resolution = fields.Html(copy=False)
    settled_amicably = fields.Boolean(copy=False, tracking=True)
    date_resolved = fields.Datetime(string="Resolved On", copy=False, readonly=True)
    escalation_reason = fields.Text(copy=False, groups=STAFF)
    compensation_ids = fields.One2many("beneficiary.compensation", "complaint_id", groups=STAFF)
    compensation_count = fields.Integer(compute="_compute_compensation_count", groups=STAFF)
    submitted_by_partner_id = fields.Many2one(
        "res.partner",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="The representative who sent this complaint from the portal for the beneficiary; "
        "empty when the complainant did.",
    )
    website_submission_key = fields.Char(
        copy=False,
        index="btree_not_null",
        groups="beneficiary_relations.group_br_manager",
        help="The one-time key of the public website form that sent this complaint: a "
        "resubmitted form finds it instead of creating another.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This reference is already used."),
        (
            "website_submission_key_uniq",
            "unique(website_submission_key)",
            "This form was already submitted.",
        ),
    ]

    def _default_stage(self):
        return self.env["beneficiary.complaint.stage"].search([("kind", "=", "new")], limit=1)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("beneficiary_id")
    def _compute_partner_id(self):
        for complaint in self.filtered("beneficiary_id"):
            complaint.partner_id = complaint.beneficiary_id.partner_id

    @api.depends("compensation_ids")
    def _compute_compensation_count(self):
        counts = dict(
            self.env["beneficiary.compensation"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.compensation_count = counts.get(complaint, 0)

    @api.depends("category_id", "beneficiary_id")
    def _compute_user_id(self):
        for complaint in self.filtered(lambda c: not c.user_id):
            candidates = complaint.category_id.user_id | complaint.beneficiary_id.contact_officer_id
            complaint.user_id = candidates.filtered(
                lambda u, c=complaint: u != c.concerned_user_id
            )[:1]

    @api.depends(
        "date_received",
        "complaint_type",
        "company_id.beneficiary_calendar_id",
        "company_id.beneficiary_reminder_days",
        "company_id.beneficiary_complaint_days",
        "company_id.beneficiary_suggestion_days",
        "company_id.beneficiary_inquiry_days",
    )
    def _compute_deadline_dates(self):
        return super()._compute_deadline_dates()

    @api.depends("date_deadline")
    @api.depends_context("lang")
    def _compute_date_deadline_hijri(self):
        for complaint in self:
            complaint.date_deadline_hijri = format_hijri(complaint.date_deadline, self.env.lang)

    def _compute_access_url(self):
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    @api.constrains("user_id", "concerned_user_id")
    def _check_not_assigned_to_concerned(self):
        for complaint in self:
            if complaint.concerned_user_id and complaint.user_id == complaint.concerned_user_id:
                raise ValidationError(
                    self.env._(
                        "%s cannot follow up a complaint that concerns them.",
                        complaint.concerned_user_id.name,
                    )
                )

    @api.constrains("stage_id", "resolution")
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

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        check_linked_records_readable(self, vals_list)
        default_company_from_beneficiary(self, vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("beneficiary.complaint")
                    or "/"
                )
            if vals.get("anonymous"):
                vals.update(self._anonymous_values())
        complaints = super().create(vals_list)
        complaints._keep_concerned_user_out()
        for complaint in complaints.filtered(lambda c: c.stage_kind != "new"):
            complaint._check_stage_rights(complaint.stage_id.id)
            complaint._on_stage_change("new")
        return complaints

    def write(self, vals):
        check_linked_records_readable(self, [vals])
        if vals.get("anonymous"):
            vals = dict(vals, **self._anonymous_values())
        if "stage_id" in vals:
            self._check_stage_rights(vals["stage_id"])
        old_kinds = {complaint: complaint.stage_kind for complaint in self}
        result = super().write(vals)
        if "concerned_user_id" in vals or "user_id" in vals:
            self._keep_concerned_user_out()
        if "concerned_user_id" in vals or "company_id" in vals:
            # sudo: complaint ratings are the committee's; only these complaints' are recomputed
            ratings = self.sudo().rating_ids
            ratings._compute_beneficiary_concerned_user_id()
            ratings._compute_beneficiary_company_id()
        if "stage_id" in vals:
            for complaint, old_kind in old_kinds.items():
                if complaint.stage_kind != old_kind:
                    complaint._on_stage_change(old_kind)
        return result

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """The staff member a complaint concerns is never a follower: followers are notified
        of every message."""
        if partner_ids:
            # sudo: who the complaint concerns, to keep them out; never shown.
            excluded = set(self.sudo().concerned_user_id.partner_id.ids)
            partner_ids = [pid for pid in partner_ids if pid not in excluded]
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """The staff member a complaint concerns is never notified of its messages, even when
        named in one."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        # sudo: a portal complainant may not read staff accounts; reads only the concerned partner
        concerned = self.sudo().concerned_user_id.partner_id
        return [recipient for recipient in recipients if recipient["id"] not in concerned.ids]

    @api.model
    def _anonymous_values(self):
        return {
            "beneficiary_id": False,
            "partner_id": False,
            "contact_name": False,
            "email_from": False,
            "contact_phone": False,
        }

    # Actions --------------------------------------------------------------------------------

    def action_review(self):
        self._move_to_kind("review")
        return True

    def action_escalate(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Top Management"),
            "res_model": "beneficiary.complaint.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_resolve(self):
        self._move_to_kind("resolved")
        return True

    def action_reject(self):
        self._move_to_kind("rejected")
        return True

    def action_close(self):
        self._move_to_kind("closed")
        return True

    def action_open_compensations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compensation"),
            "res_model": "beneficiary.compensation",
            "view_mode": "list,form",
            "domain": [("complaint_id", "=", self.id)],
            "context": {"default_complaint_id": self.id},
        }

    def _move_to_kind(self, kind):
        stage = self.env["beneficiary.complaint.stage"].search([("kind", "=", kind)], limit=1)
        if not stage:
            raise UserError(self.env._("No stage is configured for this step."))
        self.write({"stage_id": stage.id})

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
        if old_kind == "closed":
            raise UserError(self.env._("%s is closed and cannot move any more.", self.name))
        if new_kind in ("resolved", "rejected"):
            # sudo: the resolution date is the application's, set on this move only.
            self.sudo().date_resolved = fields.Datetime.now()
            self._notify_complainant()
        elif new_kind in OPEN_KINDS and old_kind in DONE_KINDS:
            # sudo: reopened: the application clears its resolution date.
            self.sudo().date_resolved = False

    def _escalation_recipients(self):
        return super()._escalation_recipients() - self.concerned_user_id

    # Deadline hooks -------------------------------------------------------------------------

    def _deadline_start_date(self):
        if not self.date_received or self._deadline_days() <= 0:
            return None
        tz_date = fields.Datetime.context_timestamp(
            self.with_context(tz=self.company_id.beneficiary_calendar_id.tz or "Asia/Riyadh"),
            self.date_received,
        )
        return tz_date.date()

    def _deadline_days(self):
        company = self.company_id
        days = {
            "complaint": company.beneficiary_complaint_days,
            "suggestion": company.beneficiary_suggestion_days,
            "inquiry": company.beneficiary_inquiry_days,
        }
        return days.get(self.complaint_type, 0)

    @api.model
    def _deadline_open_domain(self):
        return [("stage_kind", "in", OPEN_KINDS)]

    def _deadline_responsible(self):
        return self.user_id

    def _clock_fields(self):
        return super()._clock_fields() | {"date_received", "date_resolved"}

    def _send_reminders(self, step):
        super()._send_reminders(step)
        if step == "overdue":
            self._escalate_overdue()

    def _escalate_overdue(self):
        """Move overdue complaints to the escalated stage in one write. The stage change is
        logged on each complaint (its duration per stage depends on it), but as one bulk
        insert of messages and tracking values rather than a tracked write per complaint."""
        stage = self.env["beneficiary.complaint.stage"].search(
            [("kind", "=", "escalated")], limit=1
        )
        to_move = self.filtered(lambda c: c.stage_kind != "escalated")
        if not stage or not to_move:
            return
        old_stages = {complaint: complaint.stage_id for complaint in to_move}
        to_move.with_context(mail_notrack=True).write({"stage_id": stage.id})
        body = Markup("<p>%s</p>") % self.env._("Overdue: escalated to top management.")
        author = self.env.user.partner_id
        # The record fields are given so that mail does not look them up for each message.
        reply_to = to_move._notify_get_reply_to(default=author.email_formatted)
        # sudo: log notes of the application's own stage change, on the complaints it just
        # escalated; nobody is notified.
        messages = (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": self._name,
                        "res_id": complaint.id,
                        "message_type": "notification",
                        "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                        "is_internal": True,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "reply_to": reply_to[complaint.id],
                        "body": body,
                        "record_alias_domain_id": False,
                        "record_company_id": complaint.company_id.id,
                        "record_name": complaint.display_name,
                    }
                    for complaint in to_move
                ]
            )
        )
        stage_info = self.fields_get(["stage_id"], attributes=("string", "type"))["stage_id"]
        Tracking = self.env["mail.tracking.value"]
        # sudo: the tracking values of those notes, as the stage field's tracking writes them.
        Tracking.sudo().create(
            [
                dict(
                    Tracking._create_tracking_values(
                        old_stages[complaint], stage, "stage_id", stage_info, complaint
                    ),
                    mail_message_id=message.id,
                )
                for complaint, message in zip(to_move, messages, strict=True)
            ]
        )

    # Complainant ----------------------------------------------------------------------------

    def _notify_complainant(self):
        """Tell the complainant the outcome and ask them to rate the handling."""
        self.ensure_one()
        if self.anonymous:
            return
        partner = self.partner_id
        if self.beneficiary_id.preferred_contact == "sms" and self.beneficiary_id.mobile:
            template = self.env.ref("beneficiary_relations.sms_template_complaint_resolved")
            body = template._render_field("body", self.ids, compute_lang=True)[self.id]
            self._message_sms(
                body, partner_ids=partner.ids, put_in_queue=True, **association_sender(self)
            )
        elif partner.email:
            template = self.env.ref("beneficiary_relations.mail_template_complaint_resolved")
            lang = partner.lang or self.env.lang
            self.with_context(lang=lang).message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
                email_layout_xmlid="mail.mail_notification_light",
                **association_sender(self),
            )
        else:
            self.message_post(
                body=self.env._(
                    "The complainant could not be told the outcome: no email address or mobile "
                    "number."
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _rating_get_partner(self):
        return self.partner_id if not self.anonymous else self.env["res.partner"]

    def _rating_get_operator(self):
        return self.user_id.partner_id

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
    def _mail_is_empty(self, message_dict):
        text = html2plaintext(message_dict.get("body") or "").strip()
        return not text and not message_dict.get("attachments")

    @api.model
    def _reject_empty_mail(self, message, message_dict):
        sender = message_dict.get("email_from") or ""
        body = Markup("<p>%s</p>") % self.env._(
            "Your message to the association arrived empty, so no complaint was recorded. "
            "Please write your complaint, suggestion or inquiry in the body of the email and "
            "send it again."
        )
        self.env["mail.thread"]._routing_create_bounce_email(
            sender, body, message, references=message_dict.get("message_id")
        )
        self._log_mail_event(
            "WARNING",
            f"Empty email from {sender} (subject {message_dict.get('subject')!r}, "
            f"Message-Id {message_dict.get('message_id')}) refused with a bounce.",
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
    def message_new(self, msg_dict, custom_values=None):
        refused = self._drop_oversized_attachments(msg_dict)
        values = dict(custom_values or {})
        values["name"] = "/"  # the reference comes from the sequence, never the mail's subject
        values.setdefault("subject", msg_dict.get("subject") or self.env._("(no subject)"))
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault(
            "channel_id", self.env.ref("beneficiary_relations.beneficiary_channel_email").id
        )
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        values.update(self._complainant_values_from_mail(msg_dict, company))
        complaint = super().message_new(msg_dict, custom_values=values)
        complaint.email_from = values["email_from"]  # the gateway sets the formatted address
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
    def _complainant_values_from_mail(self, msg_dict, company):
        email = msg_dict.get("email_from")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner and email:
            partner = self._mail_find_partner_from_emails([email], force_create=True)[0]
        beneficiary = self._beneficiary_from_partner(partner, company)
        return {
            "partner_id": partner.id,
            "beneficiary_id": beneficiary.id,
            "email_from": email_normalize(email) or email,
            "contact_name": partner.name,
        }

    @api.model
    def _beneficiary_from_partner(self, partner, company):
        """The file of the sender in the complaint's company: the one of their contact, else
        the one with exactly their address (``%`` and ``_`` in an address are no wildcards:
        a pattern would link the mail, and the answer to it, to someone else's file)."""
        email = email_normalize(partner.email)
        if not email:
            return self.env["beneficiary.beneficiary"]
        # sudo: the mail gateway's user may not read files; exact match in one company only
        Beneficiary = self.env["beneficiary.beneficiary"].sudo()
        in_company = [("company_id", "=", company.id)]
        return Beneficiary.search(
            in_company + [("partner_id", "=", partner.id)], limit=1
        ) or Beneficiary.search(in_company + [("email", "=", email)], limit=1)

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
        sender = msg_dict.get("email_from")
        if sender:
            body = Markup("<p>%s</p>") % self.env._(
                "We have recorded your message as %(reference)s, but these attachments are "
                "larger than %(limit)s MB and could not be kept: %(names)s. Please bring them "
                "to the association or send them in smaller files.",
                reference=self.name,
                limit=limit,
                names=", ".join(names),
            )
            # sudo: the reply to this mail's own sender about its refused attachments.
            self.env["mail.mail"].sudo().create(
                {
                    "subject": self.env._("Re: %s", msg_dict.get("subject") or self.name),
                    "body_html": body,
                    "email_to": sender,
                    "references": msg_dict.get("message_id"),
                    "auto_delete": True,
                }
            )

    # Confidentiality ------------------------------------------------------------------------

    @api.model
    def _readable_query(self):
        """The complaints the real user may read, as a query for a domain. Under sudo too:
        record rules are evaluated as superuser, where a path through a complaint field
        would skip the complaint's own rules."""
        as_user = self.with_user(self.env.uid)
        if not as_user.has_access("read"):
            return as_user.browse()._as_query()
        return as_user._search([])

    @api.model
    def _readable_ids(self, ids):
        """The ids among ``ids`` of the complaints the real user may read."""
        as_user = self.with_user(self.env.uid)
        if not as_user.has_access("read"):
            return set()
        return set(as_user.search([("id", "in", list(ids))]).ids)

    @api.model
    def _hidden_complaint_domain(self, fname, operator, value):
        """The domain of a search on a 'hidden complaint' flag (``= True``: its complaint is
        one the real user may not read), the complaint being the many2one ``fname``."""
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Unsupported operator {operator!r}")
        readable = self._readable_query()
        if (operator == "=") == bool(value):
            return [(fname, "!=", False), (fname, "not in", readable)]
        return ["|", (fname, "=", False), (fname, "in", readable)]

    def _keep_concerned_user_out(self):
        """The staff member a complaint concerns keeps nothing that shows it to them: no
        subscription, activity, mention or notification."""
        # sudo: the writer may not see the concerned user's traces; only theirs, on these complaints
        for complaint in self.sudo().filtered("concerned_user_id"):
            partner = complaint.concerned_user_id.partner_id
            if partner in complaint.message_partner_ids:
                complaint.message_unsubscribe(partner.ids)
            activities = complaint.activity_ids.filtered(
                lambda a, c=complaint: a.user_id == c.concerned_user_id
            )
            activities.unlink()
            complaint._forget_concerned_partner_in_messages()

    def _forget_concerned_partner_in_messages(self, messages=None):
        """Take the concerned staff member off the recipients of the complaint's messages
        (all of them, or ``messages``) and delete their notifications: a recipient may read
        a message, and a message names its complaint."""
        self.ensure_one()
        partner = self.concerned_user_id.partner_id
        if not partner:
            return
        on_complaint = [("model", "=", self._name), ("res_id", "=", self.id)]
        if messages is not None:
            on_complaint.append(("id", "in", messages.ids))
        # sudo: the messages of this complaint only, whoever may read them
        mentioning = (
            self.env["mail.message"]
            .sudo()
            .search(on_complaint + [("partner_ids", "in", partner.ids)])
        )
        if mentioning:
            mentioning.write({"partner_ids": [Command.unlink(partner.id)]})
        # sudo: the concerned user's own notifications of this complaint's messages only
        notifications = self.env["mail.notification"].sudo()
        notifications.search(
            [("mail_message_id", "any", on_complaint), ("res_partner_id", "=", partner.id)]
        ).unlink()

    def _check_stage_rights(self, stage_id):
        """Resolving, rejecting or closing a complaint is the follow-up committee's call."""
        stage = self.env["beneficiary.complaint.stage"].browse(stage_id)
        if stage.kind in DONE_KINDS and not (self.env.su or self.env.user.has_group(FOLLOW_UP)):
            raise AccessError(
                self.env._(
                    "Only the follow-up committee or a manager can resolve, reject or close "
                    "a complaint."
                )
            )
