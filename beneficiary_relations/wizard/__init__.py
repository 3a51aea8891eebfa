from . import beneficiary_state_wizard
from . import beneficiary_request_decision_wizard
from . import beneficiary_request_research_wizard
from . import beneficiary_complaint_escalate_wizard
from . import beneficiary_policy_acknowledge_wizard
from . import beneficiary_portal_invite_wizard
from . import beneficiary_request_cancel_wizard
from . import beneficiary_kpi_report_wizard
