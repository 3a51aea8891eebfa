import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..tools import run_in_batches

_logger = logging.getLogger(__name__)

# Written by the Verify button only.
VERIFICATION_FIELDS = {"verified_by_id", "verified_date"}


class BeneficiaryDocument(models.Model):
    _name = "beneficiary.document"
    _description = "Beneficiary Document"
    _inherit = ["mail.thread", "beneficiary.notifier.mixin"]
    _notice_prefix = "document"
    _order = "beneficiary_id, document_type_id, expiry_date desc, id desc"
    _rec_name = "document_type_id"

    beneficiary_id = fields.Many2one(
        "beneficiary.beneficiary", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="beneficiary_id.company_id", store=True)
    request_id = fields.Many2one(
        "beneficiary.request",
        ondelete="cascade",
        index="btree_not_null",
        help="Set when the document was submitted for one request only.",
    )
    document_type_id = fields.Many2one(
        "beneficiary.document.type", required=True, ondelete="restrict"
    )
    file = fields.Binary(attachment=True, tracking=True)
    file_name = fields.Char()
    number = fields.Char(help="The document's own number, if it has one.")
    issue_date = fields.Date()
    expiry_date = fields.Date(tracking=True, index="btree_not_null")
    verified_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    verified_date = fields.Datetime(readonly=True, tracking=True)
    notes = fields.Text()
    expiry_notified_date = fields.Date(
        copy=False,
        readonly=True,
        help="The expiry date the beneficiary and the officer were last told about: each "
        "expiry date is announced once.",
    )
    status = fields.Selection(
        [
            ("missing_file", "No File"),
            ("to_verify", "To Verify"),
            ("verified", "Verified"),
            ("expired", "Expired"),
        ],
        compute="_compute_status",
        search="_search_status",
        help="Expired: the expiry date has passed, whether or not it was verified before.",
    )

    @api.depends("file", "verified_date", "expiry_date")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.status = document._status_on(today)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on document status."))
        today = fields.Date.context_today(self)
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple):
            raise UserError(self.env._("Unsupported search on document status."))
        domains = {
            "expired": [("expiry_date", "<", today)],
            "missing_file": [
                ("file", "=", False),
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", today),
            ],
            "verified": [
                ("file", "!=", False),
                ("verified_date", "!=", False),
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", today),
            ],
            "to_verify": [
                ("file", "!=", False),
                ("verified_date", "=", False),
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">=", today),
            ],
        }
        unknown = [v for v in values if v not in domains]
        if unknown:
            raise UserError(self.env._("Unknown document status: %s", ", ".join(map(str, unknown))))
        domain = expression.OR([domains[v] for v in values])
        return domain if operator in ("=", "in") else ["!", *domain]

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for document in self:
            if (
                document.issue_date
                and document.expiry_date
                and document.expiry_date < document.issue_date
            ):
                raise ValidationError(
                    self.env._(
                        "The expiry date of %s cannot be before its issue date.",
                        document.document_type_id.name,
                    )
                )

    @api.constrains("verified_date", "expiry_date", "file")
    def _check_verification(self):
        for document in self.filtered("verified_date"):
            if not document.file:
                raise ValidationError(
                    self.env._(
                        "%s cannot be verified: no file is attached.",
                        document.document_type_id.name,
                    )
                )
            verified_on = fields.Date.context_today(document, document.verified_date)
            if document.expiry_date and document.expiry_date < verified_on:
                raise ValidationError(
                    self.env._(
                        "%(document)s expired on %(date)s and cannot be verified.",
                        document=document.document_type_id.name,
                        date=document.expiry_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_verification_rights(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_verification_rights(vals)
        # A new file or expiry date means the document must be checked again.
        if {"file", "expiry_date"} & set(vals) and "verified_date" not in vals:
            vals = dict(vals, verified_date=False, verified_by_id=False)
        if "expiry_date" in vals:
            vals = dict(vals, expiry_notified_date=False)  # a new date gets its own notice
        return super().write(vals)

    def action_verify(self):
        self._set_verification(self.env.user, fields.Datetime.now())
        return True

    def action_unverify(self):
        self._set_verification(self.env["res.users"], False)
        return True

    def _check_verification_rights(self, vals):
        if VERIFICATION_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._("Who verified a document and when is recorded by its Verify button.")
            )

    def _set_verification(self, user, date):
        self.check_access("write")
        # sudo: the verifier fields are closed to clients; the user may write these documents
        # (checked above) and is recorded as the verifier.
        self.sudo().write({"verified_by_id": user.id, "verified_date": date})

    def _status_on(self, day):
        self.ensure_one()
        if self.expiry_date and self.expiry_date < day:
            return "expired"
        if not self.file:
            return "missing_file"
        return "verified" if self.verified_date else "to_verify"

    # Expiry notices ---------------------------------------------------------------------------

    @api.model
    def _cron_document_expiry(self, batch_size=500, max_batches=20):
        """Tell the beneficiary and their contact officer, a set number of days ahead, that a
        document expires; once per expiry date, in committed batches."""
        steps = [
            (
                self,
                self._expiry_notice_domain(),
                "expiry_date, id",
                lambda batch: batch._send_expiry_notices(),
            )
        ]
        done, remaining = run_in_batches(
            self.env, "beneficiary.document.expiry", steps, batch_size, batch_size * max_batches
        )
        # One line a run, whatever the number of documents.
        _logger.info("Document expiry notices: %s documents notified, %s left", done, remaining)
        return done, remaining

    @api.model
    def _expiry_notice_domain(self):
        today = fields.Date.context_today(self)
        horizon = fields.Date.add(today, days=self.env.company.beneficiary_document_expiry_days)
        return [
            ("expiry_date", ">=", today),
            ("expiry_date", "<=", horizon),
            ("beneficiary_id.state", "in", ("draft", "registered")),
            ("expiry_notified_date", "=", False),
        ]

    def _send_expiry_notices(self):
        self._schedule_expiry_activities()
        self._notify_beneficiary("expiry")
        for expiry_date, documents in self.grouped("expiry_date").items():
            documents.write({"expiry_notified_date": expiry_date})

    def _schedule_expiry_activities(self):
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("beneficiary.beneficiary")
        values = [
            {
                "res_model_id": model_id,
                "res_id": document.beneficiary_id.id,
                "activity_type_id": activity_type.id,
                "summary": document._expiry_summary(document.beneficiary_id.contact_officer_id),
                "user_id": document.beneficiary_id.contact_officer_id.id,
                "date_deadline": document.expiry_date,
            }
            for document in self
            if document.beneficiary_id.contact_officer_id
        ]
        # sudo: the cron's own to-dos, for the contact officers of these beneficiaries.
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            values
        )

    def _expiry_summary(self, officer):
        """The to-do's title, in the officer's language."""
        document = self.with_context(lang=officer.lang)
        return document.env._("%s expires soon", document.document_type_id.name)

    # Notices ----------------------------------------------------------------------------------

    def _notice_thread(self):
        """Expiry notices are traced on the beneficiary's file, where staff look."""
        return self.beneficiary_id
