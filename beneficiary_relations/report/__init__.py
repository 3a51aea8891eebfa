from . import beneficiary_satisfaction_report
from . import beneficiary_kpi
from . import beneficiary_dashboard
from . import beneficiary_reports
