from . import (
    test_access,
    test_beneficiary_contact,
    test_beneficiary_document,
    test_beneficiary_state,
    test_i18n,
    test_national_id,
)
