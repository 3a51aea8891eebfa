from .companies import check_linked_records_readable, default_company_from_beneficiary
from .cron import commit_cron_progress, run_in_batches
from .digits import western_digits
from .forms import form_record_id
from .hijri import format_hijri
from .national_id import national_id_error
from .references import assign_references
from .notices import (
    CODE_ALPHABET,
    NoticeContact,
    association_sender,
    format_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
    notice_route,
    saudi_mobile,
)
from .phones import saudi_phone
from .working_days import WorkingDays
from .uploads import ALLOWED_MIMETYPES, MAX_UPLOAD_MB, SERVER_FORM_LIMIT_MB, upload_error
from .outcomes import as_recorded_outcome, is_recorded_outcome
