"""`python -m facilitator` runs the CLI."""

import sys

from facilitator.cli import main

sys.exit(main())
