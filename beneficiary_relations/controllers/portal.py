import base64
import uuid
from urllib.parse import urlencode

from psycopg2.errors import UniqueViolation

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.misc import mute_logger

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import (
    abuse,
    form_record_id,
    format_hijri,
    national_id_error,
    upload_error,
    western_digits,
)

# The request's way through the association, in the beneficiary's words.
REQUEST_STEPS = ("received", "completeness", "research", "committee", "decided", "delivered")
REQUEST_OPEN = ("received", "completeness", "research", "committee")
COMPLAINT_OPEN = ("new", "review", "escalated")
CONTACT_FIELDS = ("mobile", "email", "city")
REQUEST_KEY_CONSTRAINT = "beneficiary_request_portal_submission_key_uniq"
NATIONAL_ID_CONSTRAINT = "beneficiary_beneficiary_national_id_company_uniq"
REGISTRATION_SCOPE = "beneficiary_relations.portal_registration"
REGISTRATION_LIMIT = 5  # attempts per account and hour, unless the parameter below says
REGISTRATION_LIMIT_PARAM = "beneficiary_relations.portal_registration_hourly_limit"
CLAIM_ACCOUNT_SCOPE = "beneficiary_relations.portal_claim_account"
CLAIM_ADDRESS_SCOPE = "beneficiary_relations.portal_claim_address"
CLAIM_FILE_SCOPE = "beneficiary_relations.portal_claim_file"
CLAIM_VERIFY_SCOPE = "beneficiary_relations.portal_claim_verify"
CLAIM_LIMIT = 3  # codes an account may ask for in an hour, unless the parameter below says
CLAIM_LIMIT_PARAM = "beneficiary_relations.portal_claim_hourly_limit"
CLAIM_ADDRESS_LIMIT = 10  # codes asked for from one address in an hour
CLAIM_ADDRESS_LIMIT_PARAM = "beneficiary_relations.portal_claim_address_hourly_limit"
CLAIM_FILE_LIMIT = 3  # codes sent to one file's mobile in an hour, whoever asks
CLAIM_VERIFY_LIMIT = 20  # codes typed by one account in an hour, whatever the claim
# The file a representative acts for, in their browser session.
ACTING_SESSION_KEY = "beneficiary_acting_for"
# A phone screen's worth. Not CustomerPortal._items_per_page: Odoo merges every portal
# controller into one class, so setting that would change other modules' lists too.
ITEMS_PER_PAGE = 20


