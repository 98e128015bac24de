# SPDX-License-Identifier: GPL-3.0-or-later
# fmdesk — a desktop radio drama. Copyright (C) 2026 fmdesk developers.
# SPDX-License-Identifier: GPL-3.0-or-later
"""`python main.py` starts fmdesk, exactly as the `fmdesk` command does."""

import sys

from fmdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
