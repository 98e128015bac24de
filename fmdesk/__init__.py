# fmdesk — a desktop radio drama. Copyright (C) 2026 fmdesk developers.
# SPDX-License-Identifier: GPL-3.0-or-later
"""fmdesk: tune a radio, live a mission over the air, answer with TALK."""

__version__ = "0.1.0"
