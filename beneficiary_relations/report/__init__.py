from . import beneficiary_satisfaction_report
