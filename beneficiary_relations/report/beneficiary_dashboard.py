from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.beneficiary_complaint_stage import OPEN_KINDS as COMPLAINT_OPEN_KINDS
from ..models.beneficiary_request_stage import OPEN_KINDS as REQUEST_OPEN_KINDS
from .beneficiary_kpi import AGE_BUCKETS, DECIDED

# The rates cover the decisions, answers and questionnaires of the last 90 days.
WINDOW_DAYS = 90


class BeneficiaryDashboard(models.AbstractModel):
    """The management dashboard's figures: a fixed handful of grouped queries under the
    reader's own access rules, whatever the number of records."""

    _name = "beneficiary.dashboard"
    _description = "Beneficiary Relations Dashboard"

    @api.model
    def get_dashboard_data(self):
        self.env["beneficiary.kpi"]._check_manager()
        today = fields.Date.context_today(self)
        kpi = self.env["beneficiary.kpi"]
        since = kpi._midnight(today - timedelta(days=WINDOW_DAYS))
        Request = self.env["beneficiary.request"]
        Complaint = self.env["beneficiary.complaint"]
        company = [("company_id", "in", self.env.companies.ids)]

        requests_by_state = dict(
            Request._read_group(
                company + [("stage_kind", "in", REQUEST_OPEN_KINDS)],
                ["deadline_state"],
                ["__count"],
            )
        )
        since = fields.Datetime.to_string(since)
        decided = company + [("decision", "in", DECIDED), ("decision_date", ">=", since)]
        decisions = dict(Request._read_group(decided, ["decided_on_time"], ["__count"]))
        complaints_by_state = dict(
            Complaint._read_group(
                company + [("stage_kind", "in", COMPLAINT_OPEN_KINDS)],
                ["deadline_state"],
                ["__count"],
            )
        )
        answered = company + [("date_resolved", ">=", since)]
        answers = dict(Complaint._read_group(answered, ["resolved_on_time"], ["__count"]))
        ages = self._complaint_ages(company)
        [(sent, answered_count, csat)] = self.env["beneficiary.satisfaction.report"]._read_group(
            company + [("date", ">=", today - timedelta(days=WINDOW_DAYS))],
            [],
            ["invitation_count:sum", "answer_count:sum", "csat:avg"],
        )

        decided_count = sum(decisions.values())
        answers_count = sum(answers.values())
        request_views = [[False, "list"], [False, "kanban"], [False, "form"]]
        open_requests = [("stage_kind", "in", REQUEST_OPEN_KINDS)]
        open_complaints = [("stage_kind", "in", COMPLAINT_OPEN_KINDS)]

        def act(name, model, domain, views=None):
            return {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": model,
                "domain": domain,
                "views": views or request_views,
                "context": {},
            }

        def rate(part, whole):
            return round(100 * part / whole) if whole else None

        cards = [
            {
                "key": "requests_overdue",
                "label": self.env._("Overdue requests"),
                "value": requests_by_state.get("overdue", 0),
                "tone": "danger",
                "icon": "fa-exclamation-triangle",
                "action": act(
                    self.env._("Overdue requests"),
                    "beneficiary.request",
                    [("deadline_state", "=", "overdue")],
                ),
            },
            {
                "key": "requests_due_soon",
                "label": self.env._("Requests due soon or today"),
                "value": requests_by_state.get("due_soon", 0)
                + requests_by_state.get("due_today", 0),
                "tone": "warning",
                "icon": "fa-clock-o",
                "action": act(
                    self.env._("Requests due soon or today"),
                    "beneficiary.request",
                    [("deadline_state", "in", ["due_soon", "due_today"])],
                ),
            },
            {
                "key": "requests_on_time_rate",
                "label": self.env._("Decided on time"),
                "value": rate(decisions.get(True, 0), decided_count),
                "unit": "%",
                "detail": self.env._(
                    "%(on_time)s of %(decided)s decisions, last %(days)s days",
                    on_time=decisions.get(True, 0),
                    decided=decided_count,
                    days=WINDOW_DAYS,
                ),
                "tone": "success",
                "icon": "fa-gavel",
                "action": act(
                    self.env._("Decisions, last %s days", WINDOW_DAYS),
                    "beneficiary.request",
                    decided,
                ),
            },
            {
                "key": "complaints_overdue",
                "label": self.env._("Overdue complaints"),
                "value": complaints_by_state.get("overdue", 0),
                "tone": "danger",
                "icon": "fa-exclamation-circle",
                "action": act(
                    self.env._("Overdue complaints"),
                    "beneficiary.complaint",
                    [("deadline_state", "=", "overdue")],
                ),
            },
            {
                "key": "complaints_on_time_rate",
                "label": self.env._("Complaints answered on time"),
                "value": rate(answers.get(True, 0), answers_count),
                "unit": "%",
                "detail": self.env._(
                    "%(on_time)s of %(answered)s answers, last %(days)s days",
                    on_time=answers.get(True, 0),
                    answered=answers_count,
                    days=WINDOW_DAYS,
                ),
                "tone": "success",
                "icon": "fa-comments",
                "action": act(
                    self.env._("Complaints answered, last %s days", WINDOW_DAYS),
                    "beneficiary.complaint",
                    answered,
                ),
            },
            {
                "key": "csat",
                "label": self.env._("Satisfaction (CSAT)"),
                "value": round(csat) if answered_count else None,
                "unit": "%",
                "detail": self.env._(
                    "%(answers)s answers to %(sent)s questionnaires, last %(days)s days",
                    answers=answered_count or 0,
                    sent=sent or 0,
                    days=WINDOW_DAYS,
                ),
                "tone": "info",
                "icon": "fa-smile-o",
                "action": {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Satisfaction"),
                    "res_model": "beneficiary.satisfaction.report",
                    "views": [[False, "pivot"], [False, "graph"]],
                    "domain": [
                        ("date", ">=", fields.Date.to_string(today - timedelta(days=WINDOW_DAYS)))
                    ],
                    "context": {},
                },
            },
        ]
        age_bars = []
        for index, (low, high) in enumerate(AGE_BUCKETS):
            domain = list(open_complaints)
            newest = kpi._midnight(today - timedelta(days=low - 1))
            domain.append(("date_received", "<", fields.Datetime.to_string(newest)))
            if high is not None:
                oldest = kpi._midnight(today - timedelta(days=high))
                domain.append(("date_received", ">=", fields.Datetime.to_string(oldest)))
            label = kpi._age_label(low, high)
            age_bars.append(
                {
                    "label": label,
                    "value": ages.get(index, 0),
                    "action": act(
                        self.env._("Open complaints, %s", label), "beneficiary.complaint", domain
                    ),
                }
            )
        total = sum(bar["value"] for bar in age_bars)
        for bar in age_bars:
            bar["share"] = round(100 * bar["value"] / total) if total else 0
        return {
            "cards": cards,
            "subtitle": self.env._("Rates over the last %s days", WINDOW_DAYS),
            "complaint_ages": {
                "title": self.env._("Open complaints by age"),
                "total": total,
                "total_label": self.env._("%s open complaints", total),
                "bars": age_bars,
                "action": act(
                    self.env._("Open complaints"), "beneficiary.complaint", open_complaints
                ),
            },
            "window_days": WINDOW_DAYS,
            "open_requests": sum(requests_by_state.values()),
            "open_requests_label": self.env._(
                "%s requests awaiting a decision", sum(requests_by_state.values())
            ),
            "open_requests_action": act(
                self.env._("Open requests"), "beneficiary.request", open_requests
            ),
        }

    def _complaint_ages(self, company_domain):
        """Open complaints per age bucket, in one grouped query."""
        Complaint = self.env["beneficiary.complaint"]
        kpi = self.env["beneficiary.kpi"]
        query = Complaint._search(company_domain + [("stage_kind", "in", COMPLAINT_OPEN_KINDS)])
        bucket = kpi._complaint_age_bucket(Complaint)(query)
        query.groupby = bucket
        return dict(self.env.execute_query(query.select(bucket, SQL("COUNT(*)"))))
