from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import (
    format_hijri,
    upload_error,
)

# The request's way through the association, in the beneficiary's words.
REQUEST_STEPS = ("received", "completeness", "research", "committee", "decided", "delivered")
REQUEST_OPEN = ("received", "completeness", "research", "committee")
COMPLAINT_OPEN = ("new", "review", "escalated")
# The file a representative acts for, in their browser session.
ACTING_SESSION_KEY = "beneficiary_acting_for"
# A phone screen's worth. Not CustomerPortal._items_per_page: Odoo merges every portal
# controller into one class, so setting that would change other modules' lists too.
ITEMS_PER_PAGE = 20


class BeneficiaryPortal(CustomerPortal):
    def _portal_page(self, Model, domain, order, page, url, url_args=None):
        """One page of the user's ``Model`` records (their record rules apply) and its pager."""
        pager = portal_pager(
            url=url,
            url_args=url_args or {},
            total=Model.search_count(domain),
            page=page,
            step=ITEMS_PER_PAGE,
        )
        records = Model.search(domain, order=order, limit=ITEMS_PER_PAGE, offset=pager["offset"])
        return records, pager

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
        requests, pager = self._portal_page(
            Request,
            domain,
            sortings[sortby]["order"],
            page,
            "/my/requests",
            {"sortby": sortby, "filterby": filterby},
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

    # Complaints -----------------------------------------------------------------------------

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        complaints, pager = self._portal_page(
            request.env["beneficiary.complaint"],
            [],
            "date_received desc, id desc",
            page,
            "/my/complaints",
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
