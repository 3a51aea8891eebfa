from odoo import fields, http
from odoo.http import request
from odoo.tools import consteq, format_date, is_html_empty

from ..models.beneficiary_complaint_stage import DONE_KINDS, OPEN_KINDS
from ..tools import abuse, format_hijri, normalize_tracking_code
from .main import PUBLIC_PAGE, ComplaintController

TRACK_LIMIT = 20  # tracking look-ups per sender address and hour, unless the parameter says
TRACK_LIMIT_PARAM = "beneficiary_relations.complaint_track_hourly_limit"
TRACK_SCOPE = "beneficiary_relations.complaint_track"


class ComplaintTrackController(ComplaintController):
    # Tracking -------------------------------------------------------------------------------

    @http.route("/complaint/track", methods=["GET"], **PUBLIC_PAGE, sitemap=False)
    def complaint_track(self, code=None, reference=None, token=None, **kw):
        code_text = (code or "").strip()[:32]
        reference = (reference or "").strip()[:64]
        token = (token or "").strip()[:128]
        searched = bool(code_text or reference or token)
        values = {"code": code_text, "reference": reference, "searched": searched, "status": False}
        if searched and self._over_track_limit():
            values["limited"] = True
            return self._render_secret(
                "beneficiary_relations.website_complaint_track", values, status=429
            )
        if code_text:
            complaint = self._complaint_by_code(code_text)
        else:
            complaint = self._complaint_by_token(reference, token)
        if complaint:
            values.update(
                code=complaint._notice_tracking_code(), status=self._public_status(complaint)
            )
        return self._render_secret("beneficiary_relations.website_complaint_track", values)

    def _over_track_limit(self):
        """Whether this address already tried the hour's look-ups; else this one counts.
        With the codes' 31^8 combinations, it keeps them out of reach of guessing."""
        env = request.env
        sender = abuse.address_fingerprint(env, TRACK_SCOPE, request.httprequest.remote_addr)
        limit = abuse.hourly_limit(env, TRACK_LIMIT_PARAM, TRACK_LIMIT)
        return abuse.over_hourly_limit(env, TRACK_SCOPE, sender, limit)

    def _complaint_by_code(self, text):
        """The complaint of the website's company with this tracking code, however it was
        typed; empty when none."""
        # sudo: the public has no access; bounded to the one complaint whose code matches, of
        # which only the public status is shown.
        Complaint = request.env["beneficiary.complaint"].sudo()
        code = normalize_tracking_code(text)
        if not code:
            return Complaint
        return Complaint.search(
            [("tracking_code", "=", code), ("company_id", "=", request.website.company_id.id)],
            limit=1,
        )

    def _complaint_by_token(self, reference, token):
        """The complaint with exactly this reference whose access token is ``token``; the same
        empty answer whatever is wrong, so nothing is learnt from a failed try."""
        # sudo: the public has no access; bounded to the one complaint whose reference and
        # token both match, of which only the public status is shown.
        Complaint = request.env["beneficiary.complaint"].sudo()
        if not reference or not token:
            return Complaint
        candidates = Complaint.search(
            [("name", "=", reference), ("company_id", "=", request.website.company_id.id)],
            limit=2,
        )
        for complaint in candidates:
            if complaint.access_token and consteq(complaint.access_token, token):
                return complaint
        return Complaint

    def _public_status(self, complaint):
        """Only what the complainant may read: never internal notes, the follow-up member, the
        staff member concerned or anything else of the file."""
        env = request.env
        lang = env.lang
        kind = complaint.stage_kind
        types = dict(complaint._fields["complaint_type"]._description_selection(env))
        received = fields.Datetime.context_timestamp(
            complaint.with_context(tz=self._timezone(complaint)), complaint.date_received
        ).date()
        deadline = complaint.date_deadline if kind in OPEN_KINDS else False
        resolution = complaint.resolution if kind in DONE_KINDS else False
        ratings = complaint.rating_ids if kind in DONE_KINDS else complaint.rating_ids.browse()
        to_rate = ratings.filtered(lambda r: not r.consumed)[:1]
        rated = ratings.filtered("consumed")[:1]
        return {
            "reference": complaint.name,
            "type": types.get(complaint.complaint_type, ""),
            "subject": complaint.subject,
            "status": self._status_words().get(kind, ""),
            "is_open": kind in OPEN_KINDS,
            "received": format_date(env, received, lang_code=lang),
            "received_hijri": format_hijri(received, lang),
            "deadline": deadline and format_date(env, deadline, lang_code=lang),
            "deadline_hijri": deadline and format_hijri(deadline, lang),
            "resolution": False if is_html_empty(resolution) else resolution,
            "rating_url": bool(to_rate)
            and self._localized(f"/rate/{to_rate.access_token}/submit_feedback"),
            "rated": rated
            and dict(rated._fields["rating_text"]._description_selection(env)).get(
                rated.rating_text
            ),
        }

    def _status_words(self):
        env = request.env
        return {
            "new": env._("Received: it is waiting to be reviewed."),
            "review": env._("Being reviewed by the follow-up committee."),
            "escalated": env._("Being reviewed by the association's management."),
            "resolved": env._("Answered."),
            "rejected": env._("Answered: after review, the complaint was found unfounded."),
            "closed": env._("Closed."),
        }

    def _timezone(self, complaint):
        return complaint.company_id._beneficiary_tz()
