from odoo import http
from odoo.http import request

from ..tools import (
    abuse,
    form_record_id,
    western_digits,
)
from .portal import BeneficiaryPortal

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


class BeneficiaryPortalOnboarding(BeneficiaryPortal):
    """Getting into the portal: claiming a file registered at the office, and choosing whom
    a representative acts for."""

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
        # sudo: as above, the one file of this company with this ID number.
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
