from . import test_national_id
from . import test_beneficiary_state
from . import test_beneficiary_document
from . import test_beneficiary_contact
from . import test_access
from . import test_i18n
