from . import portal
from . import main
