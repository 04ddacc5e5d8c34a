"""`python -m services.cli …`: the operators' command line (see commands.py)."""

import sys

from services.cli.commands import main

sys.exit(main())
