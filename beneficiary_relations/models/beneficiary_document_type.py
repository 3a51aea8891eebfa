from odoo import fields, models


class BeneficiaryDocumentType(models.Model):
    _name = "beneficiary.document.type"
    _description = "Beneficiary Document Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    required_for_registration = fields.Boolean(
        help="A beneficiary cannot be registered without a valid, verified document of this type.",
    )
    category_ids = fields.Many2many(
        "beneficiary.category",
        string="Required for Categories",
        help="Leave empty to require it from every category.",
    )
    has_expiry = fields.Boolean(
        string="Expires", default=True, help="Documents of this type carry an expiry date."
    )
    confidential = fields.Boolean(
        help="Medical, income and other sensitive documents: only social researchers, committee "
        "members and managers open them and their files.",
    )

    def _applies_to(self, category):
        """Whether this type is required from a beneficiary of ``category``."""
        self.ensure_one()
        return self.required_for_registration and (
            not self.category_ids or category in self.category_ids
        )
