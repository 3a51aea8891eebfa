from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression


class BeneficiaryDocument(models.Model):
    _name = "beneficiary.document"
    _description = "Beneficiary Document"
    _inherit = ["mail.thread"]
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
    expiry_date = fields.Date(tracking=True)
    verified_by_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, tracking=True
    )
    verified_date = fields.Datetime(readonly=True, tracking=True)
    notes = fields.Text()
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
            raise UserError(_("Unsupported search on document status."))
        today = fields.Date.context_today(self)
        values = [value] if isinstance(value, str) else list(value)
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
                    _(
                        "The expiry date of %s cannot be before its issue date.",
                        document.document_type_id.name,
                    )
                )

    @api.constrains("verified_date", "expiry_date", "file")
    def _check_verification(self):
        for document in self.filtered("verified_date"):
            if not document.file:
                raise ValidationError(
                    _("%s cannot be verified: no file is attached.", document.document_type_id.name)
                )
            verified_on = fields.Date.context_today(document, document.verified_date)
            if document.expiry_date and document.expiry_date < verified_on:
                raise ValidationError(
                    _(
                        "%(document)s expired on %(date)s and cannot be verified.",
                        document=document.document_type_id.name,
                        date=document.expiry_date,
                    )
                )

    def write(self, vals):
        # A new file or expiry date means the document must be checked again.
        if {"file", "expiry_date"} & set(vals) and "verified_date" not in vals:
            vals = dict(vals, verified_date=False, verified_by_id=False)
        return super().write(vals)

    def action_verify(self):
        self.write({"verified_by_id": self.env.uid, "verified_date": fields.Datetime.now()})

    def action_unverify(self):
        self.write({"verified_by_id": False, "verified_date": False})

    def _status_on(self, day):
        self.ensure_one()
        if self.expiry_date and self.expiry_date < day:
            return "expired"
        if not self.file:
            return "missing_file"
        return "verified" if self.verified_date else "to_verify"
