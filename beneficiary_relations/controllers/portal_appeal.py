from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from .portal import BeneficiaryPortal

MAX_APPEAL_FILES = 5
MAX_REASON_LENGTH = 5000


class BeneficiaryAppealPortal(BeneficiaryPortal):
    """The beneficiary contests the rejection of their request: a form on their own
    rejected request, within the company's window of days."""

    @http.route(
        "/my/requests/<int:request_id>/appeal",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_appeal_form(self, request_id, **kw):
        record = self._own_request(request_id)
        if not record:
            return request.redirect("/my/requests")
        if not record.can_appeal:
            return request.redirect(f"/my/requests/{record.id}")
        return self._render_appeal_form(record, {}, [])

    @http.route(
        "/my/requests/<int:request_id>/appeal",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        csrf=True,
    )
    def portal_appeal_submit(self, request_id, **form):
        record = self._own_request(request_id)
        if not record:
            return request.redirect("/my/requests")
        env = request.env
        reason = (form.get("reason") or "").strip()
        errors = []
        if not reason:
            errors.append(env._("Say why you contest the decision."))
        elif len(reason) > MAX_REASON_LENGTH:
            errors.append(env._("The text is too long (5,000 characters at most)."))
        files = []
        uploads = request.httprequest.files.getlist("documents")
        if len(uploads) > MAX_APPEAL_FILES:
            errors.append(env._("Send %s documents at most.", MAX_APPEAL_FILES))
        for upload in uploads[:MAX_APPEAL_FILES]:
            name, content, error = self._read_upload(upload)
            if error:
                errors.append(error)
            elif content:
                files.append((name, content))
        if errors:
            return self._render_appeal_form(record, form, errors)
        try:
            with env.cr.savepoint():
                env["beneficiary.request.appeal"]._create_from_portal(record, reason, files)
        except (ValidationError, AccessError) as error:
            return self._render_appeal_form(record, form, [error.args[0]])
        return request.redirect(f"/my/requests/{record.id}?appealed=1")

    def _own_request(self, request_id):
        """The signed-in beneficiary's request ``request_id``, as them; None otherwise."""
        try:
            record = self._document_check_access("beneficiary.request", request_id)
        except (AccessError, MissingError):
            return None
        record = record.with_user(request.env.user)
        # The portal rule already hides other beneficiaries' requests; staff who may read
        # it do not appeal in the beneficiary's name from here.
        if record.partner_id != request.env.user.partner_id:
            return None
        return record

    def _render_appeal_form(self, record, form, errors):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_request",
                "beneficiary_request": record,
                "form": form,
                "errors": errors,
                "max_upload_mb": self._max_upload_mb(),
                "max_files": MAX_APPEAL_FILES,
            }
        )
        return request.render("beneficiary_relations.portal_appeal_form", values)
