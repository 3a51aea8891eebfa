"""Phone numbers as the association reads them: Saudi unless they carry their own country
code, in whatever digits they were typed."""

from odoo.addons.phone_validation.tools.phone_validation import phone_format

from .digits import western_digits


def saudi_phone(env, number):
    """``number`` in international form (+9665XXXXXXXX); raises UserError, with the reason,
    when it is no phone number."""
    # Not env.ref, which checks that the country exists: a query per number read.
    saudi = env["res.country"].browse(env["ir.model.data"]._xmlid_to_res_id("base.sa"))
    return phone_format(western_digits(number), saudi.code, saudi.phone_code, force_format="E164")
