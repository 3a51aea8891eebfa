"""The public complaint link of the association's website: a form anyone may send without an
account (anonymously if they wish), and a tracking page opened with the short tracking code
given at submission (and sent by mail or SMS when contact details were given), or with the
reference and access token of older links. The tracking page shows the answer and offers the
rating, with nothing chosen in advance."""

import posixpath
from urllib.parse import urlencode

from psycopg2.errors import UniqueViolation

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import mute_logger

from ..tools import (
    abuse,
    format_tracking_code,
    saudi_phone,
    upload_error,
)

HOURLY_LIMIT = 5  # complaints per sender address and hour, unless the parameter below says
HOURLY_LIMIT_PARAM = "beneficiary_relations.public_complaint_hourly_limit"
KEY_CONSTRAINT = "beneficiary_complaint_website_submission_key_uniq"
KEY_SCOPE = "beneficiary_relations.public_complaint_form"
ADDRESS_SCOPE = "beneficiary_relations.public_complaint_address"
MAX_SUBJECT = 200
MAX_DESCRIPTION = 5000
MAX_NAME = 128
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
# Pages that carry a tracking code: never cached, never indexed, never sent as a referrer.
SECRET_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


# The public pages of the complaint link: anyone, without an account, on the website.
PUBLIC_PAGE = {"type": "http", "auth": "public", "website": True}


