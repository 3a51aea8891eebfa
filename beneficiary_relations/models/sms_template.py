from odoo import models


class SmsTemplate(models.Model):
    _name = "sms.template"
    _inherit = ["sms.template", "beneficiary.notice.template.mixin"]
