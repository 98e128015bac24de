# SPDX-License-Identifier: GPL-2.0-only
"""The embedded database server as a program of its own in the built app.

SecantusDB is GPL-2.0-only: fmdesk runs it as a separate program (as it runs
`secantusd-py` when installed with pip) and never imports it."""

import sys

from secantus.cli import main

if __name__ == "__main__":
    sys.exit(main())
