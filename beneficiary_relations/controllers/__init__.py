from . import portal
from . import portal_appeal
from . import portal_compensation
from . import main
