from . import portal
from . import portal_forms
from . import portal_file
from . import portal_onboarding
from . import main
from . import services
