"""The public services page: what the association offers, what to bring, how long a decision
takes, where to apply, and the policy in force. No account needed; nothing internal shown."""

from odoo import http
from odoo.http import request

from ..tools import format_hijri


class ServicesController(http.Controller):
    @http.route("/services", type="http", auth="public", website=True, sitemap=True)
    def services(self, **kw):
        return request.render(
            "beneficiary_relations.website_services",
            dict(self._common_values(), services=self._services()),
        )

    @http.route(
        "/services/<int:service_id>", type="http", auth="public", website=True, sitemap=False
    )
    def service(self, service_id, **kw):
        service = self._services().filtered(lambda s: s.id == service_id)
        if not service:
            raise request.not_found()
        return request.render(
            "beneficiary_relations.website_service",
            dict(self._common_values(), service=service),
        )

    def _company(self):
        return request.website.company_id

    def _services(self):
        """The active services of the website's company (and shared ones), read as the public
        may read them: name, description, documents and response time only."""
        company = self._company()
        # sudo: the public reads no service; bounded to the active catalogue of the website's
        # company, of which the templates show only the public fields.
        return (
            request.env["beneficiary.service"]
            .sudo()
            .search([("active", "=", True), ("company_id", "in", [company.id, False])])
        )

    def _common_values(self):
        env = request.env
        company = self._company()
        # sudo: the public reads no channel, document type or policy. Bounded to the active
        # channels, the document types required to register (names and descriptions only),
        # and the one policy in force of the website's company.
        channels = env["beneficiary.channel"].sudo().search([("active", "=", True)])
        # sudo: as above, the names and descriptions of the registration documents.
        registration_types = (
            env["beneficiary.document.type"]
            .sudo()
            .search([("required_for_registration", "=", True), ("category_ids", "=", False)])
        )
        # sudo: as above, the one policy in force of the website's company.
        policy = (
            env["beneficiary.policy"]
            .sudo()
            .search([("state", "=", "active"), ("company_id", "=", company.id)], limit=1)
        )
        lang = env["res.lang"]._get_data(code=env.lang)
        return {
            "channels": channels,
            "registration_types": registration_types,
            "policy": policy,
            "policy_date_hijri": format_hijri(policy.approval_date, env.lang),
            "direction": lang.direction or "ltr",
        }
