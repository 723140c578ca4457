"""``python -m followup``: the same as the ``followup`` command."""

import sys

from .cli import main

sys.exit(main())
