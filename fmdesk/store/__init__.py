# SPDX-License-Identifier: GPL-3.0-or-later
"""MongoDB: players, missions, turns; and the embedded server fmdesk starts itself."""
