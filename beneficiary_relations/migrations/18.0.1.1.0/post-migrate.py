"""Complaints arrive in 18.0.1.1.0: give upgraded databases what a fresh install gets from
its post-init hook and from the (noupdate) reminder cron."""

from odoo import SUPERUSER_ID, api

from odoo.addons.beneficiary_relations.hooks import _create_complaint_alias

CRON_CODE = (
    'model._cron_deadline_reminders()\nenv["beneficiary.complaint"]._cron_deadline_reminders()'
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    if not env.ref("beneficiary_relations.mail_alias_complaints", raise_if_not_found=False):
        _create_complaint_alias(env)
    cron = env.ref("beneficiary_relations.ir_cron_deadline_reminders", raise_if_not_found=False)
    if cron and "beneficiary.complaint" not in (cron.code or ""):
        cron.code = CRON_CODE
