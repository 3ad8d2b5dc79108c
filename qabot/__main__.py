"""`python -m qabot` is the `qabot` command."""

import sys

from qabot.cli import main

sys.exit(main())