class ComplaintController(http.Controller):
    # Form -----------------------------------------------------------------------------------

    @http.route("/complaint", methods=["GET"], **PUBLIC_PAGE)
    def complaint_form(self, **kw):
        form = {}
        partner = self._portal_partner()
        if partner:
            form = {
                "contact_name": partner.name,
                "email": partner.email,
                "phone": partner.mobile or partner.phone,
            }
        return self._render_form(form)

    @http.route("/complaint", methods=["POST"], **PUBLIC_PAGE, csrf=True, sitemap=False)
    def complaint_submit(self, **form):
        env = request.env
        if form.get("website_url"):
            # The honeypot a person never sees was filled: a robot. Say thanks, keep nothing.
            return self._render_secret("beneficiary_relations.website_complaint_thanks", {})
        key = form.get("submission_key") or ""
        if not self._valid_key(key):
            return self._render_form(
                form,
                [env._("This form has expired. Please check your message and send it again.")],
            )
        if self._complaint_by_key(key):
            return self._redirect_thanks(key)
        values, upload, errors = self._validate(form)
        if errors:
            return self._render_form(form, errors)
        if self._over_hourly_limit():
            return self._render_form(
                form,
                [
                    env._(
                        "Too many messages were sent from your connection in the last hour. "
                        "Please try again later, or call the association."
                    )
                ],
                status=429,
            )
        values.update(website_submission_key=key)
        try:
            with env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self._create_complaint(values, upload)
        except UniqueViolation as error:
            if error.diag.constraint_name != KEY_CONSTRAINT:
                raise
            # The same form sent twice at once (a double click): the other request recorded it.
        return self._redirect_thanks(key)

    @http.route("/complaint/thanks", methods=["GET"], **PUBLIC_PAGE, sitemap=False)
    def complaint_thanks(self, key=None, **kw):
        complaint = self._valid_key(key) and self._complaint_by_key(key)
        if not complaint:
            return request.redirect(self._localized("/complaint"))
        channel, _reason = complaint._notice_route()
        return self._render_secret(
            "beneficiary_relations.website_complaint_thanks",
            {
                "reference": complaint.name,
                "code": complaint._notice_tracking_code(),
                "track_url": self._track_url(complaint),
                "sent_by": channel,
            },
        )

    # Rendering ------------------------------------------------------------------------------

    def _page_values(self):
        lang = request.env["res.lang"]._get_data(code=request.env.lang)
        return {"direction": lang.direction or "ltr"}

    def _render_form(self, form, errors=(), status=200):
        env = request.env
        values = self._page_values()
        values.update(
            {
                "form": form,
                "errors": errors,
                "complaint_types": env["beneficiary.complaint"]
                ._fields["complaint_type"]
                ._description_selection(env),
                "categories": self._categories(),
                "max_upload_mb": self._company().beneficiary_max_upload_mb,
                "submission_key": self._new_key(),
            }
        )
        return request.render("beneficiary_relations.website_complaint_form", values, status=status)

    def _render_secret(self, template, values, status=200):
        values = dict(self._page_values(), **values)
        return request.render(template, values, headers=SECRET_HEADERS, status=status)

    def _redirect_thanks(self, key):
        return request.redirect(self._localized(f"/complaint/thanks?key={key}"))

    def _localized(self, url):
        return request.env["ir.http"]._url_for(url)

    def _track_url(self, complaint):
        query = urlencode({"code": format_tracking_code(complaint.tracking_code)})
        return self._localized(f"/complaint/track?{query}")

    # Validation -----------------------------------------------------------------------------

    def _company(self):
        # sudo: the public reads the website company's form settings (limits, categories).
        return request.website.company_id.sudo()

    def _categories(self):
        return (
            # sudo: the public lists the topics of the website's company and shared ones only.
            request.env["beneficiary.complaint.category"]
            .sudo()
            .search(["|", ("company_id", "=", False), ("company_id", "=", self._company().id)])
        )

    def _validate(self, form):
        """(complaint values, (file name, content) or None, errors) of a submitted form."""
        env = request.env
        errors = []
        complaint_type = form.get("complaint_type") or ""
        if complaint_type not in dict(
            env["beneficiary.complaint"]._fields["complaint_type"]._description_selection(env)
        ):
            errors.append(env._("Choose the type of your message."))
        category = env["beneficiary.complaint.category"]
        if form.get("category_id"):
            category = self._categories().filtered(lambda c: str(c.id) == form["category_id"])
            if not category:
                errors.append(env._("Choose one of the topics in the list."))
        subject = (form.get("subject") or "").strip()
        description = (form.get("description") or "").strip()
        if not subject:
            errors.append(env._("Write the subject of your message."))
        elif len(subject) > MAX_SUBJECT:
            errors.append(env._("The subject is too long (%s characters at most).", MAX_SUBJECT))
        if not description:
            errors.append(env._("Describe your complaint, suggestion or inquiry."))
        elif len(description) > MAX_DESCRIPTION:
            errors.append(env._("The description is too long (5,000 characters at most)."))
        anonymous = bool(form.get("anonymous"))
        contact, contact_errors = ({}, []) if anonymous else self._contact_values(form)
        errors += contact_errors
        upload, upload_problem = self._read_upload()
        if upload_problem:
            errors.append(upload_problem)
        values = dict(
            contact,
            complaint_type=complaint_type,
            category_id=category.id,
            subject=subject,
            description=plaintext2html(description),
            anonymous=anonymous,
        )
        return values, upload, errors

    def _contact_values(self, form):
        env = request.env
        errors = []
        name = (form.get("contact_name") or "").strip()
        if len(name) > MAX_NAME:
            errors.append(env._("The name is too long (%s characters at most).", MAX_NAME))
        phone = (form.get("phone") or "").strip()
        if phone:
            normalized = self._normalized_phone(phone)
            if not normalized:
                errors.append(
                    env._(
                        "The phone number %s does not look right: write it like 05XXXXXXXX "
                        "or +9665XXXXXXXX.",
                        phone[:32],
                    )
                )
            phone = normalized
        email = (form.get("email") or "").strip()
        if email:
            normalized = email_normalize(email) if len(email) <= 254 else False
            if not normalized:
                errors.append(env._("The email address %s does not look right.", email[:254]))
            email = normalized
        return {
            "contact_name": name or False,
            "contact_phone": phone or False,
            "email_from": email or False,
        }, errors

    def _normalized_phone(self, phone):
        # Read as a Saudi number whatever the company's country.
        try:
            return saudi_phone(request.env, phone)
        except UserError:
            return False

    def _read_upload(self):
        """((name, content) or None, error). Only a little more than the limit is read, and
        the type comes from the content, which must agree with the file's extension."""
        upload = request.httprequest.files.get("attachment")
        if not upload or not upload.filename:
            return None, None
        name = posixpath.basename(upload.filename.replace("\\", "/"))[-200:] or "attachment"
        max_mb = self._company().beneficiary_max_upload_mb
        content = upload.read(max_mb * 1024 * 1024 + 1) if max_mb > 0 else upload.read()
        error = upload_error(request.env, name, content, max_mb)
        if not error and not name.lower().endswith(EXTENSIONS[guess_mimetype(content)]):
            error = request.env._(
                "The file %(name)s is not accepted: send a PDF, JPEG or PNG file.", name=name
            )
        return (None, error) if error else ((name, content), None)

    # One-time key and hourly limit ------------------------------------------------------------

    def _new_key(self):
        return abuse.new_form_key(request.env, KEY_SCOPE, request.session.sid)

    def _valid_key(self, key):
        return abuse.valid_form_key(request.env, KEY_SCOPE, request.session.sid, key)

    def _complaint_by_key(self, key):
        # sudo: visitors read no complaint; the key is signed for their session, so it finds
        # their own complaint only.
        return (
            request.env["beneficiary.complaint"]
            .sudo()
            .search([("website_submission_key", "=", key)], limit=1)
        )

    def _over_hourly_limit(self):
        """Whether this sender's address already sent the hour's complaints; else this one
        counts. Only a keyed fingerprint of the address is kept, and only for the hour."""
        env = request.env
        sender = abuse.address_fingerprint(env, ADDRESS_SCOPE, request.httprequest.remote_addr)
        limit = abuse.hourly_limit(env, HOURLY_LIMIT_PARAM, HOURLY_LIMIT)
        return abuse.over_hourly_limit(env, ADDRESS_SCOPE, sender, limit)

    # Creation -------------------------------------------------------------------------------

    def _portal_partner(self):
        user = request.env.user
        return user.partner_id if user._is_portal() else request.env["res.partner"]

    def _create_complaint(self, values, upload):
        """Created as the signed-in beneficiary who gives their name, else as the system."""
        values["company_id"] = self._company().id
        return request.env["beneficiary.complaint"]._create_from_intake(
            "website", values, self._portal_partner(), [upload] if upload else []
        )
