# SPDX-License-Identifier: GPL-3.0-or-later
"""`python -m fmdesk` starts fmdesk, exactly as the `fmdesk` command does."""

import sys

from fmdesk.cli import main

sys.exit(main())
