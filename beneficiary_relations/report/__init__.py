from . import beneficiary_satisfaction_report
from . import beneficiary_kpi
from . import beneficiary_kpi_request
from . import beneficiary_kpi_complaint
from . import beneficiary_kpi_satisfaction
from . import beneficiary_kpi_summary
from . import beneficiary_dashboard
from . import beneficiary_reports
