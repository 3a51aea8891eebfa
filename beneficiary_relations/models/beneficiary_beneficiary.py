import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import NoticeContact, format_hijri, national_id_error, western_digits
from ..tools.groups import OFFICER, SENSITIVE
from .beneficiary_contact import MAX_ID_LENGTH
from .beneficiary_registration import TRANSITIONS

# The contact fields a beneficiary's file keeps in step with its contact.
PARTNER_SYNC_FIELDS = ("name", "email", "mobile", "lang")

# What people type between the digits of a phone or an ID number.
NUMBER_SEPARATORS = re.compile(r"[\s\-().\u200e\u200f]")


class BeneficiaryBeneficiary(models.Model):
    _name = "beneficiary.beneficiary"
    _description = "Beneficiary"
    _inherit = [
        "beneficiary.registration",
        "beneficiary.contact",
        "beneficiary.online",
        "beneficiary.accessibility",
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.notifier.mixin",
        "beneficiary.notice.call.mixin",
    ]
    _order = "name, id"
    _rec_names_search = ["name", "national_id", "mobile"]
    _notice_prefix = "beneficiary"

    # Identity
    name = fields.Char(required=True, tracking=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="restrict",
        copy=False,
        index=True,
        help="The beneficiary's contact, also their identity on the portal. "
        "Created automatically when left empty.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    id_type = fields.Selection(
        [
            ("national_id", "National ID (citizen)"),
            ("iqama", "Iqama (resident)"),
            ("passport", "Passport"),
            ("gcc_id", "GCC ID"),
        ],
        string="ID Type",
        required=True,
        default="national_id",
        tracking=True,
    )
    national_id = fields.Char(
        string="ID Number", required=True, copy=False, tracking=True, index="trigram"
    )
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    birth_date = fields.Date()
    birth_date_hijri = fields.Char(string="Birth Date (Hijri)", compute="_compute_birth_date_hijri")
    age = fields.Integer(compute="_compute_age")
    nationality_id = fields.Many2one("res.country")
    mobile = fields.Char(tracking=True, index="trigram")
    email = fields.Char(tracking=True)
    city = fields.Char()
    region_id = fields.Many2one("res.country.state", domain="[('country_id.code', '=', 'SA')]")
    lang = fields.Selection(
        selection="_get_languages",
        string="Language",
        default=lambda self: self.env.lang,
        help="Messages to this beneficiary are written in this language.",
    )

    # Situation
    category_id = fields.Many2one("beneficiary.category", tracking=True, index=True)
    contact_officer_id = fields.Many2one(
        "res.users",
        compute="_compute_contact_officer_id",
        store=True,
        readonly=False,
        tracking=True,
        domain=[("share", "=", False)],
    )
    household_size = fields.Integer(default=1)
    dependents_count = fields.Integer(string="Dependents")
    currency_id = fields.Many2one(related="company_id.currency_id")
    monthly_income = fields.Monetary(groups=SENSITIVE)
    housing = fields.Selection(
        [
            ("owned", "Owned"),
            ("rented", "Rented"),
            ("family", "With family"),
            ("charity", "Charity or public housing"),
            ("none", "No fixed housing"),
        ],
        groups=SENSITIVE,
    )
    health_notes = fields.Text(string="Health and Disability Details", groups=SENSITIVE)
    research_notes = fields.Html(string="Social Research Notes", groups=SENSITIVE)
    staff_relative_ids = fields.Many2many(
        "res.users",
        "beneficiary_beneficiary_staff_relative_rel",
        string="Relatives among the Staff",
        domain=[("share", "=", False)],
        groups=OFFICER,
        help="Staff related to this beneficiary: they never vote on the beneficiary's requests "
        "or appeals.",
    )
    preferred_contact = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("phone", "Phone call")],
        default="sms",
        required=True,
        help="How the association tells them what is new: by email, by SMS, or by a phone call "
        "from their officer. When that is not possible (no address or number), the written way "
        "that exists is used.",
    )
    survey_opt_out = fields.Boolean(
        string="Declines Satisfaction Surveys",
        tracking=True,
        help="The beneficiary asked not to receive satisfaction questionnaires: neither the "
        "periodic campaign nor the questionnaire after a service invites them.",
    )
    consent = fields.Boolean(
        string="Consent to Data Processing",
        tracking=True,
        help="The beneficiary agreed that the association processes their data to serve them.",
    )
    consent_date = fields.Datetime(readonly=True)

    representative_ids = fields.One2many(
        "beneficiary.representative", "beneficiary_id", string="Representatives"
    )

    # Documents and declaration
    document_ids = fields.One2many("beneficiary.document", "beneficiary_id", string="Documents")
    document_count = fields.Integer(compute="_compute_document_count")
    request_ids = fields.One2many("beneficiary.request", "beneficiary_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    survey_answer_ids = fields.One2many(
        "survey.user_input", "beneficiary_id", string="Satisfaction Answers"
    )
    survey_invitation_date = fields.Datetime(
        string="Last Questionnaire",
        copy=False,
        readonly=True,
        help="When the beneficiary was last invited to the satisfaction questionnaire, or "
        "found unreachable.",
    )
    declaration_text = fields.Text(related="company_id.beneficiary_declaration")
    document_expiring = fields.Boolean(
        string="Documents Expiring Soon",
        compute="_compute_document_expiring",
        search="_search_document_expiring",
    )

    _sql_constraints = [
        (
            "national_id_company_uniq",
            "unique(national_id, company_id)",
            "A beneficiary with this ID number is already registered in this company.",
        ),
    ]

    @api.model
    def _search_display_name(self, operator, value):
        """Found as people type them, in every picker and search: by name, by ID number (whole
        or any part of it, such as its last 4 digits) and by mobile in any format (05..., 5...,
        +9665..., 009665...), in Western, Arabic-Indic or Persian digits."""
        if operator not in ("ilike", "like") or not isinstance(value, str) or not value.strip():
            return super()._search_display_name(operator, western_digits(value))
        text = western_digits(value).strip()
        compact = NUMBER_SEPARATORS.sub("", text)
        domains = [[("name", operator, text)], [("national_id", operator, compact.upper())]]
        mobile = self._mobile_search_term(compact)
        if mobile:
            domains.append([("mobile", operator, mobile)])
        return expression.OR(domains)

    @api.model
    def _mobile_search_term(self, compact):
        """The part of a stored mobile (+9665XXXXXXXX) that a typed number stands for: without
        its international or trunk prefix (+966, 00966, 966, 0). None for what is not a
        number."""
        if not re.fullmatch(r"\+?\d{3,}", compact):
            return None
        digits = compact.lstrip("+")
        for prefix in ("00966", "966", "0"):
            if digits.startswith(prefix) and len(digits) >= len(prefix) + 2:
                digits = digits[len(prefix) :]
                break
        return digits

    @api.model
    def _get_languages(self):
        return self.env["res.lang"].get_installed()

    @api.depends("birth_date")
    @api.depends_context("lang")
    def _compute_birth_date_hijri(self):
        for beneficiary in self:
            beneficiary.birth_date_hijri = format_hijri(beneficiary.birth_date, self.env.lang)

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for beneficiary in self:
            born = beneficiary.birth_date
            beneficiary.age = (
                today.year - born.year - ((today.month, today.day) < (born.month, born.day))
                if born
                else 0
            )

    @api.depends("category_id")
    def _compute_contact_officer_id(self):
        for beneficiary in self:
            officers = beneficiary.category_id.contact_officer_ids
            if officers and beneficiary.contact_officer_id not in officers:
                beneficiary.contact_officer_id = officers[:1]

    def _compute_document_count(self):
        counts = dict(
            self.env["beneficiary.document"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.document_count = counts.get(beneficiary, 0)

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.request_count = counts.get(beneficiary, 0)

    def _compute_complaint_count(self):
        # Counted under the reader's own rules: a complaint hidden from them is not counted.
        counts = dict(
            self.env["beneficiary.complaint"]._read_group(
                [("beneficiary_id", "in", self.ids)], ["beneficiary_id"], ["__count"]
            )
        )
        for beneficiary in self:
            beneficiary.complaint_count = counts.get(beneficiary, 0)

    def _expiring_documents_domain(self):
        today = fields.Date.context_today(self)
        soon = fields.Date.add(today, days=30)
        return [("expiry_date", ">=", today), ("expiry_date", "<=", soon)]

    def _compute_document_expiring(self):
        expiring = (
            self.env["beneficiary.document"]
            .search([("beneficiary_id", "in", self.ids), *self._expiring_documents_domain()])
            .beneficiary_id
        )
        for beneficiary in self:
            beneficiary.document_expiring = beneficiary in expiring

    def _search_document_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on expiring documents."))
        positive = (operator == "=") == value
        query = self.env["beneficiary.document"]._search(self._expiring_documents_domain())
        return [("id", "in" if positive else "not in", query.subselect("beneficiary_id"))]

    @api.constrains("national_id", "id_type")
    def _check_national_id(self):
        for beneficiary in self:
            error = national_id_error(self.env, beneficiary.national_id, beneficiary.id_type)
            if error:
                raise ValidationError(error)

    @api.constrains("household_size", "dependents_count")
    def _check_household(self):
        for beneficiary in self:
            if beneficiary.household_size < 1 or beneficiary.dependents_count < 0:
                raise ValidationError(
                    self.env._("The household has at least one member and no negative dependents.")
                )
            if beneficiary.dependents_count >= beneficiary.household_size:
                raise ValidationError(
                    self.env._("Dependents must be fewer than the household members.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_vals(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_declaration_rights(vals)
        if any(vals.get("partner_id") for vals in vals_list):
            self._check_partner_rights(linking_existing=True)
        beneficiaries = super().create(vals_list)
        # A contact linked at creation (a portal account's) gets the file's contact details it
        # lacks, such as the mobile its SMS go to; the rest come from the file from now on.
        beneficiaries.filtered("partner_id")._sync_partner(filled_only=True)
        beneficiaries._create_missing_partners()
        beneficiaries.filtered(lambda b: b.state == "registered")._check_registration_requirements()
        return beneficiaries

    def write(self, vals):
        vals = self._prepare_vals(vals)
        self._check_declaration_rights(vals)
        if "partner_id" in vals:
            self._check_partner_rights(linking_existing=False)
        if "email" in vals:
            self._check_sign_in_email_rights()
        new_state = vals.get("state")
        if new_state:
            for beneficiary in self:
                beneficiary._check_transition(new_state, vals.get("state_reason"))
        result = super().write(vals)
        if new_state == "registered":
            self._check_registration_requirements()
            self.filtered(
                lambda b: not b.registration_date
            ).registration_date = fields.Date.context_today(self)
        if set(PARTNER_SYNC_FIELDS) & set(vals):
            self._sync_partner()
        return result

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_document_action"
        )
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id}
        return action

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_request_action"
        )
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id}
        return action

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_complaint_action"
        )
        action["domain"] = [("beneficiary_id", "=", self.id)]
        action["context"] = {"default_beneficiary_id": self.id}
        return action

    def _notice_contact(self):
        """How notices reach this beneficiary: their file's email, mobile, language and
        preferred way (see ``tools.notices.notice_route``), their accessibility needs first:
        who prefers a call is called (the officer reads them the notice), but a hearing need
        is never called, its notices stay written."""
        self.ensure_one()
        partner = self.partner_id
        preference = "phone" if self.access_prefers_call else self.preferred_contact
        if self.access_hearing and preference == "phone":
            preference = False
        return NoticeContact(
            partner,
            email=self.email or partner.email or False,
            mobile=self.mobile or False,
            lang=self.lang or partner.lang,
            preference=preference,
        )

    def _notice_beneficiary(self):
        return self

    def _prepare_vals(self, vals):
        vals = dict(vals)
        if "state" in vals and vals["state"] not in TRANSITIONS:
            raise UserError(
                self.env._("%s is not a status of a beneficiary's file.", vals["state"])
            )
        if vals.get("national_id"):
            number = self._text_value(vals, "national_id", MAX_ID_LENGTH)
            vals["national_id"] = self._normalized_national_id(number)
        if vals.get("mobile"):
            vals["mobile"] = self._normalized_mobile(self._text_value(vals, "mobile", 32))
        if vals.get("email"):
            vals["email"] = self._normalized_email(self._text_value(vals, "email", 254))
        if "consent" in vals:
            vals["consent_date"] = fields.Datetime.now() if vals["consent"] else False
        if vals.get("declaration_signed") and not vals.get("declaration_date"):
            vals["declaration_date"] = fields.Datetime.now()
        return vals
