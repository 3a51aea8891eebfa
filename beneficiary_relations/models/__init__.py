from . import (
    beneficiary_beneficiary,
    beneficiary_category,
    beneficiary_channel,
    beneficiary_document,
    beneficiary_document_type,
    res_company,
    res_config_settings,
)
