# SPDX-License-Identifier: GPL-3.0-or-later
"""Story writing: the Director protocol and its implementations."""
