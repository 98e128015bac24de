# SPDX-License-Identifier: GPL-3.0-or-later
"""The FM dial: the band, parsing what a player types, and how strong a signal is.

The same rules drive the headless prompt and the window's dial, so a
frequency that locks in one locks in the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BAND_MIN_MHZ = 87.5
BAND_MAX_MHZ = 108.0
STEP_MHZ = 0.1
# Within this distance the receiver is locked on (half a step, plus float slack).
LOCK_MHZ = 0.05 + 1e-6
# Beyond this distance there is only static.
FADE_MHZ = 0.6

_NUMBER = re.compile(r"^\s*(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:mhz)?\s*$", re.IGNORECASE)


class FrequencyError(ValueError):
    """What the player typed is not a frequency on the FM band."""


def snap(mhz: float) -> float:
    """Round to the dial's 0.1 MHz step and clamp to the band."""
    clamped = min(BAND_MAX_MHZ, max(BAND_MIN_MHZ, mhz))
    return round(round(clamped / STEP_MHZ) * STEP_MHZ, 1)


def parse_frequency(text: str) -> float:
    """Parse '93.5', '93,5' or '93.5 MHz' into MHz on the band."""
    match = _NUMBER.match(text or "")
    if not match:
        raise FrequencyError(f"'{text.strip()}' is not a frequency: type it like 93.5")
    value = float(match.group(1).replace(",", "."))
    if not BAND_MIN_MHZ <= value <= BAND_MAX_MHZ:
        raise FrequencyError(
            f"{value:g} MHz is off the FM band ({BAND_MIN_MHZ}–{BAND_MAX_MHZ} MHz)"
        )
    return round(value, 2)


def format_frequency(mhz: float) -> str:
    return f"{mhz:.1f} MHz"


@dataclass(frozen=True)
class Reception:
    """What the receiver makes of a dial position, for one target station."""

    tuned_mhz: float
    strength: float  # 0 = all static, 1 = clear signal
    locked: bool
    hint: str


def reception(tuned_mhz: float, target_mhz: float) -> Reception:
    """Signal strength fades in linearly inside FADE_MHZ of the target."""
    distance = abs(tuned_mhz - target_mhz)
    locked = distance <= LOCK_MHZ
    strength = 1.0 if locked else max(0.0, 1.0 - distance / FADE_MHZ)
    if locked:
        hint = "Locked on."
    elif strength > 0:
        direction = "up" if target_mhz > tuned_mhz else "down"
        hint = f"A voice under the static… tune a little {direction}."
    else:
        direction = "higher" if target_mhz > tuned_mhz else "lower"
        hint = f"Only static here. The station is {direction} on the dial."
    return Reception(round(tuned_mhz, 2), round(strength, 3), locked, hint)
