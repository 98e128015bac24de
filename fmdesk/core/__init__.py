# SPDX-License-Identifier: GPL-3.0-or-later
"""Plain data and rules of a mission. No Qt, no audio, no network, no database."""
