from . import beneficiary_state_wizard
