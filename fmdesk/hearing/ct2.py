# SPDX-License-Identifier: GPL-3.0-or-later
"""Read a CTranslate2 `model.bin` (binary version 6): its variables and aliases.

Layout (CTranslate2's ModelSpec._serialize): uint32 version, string spec
name, uint32 revision, uint32 count, then per variable: string name, uint8
rank, uint32 dims, uint8 dtype id, uint32 byte count, raw bytes; then uint32
alias count and (alias, target) string pairs. Strings are uint16 length
(with the terminating NUL) and UTF-8 bytes.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np

_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)  # bfloat16 unsupported


class ModelFormatError(ValueError):
    pass


def _read(handle: BinaryIO, fmt: str):
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise ModelFormatError("the model file ends early")
    return struct.unpack("<" + fmt, data)


def _string(handle: BinaryIO) -> str:
    (length,) = _read(handle, "H")
    return handle.read(length)[:-1].decode("utf-8")


def read_ct2(path: Path) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and every variable (aliases resolved) of a CT2 model."""
    with open(path, "rb") as handle:
        (version,) = _read(handle, "I")
        if version != 6:
            raise ModelFormatError(f"CTranslate2 binary version {version} is not supported (6 is)")
        spec = _string(handle)
        _read(handle, "I")  # spec revision
        (count,) = _read(handle, "I")
        variables: dict[str, np.ndarray] = {}
        for _ in range(count):
            name = _string(handle)
            (rank,) = _read(handle, "B")
            shape = _read(handle, "I" * rank) if rank else ()
            (dtype_id,) = _read(handle, "B")
            (size,) = _read(handle, "I")
            dtype = _DTYPES[dtype_id] if dtype_id < len(_DTYPES) else None
            if dtype is None:
                raise ModelFormatError(f"{name}: data type {dtype_id} is not supported")
            data = handle.read(size)
            if len(data) != size or size != np.dtype(dtype).itemsize * int(np.prod(shape, dtype=np.int64)):
                raise ModelFormatError(f"{name}: the model file is damaged or ends early")
            variables[name] = np.frombuffer(data, dtype=dtype).reshape(shape)
        (aliases,) = _read(handle, "I")
        for _ in range(aliases):
            alias, target = _string(handle), _string(handle)
            variables[alias] = variables[target]
    return spec, variables
