from odoo import fields, models


class BeneficiaryCategory(models.Model):
    _name = "beneficiary.category"
    _description = "Beneficiary Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    domain = fields.Char(
        translate=True,
        help="The field of service this category belongs to (social, health, housing...).",
    )
    contact_officer_ids = fields.Many2many(
        "res.users",
        string="Contact Officers",
        domain=[("share", "=", False)],
        help="Staff who serve this category; the first is the default officer of a new file.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    beneficiary_count = fields.Integer(compute="_compute_beneficiary_count")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A category with this name already exists.",
        ),
    ]

    def _compute_beneficiary_count(self):
        counts = dict(
            self.env["beneficiary.beneficiary"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.beneficiary_count = counts.get(category, 0)

    def action_view_beneficiaries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_beneficiary_action"
        )
        action["domain"] = [("category_id", "=", self.id)]
        action["context"] = {"default_category_id": self.id}
        return action
