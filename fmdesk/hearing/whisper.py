# SPDX-License-Identifier: GPL-3.0-or-later
"""whisper.cpp through pywhispercpp: one model, loaded once, short clips fast.

Always a model *path* (a name would download from a hub). The encoder
window (`audio_ctx`, 20 ms a unit) is trimmed to the clip: 15 s instead of
whisper's 30 s for any short answer, which halves the time. Trimming further
made tiny.en garble short answers on the test set (WER 0.2 → 0.3-0.9), so
15 s is the floor. Beam search (5) costs ~80 ms and saves words; `no_context`
keeps answers independent.

whisper.cpp's beam search draws each step's candidates at random, from a
generator that lives in the model's state and is seeded when the state is
made. Reused, the state made every answer depend on all the answers before
it (the same clip came out differently in a different order; word error
rate moved by ±0.03 between runs). So every answer gets a state of its own:
the next one is made (~75 ms) once an answer has been heard, off the clock,
and the same recording always gives the same words.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from pathlib import Path
from typing import Callable

import numpy as np

from fmdesk.hearing.audio import RATE

log = logging.getLogger(__name__)

# Sound tags whisper writes for non-speech: "[BLANK_AUDIO]", "(dramatic music)", "*coughs*".
_TAGS = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*|♪+")


FULL_CTX = 1500        # 30 s
MIN_CTX = 768          # 15.4 s: below this tiny.en loses words on short clips
BEAM = 5


def audio_ctx_for(samples: int) -> int:
    """Encoder frames for a clip: its length plus a margin, in steps of 32."""
    units = math.ceil(samples / RATE * 50) + 96
    return int(min(FULL_CTX, max(MIN_CTX, math.ceil(units / 32) * 32)))


def max_tokens_for(samples: int) -> int:
    """A ceiling on the tokens of a clip's text: speech runs at about 4
    tokens a second; whisper caught in a loop ("No. No. No. …", cut back to
    one by `clean`) would otherwise decode up to its limit — seconds of work
    for a one-word answer when a prompt is given."""
    return 16 + math.ceil(samples / RATE * 8)


def clean(text: str) -> str:
    """Drop sound tags and stray punctuation; '' when nothing was said."""
    text = _TAGS.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return "" if not re.search(r"[A-Za-z0-9]", text) else _unrepeat(text)


def _unrepeat(text: str) -> str:
    """Whisper sometimes loops ("Head for Gull Island. Head for Gull Island.");
    a sentence said again at once is kept once."""
    sentences = re.findall(r"[^.!?]+[.!?]*\s*", text)
    kept: list[str] = []
    for sentence in sentences:
        if not kept or sentence.strip().lower() != kept[-1].strip().lower():
            kept.append(sentence)
    # A loop cut off by the token ceiling ends in the start of the sentence again.
    if len(kept) >= 2 and not re.search(r"[.!?]\s*$", kept[-1]):
        if kept[-2].strip().lower().startswith(kept[-1].strip().lower()):
            kept.pop()
    return "".join(kept).strip()


def _whisper_log(level: int, text: str, user_data=None) -> None:
    log.debug("whisper.cpp: %s", text.rstrip())


@functools.cache
def _route_logs() -> None:
    """whisper.cpp's log lines go to our log at debug level. pywhispercpp's own
    way of hiding them swaps the process's stderr around each call, which is
    not safe while another thread (or pytest) does the same."""
    import _pywhispercpp

    _pywhispercpp.whisper_log_set(_whisper_log)


class Whisper:
    def __init__(self, model_path: Path, *, threads: int = 1, language: str = "en"):
        _route_logs()
        self.path = Path(model_path)
        self.threads, self.language = threads, language
        self._model = self._load()  # a broken file fails here, not at the first answer

    def _load(self):
        from pywhispercpp.model import Model

        if not self.path.is_file():  # given a name, pywhispercpp would download one from a hub
            raise FileNotFoundError(f"no speech model at {self.path}")
        return Model(str(self.path), params_sampling_strategy=1, beam_search={"beam_size": BEAM, "patience": -1.0},
                     redirect_whispercpp_logs_to=False, n_threads=self.threads, print_progress=False,
                     print_realtime=False, print_timestamps=False, no_context=True, language=self.language,
                     suppress_blank=True, temperature_inc=0.0)

    def renew(self) -> None:
        """Make the state the next answer is heard with (once per answer)."""
        if self._model is None:
            self._model = self._load()

    def transcribe(self, audio: np.ndarray, prompt: str = "", stop: Callable[[], bool] | None = None,
                   threads: int | None = None) -> str:
        """What was said in `audio`. `stop` is asked between whisper.cpp's
        steps: once it says True the work ends early and its words are not
        to be used. `threads`: this time only (None: the model's own)."""
        self.renew()
        model, self._model = self._model, None
        # pywhispercpp's transcribe takes any of the model's parameters for the call (its docstring).
        segments = model.transcribe(audio.astype(np.float32), audio_ctx=audio_ctx_for(len(audio)),
                                    max_tokens=max_tokens_for(len(audio)), initial_prompt=prompt, no_context=True,
                                    abort_callback=stop, n_threads=threads or self.threads)
        return clean(" ".join(s.text for s in segments))
