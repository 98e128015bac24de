# SPDX-License-Identifier: GPL-3.0-or-later
"""The headless front end: a mission in a terminal, typed answers, no sound card."""
