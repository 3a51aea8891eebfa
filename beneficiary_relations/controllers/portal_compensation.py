from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..tools import western_digits
from .portal import BeneficiaryPortal


class BeneficiaryCompensationPortal(BeneficiaryPortal):
    """The beneficiary follows the compensation of their complaint and answers its offers:
    their own case only, by POST with the form's CSRF token."""

    @http.route(
        "/my/compensations/<int:compensation_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_my_compensation(self, compensation_id, access_token=None, answered=None, **kw):
        compensation = self._own_compensation(compensation_id)
        if not compensation:
            return request.redirect("/my")
        return self._render_compensation(compensation, answered=answered)

    @http.route(
        "/my/compensations/<int:compensation_id>/offers/<int:offer_id>/<string:answer>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        csrf=True,
    )
    def portal_answer_offer(self, compensation_id, offer_id, answer, **form):
        compensation = self._own_compensation(compensation_id)
        if not compensation or answer not in ("accept", "decline"):
            return request.redirect("/my")
        offer = compensation.offer_ids.filtered(lambda o: o.id == offer_id)
        if not offer:
            return request.redirect(f"/my/compensations/{compensation.id}")
        env = request.env
        note = (form.get("note") or "").strip()[:2000]
        counter_text = western_digits((form.get("counter_amount") or "").strip())
        counter_amount = 0
        if answer == "decline" and counter_text:
            try:
                counter_amount = float(counter_text.replace(",", ""))
            except ValueError:
                counter_amount = -1
            if counter_amount <= 0:
                return self._render_compensation(
                    compensation,
                    errors=[env._("Write the amount you ask for as a number, or leave it empty.")],
                )
        try:
            with env.cr.savepoint():
                offer._portal_answer(
                    answer == "accept",
                    request.httprequest.remote_addr,
                    note=note,
                    counter_amount=counter_amount,
                )
        except (UserError, AccessError) as error:
            return self._render_compensation(compensation, errors=[error.args[0]])
        return request.redirect(f"/my/compensations/{compensation.id}?answered={answer}")

    def _own_compensation(self, compensation_id):
        """The signed-in beneficiary's compensation case, as them; None otherwise."""
        try:
            compensation = self._document_check_access("beneficiary.compensation", compensation_id)
        except (AccessError, MissingError):
            return None
        compensation = compensation.with_user(request.env.user)
        if compensation._complainant_partner() != request.env.user.partner_id:
            return None
        return compensation

    def _render_compensation(self, compensation, answered=None, errors=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "beneficiary_compensation",
                "compensation": compensation,
                "offers": compensation.offer_ids,
                "open_offer": compensation.open_offer_id,
                "answered": answered if answered in ("accept", "decline") else None,
                "errors": errors or [],
            }
        )
        return request.render("beneficiary_relations.portal_my_compensation", values)
