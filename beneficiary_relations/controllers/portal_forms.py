import uuid
from urllib.parse import urlencode

from psycopg2.errors import UniqueViolation

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import plaintext2html
from odoo.tools.misc import mute_logger

from ..tools import form_record_id
from .portal import BeneficiaryPortal

REQUEST_KEY_CONSTRAINT = "beneficiary_request_portal_submission_key_uniq"


class BeneficiaryPortalForms(BeneficiaryPortal):
    """The forms a beneficiary (or their representative) sends: a new request, a new
    complaint."""

    # New request -------------------------------------------------------------------------

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

    # New complaint -----------------------------------------------------------------------

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

    def _deadline_estimate(self, service, beneficiary=None):
        """When a decision can be expected if the file is complete today: the back office's
        own deadline, on the calendar of the company the request will belong to."""
        if not service:
            return False
        # sudo: the company of the beneficiary's own file, to count on its calendar.
        company = (beneficiary and beneficiary.sudo().company_id) or request.env.company
        return service._expected_decision_date(company, company._beneficiary_today())
