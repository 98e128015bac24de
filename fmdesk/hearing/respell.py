# SPDX-License-Identifier: GPL-3.0-or-later
"""Near misses of the mission's names, spelled as the story spells them.

whisper tiny.en hears "Mara Quinn" as "Mark When" and "couloir" as "Cool
War": the sounds are right, the spelling is of words it knows. Each run of
one to four words in the transcript is compared, as phonemes (espeak-ng,
through the copy piper-tts ships), with each hint; a run that sounds within
`MAX_DISTANCE` of a hint is replaced by it. Hints whisper already spells
unaided never get here (hints.py), so ordinary words are left alone.

Threshold chosen on bench/hearing_dev_set.py, not on the test set: at 0.25
no correct word was changed there; at 0.3 some were ("moving" → "missing").
"""

from __future__ import annotations

import functools
import logging
import re
import threading

log = logging.getLogger(__name__)

MAX_DISTANCE = 0.25   # phoneme edits per phoneme of the longer of the two
MIN_PHONEMES = 4      # "Sam", "Vale": too short to tell from ordinary words
MAX_RUN = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_MARKS = re.compile(r"[ˈˌːˑ\s.,!?;:\-'\u0329\u032f]")
_VOWELS = set("aeiouyæɑɒɔəɛɜɪʊʌɐɚɝɨʉøœ")
_lock = threading.Lock()


class Phonemes:
    """Words to phoneme strings with espeak-ng; None when it is not there."""

    def __init__(self, voice: str = "en-us"):
        self.voice = voice
        try:
            from piper.phonemize_espeak import EspeakPhonemizer
            self._espeak = EspeakPhonemizer()
        except Exception as exc:  # piper-tts missing or broken: no respelling, said once
            log.warning("espeak-ng is not available (%s): names are not respelled", exc)
            self._espeak = None

    @property
    def available(self) -> bool:
        return self._espeak is not None

    @functools.lru_cache(maxsize=8192)
    def of(self, word: str) -> str:
        with _lock:
            sentences = self._espeak.phonemize(self.voice, word)
        return _MARKS.sub("", "".join(ch for sentence in sentences for ch in sentence))


def distance(a: str, b: str) -> float:
    """Edit distance between phoneme strings, one vowel for another half price,
    divided by the longer length."""
    if not a or not b:
        return 1.0
    previous = [float(j) for j in range(len(b) + 1)]
    for i, x in enumerate(a, 1):
        current = [float(i)]
        for j, y in enumerate(b, 1):
            swap = 0.0 if x == y else 0.5 if x in _VOWELS and y in _VOWELS else 1.0
            current.append(min(previous[j] + 1, current[-1] + 1, previous[j - 1] + swap))
        previous = current
    return previous[-1] / max(len(a), len(b))


class Respeller:
    def __init__(self, phonemes: Phonemes):
        self.phonemes = phonemes

    def respell(self, text: str, targets: tuple[str, ...]) -> str:
        if not text or not targets or not self.phonemes.available:
            return text
        sounds = [(t, "".join(self.phonemes.of(w) for w in t.split())) for t in targets]
        sounds = [(t, s) for t, s in sounds if len(s) >= MIN_PHONEMES]
        words = list(_WORD.finditer(text))
        found: list[tuple[float, int, int, str]] = []
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + MAX_RUN) + 1):
                if end - start > 1 and re.search(r"[^\s]", text[words[end - 2].end():words[end - 1].start()]):
                    break  # a run does not cross punctuation
                said = [w.group() for w in words[start:end]]
                heard = "".join(self.phonemes.of(w) for w in said)
                for target, sound in sounds:
                    if abs(len(target.split()) - len(said)) > 1:
                        continue
                    if [w.lower() for w in said] == [p.lower() for p in target.split()]:
                        found.append((-1.0, start, end, target))  # already right: keeps its words
                    elif 0.6 * len(sound) <= len(heard) <= 1.5 * len(sound):
                        d = distance(heard, sound)
                        if d <= MAX_DISTANCE:
                            found.append((d, start, end, target))
        taken: set[int] = set()
        chosen: list[tuple[int, int, str]] = []
        for d, start, end, target in sorted(found):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                if d >= 0:
                    chosen.append((start, end, target))
        for start, end, target in sorted(chosen, reverse=True):
            text = text[:words[start].start()] + target + text[words[end - 1].end():]
        return text
