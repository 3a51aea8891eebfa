"""Mark the shipped medical-report and income-proof document types confidential: their data
file is noupdate, so an upgrade alone would leave them readable by every officer."""

from odoo import SUPERUSER_ID, api

CONFIDENTIAL_TYPES = (
    "beneficiary_relations.beneficiary_document_type_income_proof",
    "beneficiary_relations.beneficiary_document_type_medical_report",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in CONFIDENTIAL_TYPES:
        document_type = env.ref(xmlid, raise_if_not_found=False)
        if document_type:
            document_type.confidential = True
