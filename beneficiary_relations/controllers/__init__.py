from . import portal
from . import portal_forms
from . import portal_file
from . import portal_onboarding
from . import portal_appeal
from . import portal_compensation
from . import main
from . import services
