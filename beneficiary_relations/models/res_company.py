from odoo import _, fields, models


def _default_declaration(self):
    return _(
        "I declare that all the information and documents I have submitted to the association "
        "are correct and complete, and that I am directly and personally responsible for their "
        "accuracy. I undertake to inform the association of any change to them."
    )


class ResCompany(models.Model):
    _inherit = "res.company"

    beneficiary_declaration = fields.Text(
        string="Beneficiary Data Declaration",
        translate=True,
        default=_default_declaration,
        help="The text a beneficiary signs to confirm that their data is correct.",
    )
