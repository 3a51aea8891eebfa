from . import res_company
from . import res_config_settings
from . import beneficiary_category
from . import beneficiary_channel
from . import beneficiary_document_type
from . import beneficiary_document
from . import beneficiary_beneficiary
