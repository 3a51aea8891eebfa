from . import beneficiary_state_wizard
from . import beneficiary_request_decision_wizard
