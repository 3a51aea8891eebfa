from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import email_normalize

from ..tools import (
    abuse,
    form_record_id,
    format_hijri,
    national_id_error,
    western_digits,
)
from .portal import BeneficiaryPortal

CONTACT_FIELDS = ("mobile", "email", "city")
NATIONAL_ID_CONSTRAINT = "beneficiary_beneficiary_national_id_company_uniq"
REGISTRATION_SCOPE = "beneficiary_relations.portal_registration"
REGISTRATION_LIMIT = 5  # attempts per account and hour, unless the parameter below says
REGISTRATION_LIMIT_PARAM = "beneficiary_relations.portal_registration_hourly_limit"


class BeneficiaryPortalFile(BeneficiaryPortal):
    """The beneficiary's own file: its contact details and documents, and registering one."""

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
                    beneficiary._add_portal_document(
                        document["type"], document["name"], document["content"], document["expiry"]
                    )
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
        try:
            registered = env["beneficiary.beneficiary"]._register_from_portal(values)
        except ValidationError as error:
            return [error.args[0]]
        return [] if registered else [self._registration_refused()]

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
