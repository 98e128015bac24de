# SPDX-License-Identifier: GPL-3.0-or-later
"""The window's widgets: thin views the presenter drives."""
