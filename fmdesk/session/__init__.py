# SPDX-License-Identifier: GPL-3.0-or-later
"""The on-air loop (the seed's main loop) and the events it emits."""