class BeneficiaryPortal(CustomerPortal):
    # Home -----------------------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("beneficiary_request_count", "beneficiary.request"),
            ("beneficiary_complaint_count", "beneficiary.complaint"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = Model.search_count([]) if Model.has_access("read") else 0
        return values

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["beneficiary"] = self._my_beneficiary()
        acting_for = self._acting_representation()
        values["acting_for"] = acting_for
        values["acting_for_text"] = acting_for and request.env._(
            "You are acting for %(beneficiary)s (%(relation)s).",
            beneficiary=acting_for.beneficiary_id.name,
            relation=acting_for._relation_label(),
        )
        values["represents"] = bool(self._my_representations())
        return values

    def _my_beneficiary(self):
        """The file the signed-in user works on: the one they act for as its representative
        (chosen on /my/beneficiary/act), else their own."""
        representation = self._acting_representation()
        if representation:
            return representation.beneficiary_id.with_env(request.env)
        return self._own_beneficiary()

    def _own_beneficiary(self):
        user = request.env.user
        if user._is_public():
            return request.env["beneficiary.beneficiary"]
        return request.env["beneficiary.beneficiary"].search(
            [("partner_id", "=", user.partner_id.id)], limit=1
        )

    def _my_representations(self):
        """The signed-in user's authorisations valid today (verified, document not expired)."""
        user = request.env.user
        if user._is_public() or not user._is_portal():
            return request.env["beneficiary.representative"]
        # sudo: bounded to the authorisations this user's own contact holds, valid today.
        return request.env["beneficiary.representative"].sudo()._valid_for(user.partner_id)

    def _acting_representation(self):
        """The authorisation the user acts under now, if they chose one and it still holds."""
        beneficiary_id = request.session.get(ACTING_SESSION_KEY)
        if not beneficiary_id:
            return request.env["beneficiary.representative"]
        representation = self._my_representations().filtered(
            lambda r: r.beneficiary_id.id == beneficiary_id
        )[:1]
        if not representation:
            # Expired, revoked or never there: back to their own file.
            request.session.pop(ACTING_SESSION_KEY, None)
        return representation

    def _max_upload_mb(self):
        return request.env.company.beneficiary_max_upload_mb

    def _read_upload(self, upload):
        """(name, content, error) of an uploaded file; content None when nothing was sent."""
        if not upload or not upload.filename:
            return None, None, None
        content = upload.read()
        return (
            upload.filename,
            content,
            upload_error(request.env, upload.filename, content, self._max_upload_mb()),
        )

    # Requests -------------------------------------------------------------------------------

    def _request_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "open": {
                "label": env._("In progress"),
                "domain": [("stage_kind", "in", REQUEST_OPEN)],
            },
            "decided": {
                "label": env._("Decided"),
                "domain": [("stage_kind", "in", ("decided", "delivered", "closed"))],
            },
            "cancelled": {
                "label": env._("Cancelled"),
                "domain": [("stage_kind", "=", "cancelled")],
            },
        }

    def _request_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc"},
            "stage": {"label": env._("Status"), "order": "stage_id, id desc"},
        }

    @http.route(
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_requests(self, page=1, sortby="date", filterby="all", **kw):
        Request = request.env["beneficiary.request"]
        filters, sortings = self._request_filters(), self._request_sortings()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        domain = filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/requests",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Request.search_count(domain),
            page=page,
            step=ITEMS_PER_PAGE,
        )
        requests = Request.search(
            domain,
            order=sortings[sortby]["order"],
            limit=ITEMS_PER_PAGE,
            offset=pager["offset"],
        )
        request.session["my_beneficiary_requests_history"] = requests.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "beneficiary_requests": requests,
                "page_name": "beneficiary_request",
                "default_url": "/my/requests",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("beneficiary_relations.portal_my_requests", values)

    @http.route("/my/requests/<int:request_id>", type="http", auth="public", website=True)
    def portal_my_request(self, request_id, access_token=None, **kw):
        try:
            record = self._document_check_access("beneficiary.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        lang = request.env.lang
        record = record.with_context(lang=lang)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_request",
                "beneficiary_request": record,
                "steps": self._request_steps(record),
                "deadline_hijri": format_hijri(record.date_deadline, lang),
                "documents": record.document_ids | record.beneficiary_id.document_ids,
                "submitted": kw.get("submitted"),
            }
        )
        values = self._get_page_view_values(
            record, access_token, values, "my_beneficiary_requests_history", False
        )
        return request.render("beneficiary_relations.portal_my_request", values)

    def _request_steps(self, record):
        """The progress line: each step with its label and whether it is done or current."""
        labels = dict(
            request.env["beneficiary.request.stage"]
            ._fields["kind"]
            ._description_selection(request.env)
        )
        kinds = [k for k in REQUEST_STEPS if k != "research" or record.research_required]
        current = record.stage_kind
        reached = kinds.index(current) if current in kinds else len(kinds)
        if current == "closed":
            reached = len(kinds)
        return [
            {
                "label": labels[kind],
                "state": "done" if i < reached else ("current" if i == reached else "todo"),
            }
            for i, kind in enumerate(kinds)
        ]

    @http.route("/my/requests/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_new_request(self, service_id=None, submission_key=None, **kw):
        beneficiary = self._my_beneficiary()
        if not beneficiary:
            return request.redirect("/my/beneficiary/register")
        done = self._request_by_key(beneficiary, submission_key)
        if done:
            return self._redirect_submitted(done)
        return self._render_new_request(beneficiary, {"service_id": service_id}, [])

    def _render_new_request(self, beneficiary, form, errors):
        services = request.env["beneficiary.service"].search([])
        service_id = form_record_id(form.get("service_id"))
        service = services.filtered(lambda s: s.id == service_id)[:1]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_request_new",
                "services": services,
                "service": service,
                "expected_date": self._deadline_estimate(service, beneficiary),
                "form": form,
                "errors": errors,
                # sudo: the declaration text of the beneficiary's own company.
                "declaration": beneficiary.sudo().company_id.beneficiary_declaration,
                "max_upload_mb": self._max_upload_mb(),
                "submission_key": form.get("submission_key") or uuid.uuid4().hex,
            }
        )
        return request.render("beneficiary_relations.portal_new_request", values)

    @http.route(
        "/my/requests/new", type="http", auth="user", website=True, methods=["POST"], csrf=True
    )
    def portal_submit_request(self, **form):
        beneficiary = self._my_beneficiary()
        if not beneficiary:
            return request.redirect("/my/beneficiary/register")
        key = (form.get("submission_key") or "")[:64]
        done = self._request_by_key(beneficiary, key)
        if done:
            return self._redirect_submitted(done)
        service, files, errors = self._validate_request_form(beneficiary, form)
        if errors:
            return self._render_new_request(beneficiary, form, errors)
        try:
            with request.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                record = self._create_portal_request(beneficiary, service, form, files, key)
        except UniqueViolation as error:
            if error.diag.constraint_name != REQUEST_KEY_CONSTRAINT:
                raise
            # The same form sent twice at once (a double click): the other post created the
            # request, in a transaction this one cannot see; the next page finds it by its key.
            return request.redirect(f"/my/requests/new?{urlencode({'submission_key': key})}")
        except ValidationError as error:
            return self._render_new_request(beneficiary, form, [error.args[0]])
        return self._redirect_submitted(record)

    def _request_by_key(self, beneficiary, key):
        """The request this beneficiary already sent with this form, if any."""
        if not key:
            return request.env["beneficiary.request"]
        return request.env["beneficiary.request"].search(
            [("portal_submission_key", "=", key[:64]), ("beneficiary_id", "=", beneficiary.id)],
            limit=1,
        )

    def _redirect_submitted(self, record):
        return request.redirect(f"/my/requests/{record.id}?submitted=1")

    def _validate_request_form(self, beneficiary, form):
        env = request.env
        errors = []
        service = env["beneficiary.service"].search(
            [("id", "=", form_record_id(form.get("service_id")))]
        )
        if not service:
            errors.append(env._("Choose one of the services offered."))
        if beneficiary.state in ("suspended", "archived"):
            errors.append(
                env._("Your file is suspended or archived: please contact the association.")
            )
        if not form.get("declaration"):
            errors.append(env._("Please read and accept the declaration."))
        if len(form.get("description") or "") > 5000:
            errors.append(env._("The description is too long (5,000 characters at most)."))
        files = []
        for doc_type in service.document_type_ids:
            name, content, error = self._read_upload(
                request.httprequest.files.get(f"document_{doc_type.id}")
            )
            if error:
                errors.append(error)
            elif content:
                files.append((doc_type, name, content))
        return service, files, errors

    def _create_portal_request(self, beneficiary, service, form, files, key):
        description = plaintext2html(form.get("description") or "")
        return request.env["beneficiary.request"]._create_from_portal(
            beneficiary, service, description, files, key
        )

    # Complaints -----------------------------------------------------------------------------

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["beneficiary.complaint"]
        pager = portal_pager(
            url="/my/complaints",
            total=Complaint.search_count([]),
            page=page,
            step=ITEMS_PER_PAGE,
        )
        complaints = Complaint.search(
            [],
            order="date_received desc, id desc",
            limit=ITEMS_PER_PAGE,
            offset=pager["offset"],
        )
        request.session["my_beneficiary_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "beneficiary_complaint",
                "default_url": "/my/complaints",
                "pager": pager,
            }
        )
        return request.render("beneficiary_relations.portal_my_complaints", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            record = self._document_check_access(
                "beneficiary.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_complaint",
                "complaint": record,
                "deadline_hijri": format_hijri(record.date_deadline, request.env.lang),
                "is_open": record.stage_kind in COMPLAINT_OPEN,
            }
        )
        values = self._get_page_view_values(
            record, access_token, values, "my_beneficiary_complaints_history", False
        )
        return request.render("beneficiary_relations.portal_my_complaint", values)

    @http.route(
        "/my/complaints/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_complaint(self, **form):
        errors = []
        if request.httprequest.method == "POST":
            errors = self._complaint_form_errors(form)
            if not errors:
                complaint = self._create_portal_complaint(form)
                return request.redirect(f"/my/complaints/{complaint.id}")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_complaint_new",
                "categories": request.env["beneficiary.complaint.category"].search([]),
                "form": form,
                "errors": errors,
                "max_upload_mb": self._max_upload_mb(),
            }
        )
        return request.render("beneficiary_relations.portal_new_complaint", values)

    def _complaint_form_errors(self, form):
        env = request.env
        errors = []
        if not (form.get("subject") or "").strip():
            errors.append(env._("Write the subject of your message."))
        if not (form.get("description") or "").strip():
            errors.append(env._("Describe your complaint, suggestion or inquiry."))
        if len(form.get("subject") or "") > 200 or len(form.get("description") or "") > 5000:
            errors.append(env._("The text is too long."))
        if form.get("complaint_type") not in ("complaint", "suggestion", "inquiry", "praise"):
            errors.append(env._("Choose the type of your message."))
        if form.get("category_id") and not self._complaint_category(form):
            errors.append(env._("Choose one of the topics in the list."))
        _name, _content, error = self._read_upload(request.httprequest.files.get("attachment"))
        if error:
            errors.append(error)
        return errors

    def _complaint_category(self, form):
        return request.env["beneficiary.complaint.category"].search(
            [("id", "=", form_record_id(form.get("category_id")))]
        )

    def _create_portal_complaint(self, form):
        env = request.env
        upload = request.httprequest.files.get("attachment")
        attachments = []
        if upload and upload.filename:
            upload.seek(0)
            attachments.append((upload.filename, upload.read()))
        beneficiary = self._my_beneficiary()
        representation = self._acting_representation()
        # A representative complains for the beneficiary: the complaint is the beneficiary's.
        # sudo: the contact of the file this user validly represents (portal users do not
        # read others' contacts); only used as the complainant.
        complainant = beneficiary.sudo().partner_id if representation else env.user.partner_id
        values = {
            "complaint_type": form["complaint_type"],
            "category_id": self._complaint_category(form).id,
            "subject": form["subject"].strip(),
            "description": plaintext2html(form["description"]),
            "company_id": (beneficiary.company_id or request.website.company_id).id,
        }
        return env["beneficiary.complaint"]._create_from_intake(
            "portal", values, complainant, attachments, representative=representation
        )

    # Beneficiary file -----------------------------------------------------------------------

    @http.route("/my/beneficiary", type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_beneficiary(self, **form):
        beneficiary = self._my_beneficiary()
        if not beneficiary:
            return request.redirect("/my/beneficiary/register")
        errors, saved = [], False
        if request.httprequest.method == "POST":
            errors = self._update_beneficiary(beneficiary, form)
            saved = not errors
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_file",
                "document_types": request.env["beneficiary.document.type"].search([]),
                "documents": beneficiary.document_ids,
                "errors": errors,
                "saved": saved,
                "form": form,
                "birth_date_hijri": format_hijri(beneficiary.birth_date, request.env.lang),
                "max_upload_mb": self._max_upload_mb(),
            }
        )
        return request.render("beneficiary_relations.portal_my_beneficiary", values)

    def _update_beneficiary(self, beneficiary, form):
        """Contact details change at once (tracked); documents arrive unverified, for staff to
        verify: a verified document is never overwritten. A representative sends documents
        but does not change the contact details: the mobile and email are where the
        beneficiary's own codes and password resets go."""
        if self._acting_representation():
            form = {key: value for key, value in form.items() if key not in CONTACT_FIELDS}
        changes, errors = self._contact_changes(beneficiary, form)
        document, document_errors = self._sent_document(form)
        errors += document_errors
        if errors:
            return errors
        try:
            with request.env.cr.savepoint():
                if changes:
                    # sudo: portal users write no file. Bounded to their own file (found from
                    # their account) and its contact fields, checked above.
                    beneficiary.sudo().write(changes)
                if document:
                    self._add_document(beneficiary, document)
        except ValidationError as validation:
            errors.append(validation.args[0])
        return errors

    def _contact_changes(self, beneficiary, form):
        """(the contact details the form changes, errors)"""
        typed = {
            field: (form.get(field) or "").strip() for field in CONTACT_FIELDS if field in form
        }
        if "mobile" in typed:
            typed["mobile"] = western_digits(typed["mobile"])
        changes = {
            field: value for field, value in typed.items() if value != (beneficiary[field] or "")
        }
        if not changes.get("email"):
            return changes, []
        email = email_normalize(changes["email"]) if len(changes["email"]) <= 254 else False
        if not email:
            message = request.env._("The email address %s does not look right.", changes["email"])
            return changes, [message]
        if beneficiary._email_used_elsewhere(email):
            message = request.env._(
                "The email address %s is already used by another account or file: enter your "
                "own address.",
                changes["email"],
            )
            return changes, [message]
        return dict(changes, email=email), []

    def _sent_document(self, form):
        """(the document sent with the form or None, errors)"""
        env = request.env
        name, content, error = self._read_upload(request.httprequest.files.get("document"))
        if error or not content:
            return None, [error] if error else []
        errors = []
        doc_type = env["beneficiary.document.type"].search(
            [("id", "=", form_record_id(form.get("document_type_id")))]
        )
        if not doc_type:
            errors.append(env._("Choose the type of the document you send."))
        expiry_text = western_digits((form.get("expiry_date") or "").strip())
        expiry = self._form_date(expiry_text)
        if expiry is None:
            errors.append(
                env._(
                    "The expiry date %s is not a valid date: pick it from the calendar.",
                    expiry_text[:32],
                )
            )
        document = {"type": doc_type, "name": name, "content": content, "expiry": expiry}
        return document, errors

    def _form_date(self, text):
        """The date a form field holds as YYYY-MM-DD; False when empty, None when invalid."""
        if not text:
            return False
        try:
            return fields.Date.to_date(text)
        except ValueError:
            return None

    def _add_document(self, beneficiary, document):
        # sudo: portal users create no document and schedule no activity. Bounded to their own
        # file; the document arrives unverified, for the officer the activity goes to.
        record = (
            request.env["beneficiary.document"]
            .sudo()
            .create(
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": document["type"].id,
                    "file": base64.b64encode(document["content"]),
                    "file_name": document["name"],
                    "expiry_date": document["expiry"],
                }
            )
        )
        # sudo: the beneficiary's own file: its officer gets a to-do to verify the upload.
        officer = beneficiary.sudo().contact_officer_id
        beneficiary.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=officer.id or request.env.ref("base.user_admin").id,
            summary=request.env._("Verify the document sent through the portal"),
            note=record.document_type_id.name,
        )
        return record

    @http.route(
        "/my/beneficiary/register", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_register_beneficiary(self, **form):
        if self._my_beneficiary():
            return request.redirect("/my/beneficiary")
        env = request.env
        errors, status = [], 200
        if request.httprequest.method == "POST":
            if self._over_registration_limit():
                status = 429
                errors = [
                    env._(
                        "Too many registration attempts from your account in the last hour. "
                        "Please try again later, or contact the association."
                    )
                ]
            else:
                errors = self._register_beneficiary(form)
                if not errors:
                    return request.redirect("/my/beneficiary")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_register",
                "categories": env["beneficiary.category"].search([]),
                "form": form,
                "errors": errors,
            }
        )
        return request.render(
            "beneficiary_relations.portal_register_beneficiary", values, status=status
        )

    def _over_registration_limit(self):
        """Whether this account already tried the hour's registrations; else this try counts,
        whatever comes of it."""
        env = request.env
        sender = abuse.fingerprint(env, REGISTRATION_SCOPE, env.user.id)
        limit = abuse.hourly_limit(env, REGISTRATION_LIMIT_PARAM, REGISTRATION_LIMIT)
        return abuse.over_hourly_limit(env, REGISTRATION_SCOPE, sender, limit)

    def _register_beneficiary(self, form):
        """Open the signed-in user's file; the errors to show if it cannot be. An ID number
        already on file gets the same answer as any other refusal the visitor cannot fix
        online, so that the form does not tell whose ID numbers are on file; staff are told."""
        env = request.env
        values, errors = self._registration_values(form)
        if errors:
            return errors
        # sudo: the file with this ID number may be someone else's. It is not shown: only its
        # contact officer is told of the attempt.
        known = (
            env["beneficiary.beneficiary"]
            .sudo()
            .search(
                [("national_id", "=", values["national_id"]), ("company_id", "=", env.company.id)],
                limit=1,
            )
        )
        if known:
            known._note_portal_registration_attempt(env.user)
            return [self._registration_refused()]
        try:
            with env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self._create_beneficiary(values)
        except UniqueViolation as error:
            if error.diag.constraint_name != NATIONAL_ID_CONSTRAINT:
                raise
            # Registered at this very moment from another account: the same answer.
            return [self._registration_refused()]
        except ValidationError as validation:
            return [validation.args[0]]
        return []

    def _registration_refused(self):
        return request.env._(
            "We could not open a file with these details online. If you already have a file "
            "with the association, contact them so they can link it to your account."
        )

    def _registration_values(self, form):
        """(the new file's values, the errors in what was typed)"""
        env = request.env
        Beneficiary = env["beneficiary.beneficiary"]
        errors = self._registration_missing(form)
        id_type = form.get("id_type") or "national_id"
        known_type = id_type in dict(Beneficiary._fields["id_type"].selection)
        if not known_type:
            errors.append(env._("Choose the type of your identity document."))
        category = self._registration_category(form)
        if form.get("category_id") and not category:
            errors.append(env._("Choose one of the categories in the list."))
        national_id = Beneficiary._normalized_national_id(form.get("national_id"))
        if national_id and known_type:
            id_error = national_id_error(env, national_id, id_type)
            if id_error:
                errors.append(id_error)
        mobile = western_digits((form.get("mobile") or "").strip())
        if mobile:
            try:
                mobile = Beneficiary._normalized_mobile(mobile)
            except ValidationError as validation:
                errors.append(validation.args[0])
        values = {
            "name": (form.get("name") or "").strip(),
            "id_type": id_type,
            "national_id": national_id,
            "mobile": mobile,
            "category_id": category.id,
            "company_id": env.company.id,
        }
        return values, errors

    def _registration_category(self, form):
        return request.env["beneficiary.category"].search(
            [("id", "=", form_record_id(form.get("category_id")))]
        )

    def _registration_missing(self, form):
        env = request.env
        errors = []
        for field, label in (
            ("name", env._("your full name")),
            ("national_id", env._("your national ID or iqama number")),
            ("mobile", env._("your mobile number")),
        ):
            if not (form.get(field) or "").strip():
                errors.append(env._("Please enter %s.", label))
        if not form.get("consent"):
            errors.append(env._("Please agree to the processing of your data."))
        return errors

    def _create_beneficiary(self, values):
        env = request.env
        # sudo: portal users create no file. This one is the signed-in user's own, linked to
        # their contact, with the values checked above.
        return (
            env["beneficiary.beneficiary"]
            .sudo()
            .create(
                dict(
                    values,
                    email=env.user.partner_id.email,
                    partner_id=env.user.partner_id.id,
                    consent=True,
                    lang=env.lang,
                )
            )
        )

    def _deadline_estimate(self, service, beneficiary=None):
        """When a decision can be expected if the file is complete today: the back office's
        own deadline, on the calendar of the company the request will belong to."""
        if not service:
            return False
        # sudo: the company of the beneficiary's own file, to count on its calendar.
        company = (beneficiary and beneficiary.sudo().company_id) or request.env.company
        return service._expected_decision_date(company, company._beneficiary_today())

    # Representatives ------------------------------------------------------------------------

    @http.route(
        "/my/beneficiary/act", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_act_for(self, **form):
        representations = self._my_representations()
        if request.httprequest.method == "POST":
            chosen = form_record_id(form.get("beneficiary_id"))
            representation = representations.filtered(lambda r: r.beneficiary_id.id == chosen)
            if representation:
                request.session[ACTING_SESSION_KEY] = representation.beneficiary_id.id
            else:
                request.session.pop(ACTING_SESSION_KEY, None)
            return request.redirect("/my/home")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_act",
                "own_file": self._own_beneficiary(),
                "representations": representations,
            }
        )
        return request.render("beneficiary_relations.portal_act_for", values)

    # Claiming a file ------------------------------------------------------------------------

    @http.route(
        "/my/beneficiary/claim", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_claim_beneficiary(self, **form):
        """Link the signed-in account to the file the association already has: its ID number,
        then the code sent by SMS to the mobile on that file. Whether the number is on file is
        never told: every ID number leads to the code step, every wrong code to one answer."""
        env = request.env
        if self._own_beneficiary():
            return request.redirect("/my/beneficiary")
        if not env.user._is_portal():
            return request.redirect("/my")
        step, errors, status, notice = "id", [], 200, False
        if request.httprequest.method == "POST":
            if "code" in form:
                step = "code"
                if self._over_claim_limit(CLAIM_VERIFY_SCOPE, env.user.id, CLAIM_VERIFY_LIMIT):
                    errors, status = [self._claim_too_many()], 429
                else:
                    # sudo: codes are readable by no one; bounded to this user's own claim.
                    claimed = (
                        env["beneficiary.portal.claim"]
                        .sudo()
                        ._verify(env.user, western_digits(form.get("code") or ""))
                    )
                    if claimed:
                        return request.redirect("/my/beneficiary?claimed=1")
                    errors = [self._claim_code_refused()]
            else:
                national_id = env["beneficiary.beneficiary"]._normalized_national_id(
                    (form.get("national_id") or "")[:32]
                )
                if not national_id:
                    errors = [env._("Please enter %s.", env._("your national ID or iqama number"))]
                elif self._over_claim_start_limit():
                    errors, status = [self._claim_too_many()], 429
                else:
                    self._start_claim(national_id)
                    step, notice = "code", True
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_claim",
                "step": step,
                "notice": notice,
                "errors": errors,
                "form": form,
            }
        )
        return request.render(
            "beneficiary_relations.portal_claim_beneficiary", values, status=status
        )

    def _start_claim(self, national_id):
        env = request.env
        company = request.website.company_id
        # sudo: bounded to the file of the website's company with this exact ID number; the
        # code goes to the mobile on that file only, and nothing of it is shown here.
        Claim = env["beneficiary.portal.claim"].sudo()
        known = (
            env["beneficiary.beneficiary"]
            .sudo()
            .search([("national_id", "=", national_id), ("company_id", "=", company.id)], limit=1)
        )
        if known and self._over_claim_limit(CLAIM_FILE_SCOPE, known.id, CLAIM_FILE_LIMIT):
            # This file's mobile already got the hour's codes: no more SMS to it; the same
            # answer to the visitor, whose code will simply not come.
            national_id = ""
        return Claim._start(env.user, company, national_id)

    def _over_claim_start_limit(self):
        """Whether this account or this address already asked for the hour's codes; else this
        request counts, for both."""
        env = request.env
        limit = abuse.hourly_limit(env, CLAIM_LIMIT_PARAM, CLAIM_LIMIT)
        address_limit = abuse.hourly_limit(env, CLAIM_ADDRESS_LIMIT_PARAM, CLAIM_ADDRESS_LIMIT)
        address = abuse.address_fingerprint(
            env, CLAIM_ADDRESS_SCOPE, request.httprequest.remote_addr
        )
        return self._over_claim_limit(CLAIM_ACCOUNT_SCOPE, env.user.id, limit) or (
            abuse.over_hourly_limit(env, CLAIM_ADDRESS_SCOPE, address, address_limit)
        )

    def _over_claim_limit(self, scope, value, limit):
        env = request.env
        return abuse.over_hourly_limit(env, scope, abuse.fingerprint(env, scope, value), limit)

    def _claim_code_refused(self):
        return request.env._(
            "This code does not match, or it has expired. Check the code in the SMS, or ask for "
            "a new one. If no SMS comes, contact the association: they can link your account "
            "to your file."
        )

    def _claim_too_many(self):
        return request.env._(
            "Too many attempts from your account or your connection in the last hour. Please "
            "try again later, or contact the association."
        )
