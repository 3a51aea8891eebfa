from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, escape_psql

from ..tools import NoticeContact, format_hijri, national_id_error, saudi_phone, western_digits

SENSITIVE = "beneficiary_relations.group_br_researcher,beneficiary_relations.group_br_committee"
MANAGER = "beneficiary_relations.group_br_manager"
DECLARATION_FIELDS = {
    "declaration_signed",
    "declaration_signed_by",
    "declaration_date",
    "declaration_method",
    "declaration_form",
    "declaration_form_name",
}
# The contact fields a beneficiary's file keeps in step with its contact.
PARTNER_SYNC_FIELDS = ("name", "email", "mobile", "lang")

# Which transitions each state allows; the wizard asks for a reason where one is required.
TRANSITIONS = {
    "draft": {"registered", "archived"},
    "registered": {"suspended", "archived", "draft"},
    "suspended": {"registered", "archived"},
    "archived": {"draft"},
}
STATES_NEEDING_REASON = {"suspended", "archived"}
# Longer than any identity number or passport: refused before it reaches the database.
MAX_ID_LENGTH = 20


class BeneficiaryBeneficiary(models.Model):
    _name = "beneficiary.beneficiary"
    _description = "Beneficiary"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "beneficiary.notifier.mixin",
        "beneficiary.notice.call.mixin",
    ]
    _order = "name, id"
    _notice_prefix = "beneficiary"

    # Identity
    name = fields.Char(required=True, tracking=True)
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
    national_id = fields.Char(string="ID Number", required=True, copy=False, tracking=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female")])
    birth_date = fields.Date()
    birth_date_hijri = fields.Char(string="Birth Date (Hijri)", compute="_compute_birth_date_hijri")
    age = fields.Integer(compute="_compute_age")
    nationality_id = fields.Many2one("res.country")
    mobile = fields.Char(tracking=True)
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
    document_expiring = fields.Boolean(
        string="Documents Expiring Soon",
        compute="_compute_document_expiring",
        search="_search_document_expiring",
    )
    declaration_text = fields.Text(related="company_id.beneficiary_declaration")
    declaration_signed = fields.Boolean(tracking=True, copy=False)
    declaration_signed_by = fields.Char(
        copy=False, help="Who signed: the beneficiary or their legal guardian."
    )
    declaration_date = fields.Datetime(copy=False)
    declaration_method = fields.Selection(
        [("in_person", "In person (signed form)"), ("online", "Online")], copy=False
    )
    declaration_form = fields.Binary(string="Signed Form", attachment=True, copy=False)
    declaration_form_name = fields.Char(copy=False)

    # Lifecycle
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("registered", "Registered"),
            ("suspended", "Suspended"),
            ("archived", "Archived"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    state_reason = fields.Text(string="Reason", tracking=True, copy=False)
    registration_date = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        (
            "national_id_company_uniq",
            "unique(national_id, company_id)",
            "A beneficiary with this ID number is already registered in this company.",
        ),
    ]

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

    @api.constrains(
        "declaration_signed", "declaration_method", "declaration_form", "declaration_signed_by"
    )
    def _check_declaration(self):
        for beneficiary in self.filtered("declaration_signed"):
            if not (beneficiary.declaration_method and beneficiary.declaration_signed_by):
                raise ValidationError(
                    self.env._(
                        "A signed declaration records who signed it and how (in person or online)."
                    )
                )
            if beneficiary.declaration_method == "in_person" and not beneficiary.declaration_form:
                raise ValidationError(
                    self.env._("A declaration signed in person needs the signed form attached.")
                )

    @api.constrains("partner_id", "company_id")
    def _check_partner_id(self):
        """A file's contact is its own: never a staff member's contact (syncing the file would
        rewrite their sign-in email), never another file's, never another company's."""
        for beneficiary in self.filtered("partner_id"):
            problem = beneficiary._partner_problem(beneficiary.partner_id)
            if problem:
                raise ValidationError(problem)

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

    def action_register(self):
        self.write({"state": "registered"})
        return True

    def action_reset_draft(self):
        self.write({"state": "draft"})
        return True

    def action_open_state_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Status"),
            "res_model": "beneficiary.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_beneficiary_ids": self.ids,
                "default_new_state": self.env.context.get("new_state", "suspended"),
            },
        }

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
        preferred way (see ``tools.notices.notice_route``)."""
        self.ensure_one()
        partner = self.partner_id
        return NoticeContact(
            partner,
            email=self.email or partner.email or False,
            mobile=self.mobile or False,
            lang=self.lang or partner.lang,
            preference=self.preferred_contact,
        )

    def _notice_beneficiary(self):
        return self

    def action_sign_declaration_online(self):
        """Record the declaration as signed online by the current user, who must be the
        beneficiary themselves, signed in to the portal."""
        user = self.env.user
        for beneficiary in self:
            # sudo: portal users only read their file; the contact is the portal identity.
            if not user._is_portal() or beneficiary.sudo().partner_id != user.partner_id:
                raise AccessError(
                    self.env._("Only the beneficiary signs their declaration online.")
                )
        # sudo: the declaration fields are closed to clients; checked above that the signer
        # is this file's own beneficiary.
        self.sudo().write(
            {
                "declaration_signed": True,
                "declaration_method": "online",
                "declaration_signed_by": user.name,
                "declaration_date": fields.Datetime.now(),
            }
        )
        return True

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

    def _text_value(self, vals, field_name, max_length):
        """``vals[field_name]`` as text, refused with a clear message when it is not text (a
        number or a list sent over RPC) or longer than any real value."""
        value = vals[field_name]
        label = self._fields[field_name]._description_string(self.env)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValidationError(self.env._("%s must be text.", label))
        if len(value) > max_length:
            raise ValidationError(
                self.env._(
                    "%(field)s is too long (%(max)s characters at most).",
                    field=label,
                    max=max_length,
                )
            )
        return value

    def _normalized_email(self, email):
        normalized = email_normalize(email)
        if not normalized:
            raise ValidationError(self.env._("%s is not a valid email address.", email.strip()))
        return normalized

    @api.model
    def _normalized_national_id(self, number):
        """An ID number as stored: Western digits, capitals, no spaces."""
        return "".join(western_digits(str(number or "")).split()).upper()

    @api.model
    def _normalized_mobile(self, mobile):
        try:
            return saudi_phone(self.env, mobile)
        except UserError as error:
            raise ValidationError(
                self.env._(
                    "The mobile number %(mobile)s is not valid: %(error)s",
                    mobile=mobile,
                    error=error.args[0],
                )
            ) from error

    def _email_used_elsewhere(self, email):
        """Whether ``email`` (normalized) signs someone else in or is their address, or is the
        email of another file of this company."""
        self.ensure_one()
        pattern = escape_psql(email)
        # sudo: other accounts and files are looked at, never shown; the answer is yes or no.
        others = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("id", "not in", self.sudo().partner_id.user_ids.ids),
                    "|",
                    ("login", "=ilike", pattern),
                    ("partner_id.email_normalized", "=", email),
                ],
                limit=1,
            )
        )
        # sudo: other files may be hidden from the user; only whether one uses the address
        # is answered.
        return bool(others) or bool(
            self.sudo().search_count(
                [
                    ("id", "!=", self.id),
                    ("company_id", "=", self.company_id.id),
                    ("email", "=ilike", pattern),
                ],
                limit=1,
            )
        )

    def _note_portal_registration_attempt(self, user):
        """Someone signed in to the portal tried to register with this file's ID number; the
        portal did not tell them the file exists. Staff are told: the contact officer by an
        activity, else a note on the file."""
        self.ensure_one()
        note = self.env._(
            "%(name)s, signed in to the portal as %(login)s, tried to register online with this "
            "file's ID number. They were not told that the file exists: if they are this "
            "beneficiary, link their account to the file; otherwise, check who is using this ID "
            "number.",
            name=user.name,
            login=user.login,
        )
        if self.contact_officer_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.contact_officer_id.id,
                summary=self.env._("Online registration with this file's ID number"),
                note=note,
            )
        else:
            self.message_post(
                body=note,
                author_id=self.env.ref("base.partner_root").id,
                subtype_xmlid="mail.mt_note",
            )

    def _check_transition(self, new_state, reason):
        if new_state == self.state:
            return
        if new_state not in TRANSITIONS[self.state]:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(name)s cannot go from %(old)s to %(new)s.",
                    name=self.name,
                    old=states[self.state],
                    new=states[new_state],
                )
            )
        if new_state in STATES_NEEDING_REASON and not (reason or "").strip():
            raise UserError(self.env._("Give a reason to suspend or archive %s.", self.name))

    def _registration_problems(self):
        """What still keeps this beneficiary from being registered, as translated lines."""
        self.ensure_one()
        required_types = (
            self.env["beneficiary.document.type"]
            .search([("required_for_registration", "=", True)])
            .filtered(lambda t: t._applies_to(self.category_id))
        )
        problems = self._document_problems(required_types)
        if not self.declaration_signed:
            problems.append(self.env._("The data accuracy declaration is not signed."))
        return problems

    def _document_problems(self, doc_types, extra_documents=None):
        """Why the file's documents (and ``extra_documents``, a request's own) do not satisfy
        each of ``doc_types``, as translated lines."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        statuses = defaultdict(set)
        # sudo: confidential documents are hidden from officers, yet they count towards the
        # file being complete; only their type and status are read.
        documents = self.sudo().document_ids
        if extra_documents:
            documents |= extra_documents.sudo()
        for document in documents:
            statuses[document.document_type_id].add(document._status_on(today))
        problems = [self._document_problem(doc_type, statuses[doc_type]) for doc_type in doc_types]
        return [problem for problem in problems if problem]

    def _document_problem(self, doc_type, statuses):
        """Why documents of ``doc_type`` with these statuses don't satisfy it, or None."""
        if "verified" in statuses:
            return None
        if statuses <= {"missing_file"}:
            return self.env._("%s is missing.", doc_type.name)
        if "to_verify" in statuses:
            return self.env._("%s has not been verified.", doc_type.name)
        return self.env._("%s has expired.", doc_type.name)

    def _check_registration_requirements(self):
        for beneficiary in self:
            problems = beneficiary._registration_problems()
            if problems:
                raise ValidationError(
                    self.env._("%s cannot be registered yet:", beneficiary.name)
                    + "\n- "
                    + "\n- ".join(problems)
                )

    def _create_missing_partners(self):
        for beneficiary in self.filtered(lambda b: not b.partner_id):
            # sudo: officers may neither create contacts nor link them; this one is new and
            # belongs to this file alone.
            beneficiary.sudo().partner_id = (
                self.env["res.partner"].sudo().create(beneficiary._partner_values())
            )

    def _partner_values(self):
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.mobile,
            "mobile": self.mobile,
            "lang": self.lang,
            "company_id": self.company_id.id,
            "city": self.city,
            "state_id": self.region_id.id,
            "country_id": self.env.ref("base.sa").id,
        }

    def _partner_problem(self, partner):
        """Why ``partner`` cannot be this file's contact, or None."""
        self.ensure_one()
        # sudo: officers cannot read users; only whether the contact has any is looked at.
        users = partner.sudo().with_context(active_test=False).user_ids
        if users.filtered(lambda u: not u.share):
            return self.env._(
                "%s is the contact of a staff member's account: a beneficiary's file needs a "
                "contact of its own.",
                partner.display_name,
            )
        # sudo: the contact's company, which the user may not read; only compared.
        if partner.sudo().company_id not in (self.company_id, self.env["res.company"]):
            return self.env._("%s belongs to another company.", partner.display_name)
        # sudo: the other file may be hidden from this user; only its existence matters.
        others = self.sudo().search_count(
            [("partner_id", "=", partner.id), ("id", "!=", self.id)], limit=1
        )
        if others:
            return self.env._(
                "%s is already the contact of another beneficiary's file.", partner.display_name
            )
        return None

    def _check_partner_rights(self, linking_existing):
        """Only managers point a file at an existing contact (a portal account's, say); the
        portal's own registration does it as the superuser, for the signed-in user only."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        if linking_existing:
            message = self.env._("Only a manager can link a new file to an existing contact.")
        else:
            message = self.env._("Only a manager can change the contact of a beneficiary's file.")
        raise AccessError(message)

    def _check_declaration_rights(self, vals):
        """Staff record a declaration signed in person; an online one is signed by the
        beneficiary themselves (``action_sign_declaration_online``) and only a manager may
        change it afterwards."""
        if self.env.su or not DECLARATION_FIELDS & set(vals):
            return
        if vals.get("declaration_method") == "online":
            raise AccessError(
                self.env._("An online declaration is signed by the beneficiary from the portal.")
            )
        signed_online = self.filtered(
            lambda b: b.declaration_signed and b.declaration_method == "online"
        )
        if signed_online and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._(
                    "%s signed the declaration online: only a manager can change it.",
                    signed_online[0].name,
                )
            )

    def _check_sign_in_email_rights(self):
        """The email of a contact with a portal account is where its password reset goes:
        only the account's owner (from the portal) or a manager may change it."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        # sudo: officers cannot read users; only whether the contact has an account is checked.
        with_account = self.sudo().partner_id.with_context(active_test=False).user_ids.partner_id
        if with_account - self.env.user.partner_id:
            raise AccessError(
                self.env._(
                    "This beneficiary signs in to the portal with this email address: only they "
                    "(from the portal) or a manager can change it."
                )
            )

    def _sync_partner(self, filled_only=False):
        """Copy the file's contact details onto its contact (only those the file has, when
        ``filled_only``)."""
        for beneficiary in self.filtered("partner_id"):
            problem = beneficiary._partner_problem(beneficiary.partner_id)
            if problem:
                raise ValidationError(problem)
            values = {
                "name": beneficiary.name,
                "email": beneficiary.email,
                "phone": beneficiary.mobile,
                "mobile": beneficiary.mobile,
                "lang": beneficiary.lang,
            }
            if filled_only:
                values = {key: value for key, value in values.items() if value}
            # sudo: officers may not write contacts. Bounded by the check above: the contact
            # belongs to this file alone, has no staff account and is in the file's company.
            beneficiary.partner_id.sudo().write(values)
