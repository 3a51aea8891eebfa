"""The portal closes the loop of the notices: after "more information needed", the request's
page lets the beneficiary send the missing documents (signed in, or with the link of the
notice, which carries the request's token); they arrive unverified, with an activity for the
officer. The file's page also records whether they accept satisfaction questionnaires."""

import base64
import posixpath
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from ..tools import form_record_id, upload_error
from .portal import BeneficiaryPortal

# While the file may still be completed: before the committee studies it.
UPLOAD_KINDS = ("received", "completeness")
MAX_FILES = 10


class BeneficiaryPortalDocuments(BeneficiaryPortal):
    # The request's page -----------------------------------------------------------------------

    @http.route()
    def portal_my_request(self, request_id, access_token=None, **kw):
        response = super().portal_my_request(request_id, access_token=access_token, **kw)
        record = getattr(response, "qcontext", {}).get("beneficiary_request")
        if record:
            response.qcontext.update(
                self._upload_values(record, access_token, sent=kw.get("documents_sent"))
            )
        return response

    def _upload_values(self, record, access_token, sent=False, errors=()):
        if record.stage_kind not in UPLOAD_KINDS:
            return {"document_upload": False}
        return {
            "document_upload": {
                "missing": record._notice_missing_items(),
                "types": record._missing_document_types(),
                # sudo: the catalogue of document types, to name another document sent.
                "all_types": request.env["beneficiary.document.type"].sudo().search([]),
                "access_token": access_token or "",
                "max_upload_mb": self._max_upload_mb(),
                "errors": list(errors),
                "sent": bool(sent),
            }
        }

    @http.route(
        "/my/requests/<int:request_id>/documents",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def portal_request_documents(self, request_id, access_token=None, **form):
        try:
            record = self._document_check_access("beneficiary.request", request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        page = f"/my/requests/{record.id}"
        token = {"access_token": access_token} if access_token else {}
        if record.stage_kind not in UPLOAD_KINDS:
            return request.redirect(f"{page}?{urlencode(token)}" if token else page)
        files, errors = self._sent_request_documents(record, form)
        if not files and not errors:
            errors = [request.env._("Choose the files to send.")]
        if errors:
            response = self.portal_my_request(record.id, access_token=access_token)
            response.qcontext.update(self._upload_values(record, access_token, errors=errors))
            return response
        self._add_request_documents(record, files)
        query = urlencode(dict(token, documents_sent=1))
        return request.redirect(f"{page}?{query}#send_documents")

    def _sent_request_documents(self, record, form):
        """([(document type, file name, content)], errors) of the upload form."""
        env = request.env
        files, errors = [], []
        uploads = request.httprequest.files
        for doc_type in record._missing_document_types():
            self._read_request_document(
                uploads.get(f"document_{doc_type.id}"), doc_type, files, errors
            )
        other = uploads.get("other_document")
        if other and other.filename:
            # sudo: the catalogue of document types, as listed on the page.
            doc_type = (
                env["beneficiary.document.type"]
                .sudo()
                .search([("id", "=", form_record_id(form.get("other_document_type_id")))])
            )
            if not doc_type:
                errors.append(env._("Choose the type of the other document you send."))
            else:
                self._read_request_document(other, doc_type, files, errors)
        if len(files) > MAX_FILES:
            errors.append(env._("Send at most %s files at once.", MAX_FILES))
        return files, errors

    def _read_request_document(self, upload, doc_type, files, errors):
        if not upload or not upload.filename:
            return
        name = posixpath.basename(upload.filename.replace("\\", "/"))[-200:] or "document"
        max_mb = self._max_upload_mb()
        content = upload.read(max_mb * 1024 * 1024 + 1) if max_mb > 0 else upload.read()
        error = upload_error(request.env, name, content, max_mb)
        if error:
            errors.append(error)
        else:
            files.append((doc_type, name, content))

    def _add_request_documents(self, record, files):
        """The documents, unverified, on the request and its file; a to-do for the officer to
        verify them; and the beneficiary's message in the request's conversation."""
        env = request.env
        beneficiary = record.beneficiary_id
        # sudo: neither portal users nor token holders create documents or activities; bounded
        # to the one request checked above and its own beneficiary, documents to be verified.
        documents = (
            env["beneficiary.document"]
            .sudo()
            .create(
                [
                    {
                        "beneficiary_id": beneficiary.id,
                        "request_id": record.id,
                        "document_type_id": doc_type.id,
                        "file": base64.b64encode(content),
                        "file_name": name,
                    }
                    for doc_type, name, content in files
                ]
            )
        )
        names = ", ".join(documents.mapped("document_type_id.name"))
        # ``record`` is the superuser's (from _document_check_access): the one request checked.
        officer = (
            record.user_id or beneficiary.contact_officer_id or record._notice_fallback_caller()
        )
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=officer.id or env.ref("base.user_admin").id,
            summary=env._("Verify the documents sent for %s", record.name),
            note=names,
        )
        record.message_post(
            body=Markup("<p>%s</p>") % env._("Documents sent through the portal: %s", names),
            author_id=beneficiary.partner_id.id or None,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return documents

    # The beneficiary's file -------------------------------------------------------------------

    def _contact_changes(self, beneficiary, form):
        """Also whether they accept satisfaction questionnaires (the box is on the form)."""
        changes, errors = super()._contact_changes(beneficiary, form)
        if form.get("survey_opt_out_shown"):
            opt_out = bool(form.get("survey_opt_out"))
            if opt_out != beneficiary.survey_opt_out:
                changes["survey_opt_out"] = opt_out
        return changes, errors
