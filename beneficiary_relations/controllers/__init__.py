from . import portal
from . import portal_appeal
from . import main
