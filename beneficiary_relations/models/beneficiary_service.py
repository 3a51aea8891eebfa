from odoo import fields, models

from ..tools import WorkingDays


class BeneficiaryService(models.Model):
    _name = "beneficiary.service"
    _description = "Beneficiary Service"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Html(translate=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    document_type_ids = fields.Many2many(
        "beneficiary.document.type",
        string="Required Documents",
        help="Documents a request for this service needs, besides those of registration.",
    )
    response_days = fields.Integer(
        default=lambda self: self.env.company.beneficiary_response_days,
        required=True,
        tracking=True,
        help="Working days from a complete request to the committee's decision.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Responsible Team",
        domain=[("share", "=", False)],
        help="Staff and committee members in charge; the first one is assigned new requests.",
    )
    research_required = fields.Boolean(
        help="Requests for this service always go through a social research.",
    )
    request_count = fields.Integer(compute="_compute_request_count")

    _sql_constraints = [
        ("response_days_positive", "CHECK(response_days > 0)", "Response days must be positive."),
    ]

    def _compute_request_count(self):
        counts = dict(
            self.env["beneficiary.request"]._read_group(
                [("service_id", "in", self.ids)], ["service_id"], ["__count"]
            )
        )
        for service in self:
            service.request_count = counts.get(service, 0)

    def _expected_decision_date(self, company, start):
        """The decision date of a request for this service completed on ``start`` in
        ``company``: ``response_days`` working days later on the company's calendar, as the
        request's own deadline will be. What the portal tells a beneficiary before they send a
        request."""
        self.ensure_one()
        # sudo: the company's working calendar and its public holidays, which portal users may
        # not read; only counted, to give a date.
        calendar = company.sudo()._beneficiary_working_calendar()
        return WorkingDays(calendar, [start], self.response_days).shift(start, self.response_days)

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_request_action"
        )
        action["domain"] = [("service_id", "=", self.id)]
        action["context"] = {"default_service_id": self.id}
        return action

    def action_view_satisfaction(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_satisfaction_report_action"
        )
        action["domain"] = [("service_id", "=", self.id)]
        return action
