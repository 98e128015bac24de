# SPDX-License-Identifier: GPL-3.0-or-later
"""Audio to text: whisper.cpp behind a voice-activity gate that never invents words."""
