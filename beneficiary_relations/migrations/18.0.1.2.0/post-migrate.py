"""Upgrade to 18.0.1.2.0.

- Mark the shipped medical-report and income-proof document types confidential: their data
  file is noupdate, so an upgrade alone would leave them readable by every officer.
- Scheduled actions (noupdate too): the deadline reminders run one model each (complaints got
  their own scheduled action), the satisfaction campaign runs from the survey sender and the
  policy reminders from their own model.
- The reminder digest's template moved out of the noupdate data, to upgrade with the module.
- The superuser leaves the managers' group: it needs no group, and was escalated to.
"""

from odoo import SUPERUSER_ID, api

CONFIDENTIAL_TYPES = (
    "beneficiary_relations.beneficiary_document_type_income_proof",
    "beneficiary_relations.beneficiary_document_type_medical_report",
)
CRONS = {
    "beneficiary_relations.ir_cron_deadline_reminders": (
        "beneficiary.request",
        "model._cron_deadline_reminders()",
    ),
    "beneficiary_relations.ir_cron_satisfaction_campaign": (
        "beneficiary.survey.sender",
        "model._cron_campaign()",
    ),
    "beneficiary_relations.ir_cron_policy_acknowledgement": (
        "beneficiary.policy.reminder",
        "model._cron_remind()",
    ),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in CONFIDENTIAL_TYPES:
        document_type = env.ref(xmlid, raise_if_not_found=False)
        if document_type:
            document_type.confidential = True
    for xmlid, (model, code) in CRONS.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.write({"model_id": env["ir.model"]._get_id(model), "code": code})
    old_digest = env.ref("beneficiary_relations.deadline_reminder_digest", raise_if_not_found=False)
    if old_digest:
        old_digest.unlink()  # replaced by reminder_digest_mail, which upgrades with the module
    managers = env.ref("beneficiary_relations.group_br_manager")
    managers.users -= env.ref("base.user_root")
