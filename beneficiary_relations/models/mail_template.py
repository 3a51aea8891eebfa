from odoo import models


class MailTemplate(models.Model):
    _name = "mail.template"
    _inherit = ["mail.template", "beneficiary.notice.template.mixin"]
