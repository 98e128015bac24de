# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the show's sound goes: a WAV file now, sound devices later."""
