# SPDX-License-Identifier: GPL-3.0-or-later
"""Fetching files a player asked for (models, voices): nothing else goes online."""
