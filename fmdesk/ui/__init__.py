# SPDX-License-Identifier: GPL-3.0-or-later
"""The radio window (PySide6 on a qasync loop). Imports session and core only."""
