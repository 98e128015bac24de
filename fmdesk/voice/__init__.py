# SPDX-License-Identifier: GPL-3.0-or-later
"""Voices: text to speech engines, the actors cast from them, the radio sound."""
