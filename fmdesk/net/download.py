# SPDX-License-Identifier: GPL-3.0-or-later
"""One file fetched over HTTP(S), checked, and only then put in place.

The file is written beside its target as `.part` and renamed when every
digest matches; a failed or damaged download leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import urllib.request
from pathlib import Path
from typing import Callable

Progress = Callable[[float, str], None]


class DownloadError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def fetch_json(url: str, *, timeout_s: float = 30.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise DownloadError(f"Could not read {url}: {exc}") from exc


def download_file(url: str, target: Path, *, digests: dict[str, str], progress: Progress | None = None,
                  chunk: int = 1 << 20, timeout_s: float = 30.0) -> Path:
    """Fetch `url` to `target`, checking `digests` ({"sha256": hex, ...})."""
    if not digests:
        raise DownloadError(f"No checksum is known for {url}: not downloading it unchecked.")
    progress = progress or (lambda fraction, what: None)
    hashers = {name: hashlib.new(name) for name in digests}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response, open(partial, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while block := response.read(chunk):
                out.write(block)
                for hasher in hashers.values():
                    hasher.update(block)
                done += len(block)
                progress(done / total if total else 0.0, f"{done / 1e6:.1f} MB")
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"Could not download {url}: {exc}") from exc
    for name, hasher in hashers.items():
        if hasher.hexdigest() != digests[name].lower():
            partial.unlink(missing_ok=True)
            label = {"sha1": "SHA-1", "sha256": "SHA-256", "md5": "MD5"}.get(name, name)
            raise DownloadError(f"{target.name} arrived damaged ({label} mismatch); nothing was kept.")
    partial.replace(target)
    progress(1.0, "done")
    return target
