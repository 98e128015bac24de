# SPDX-License-Identifier: GPL-3.0-or-later
"""The offline director: seeded radio dramas with no network, key or model."""
