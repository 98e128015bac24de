# SPDX-License-Identifier: GPL-3.0-or-later
"""fmdesk's assets (icons, images), installed as the package `fmdesk_assets`."""
