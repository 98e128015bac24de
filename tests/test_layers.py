# SPDX-License-Identifier: GPL-3.0-or-later
"""Each layer imports only the layers below it (DESIGN.md, STYLE.md rule 1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fmdesk"

# For each folder: the fmdesk packages it may import (besides itself).
ALLOWED = {
    "core": set(),
    "director": {"core"},
    "net": set(),
    "voice": {"core", "net"},
    "hearing": {"core", "net"},
    "audio": {"core"},
    "store": {"core"},
    "session": {"core", "director", "voice", "hearing", "audio", "store"},
    "headless": {"core", "session"},
    "ui": {"core", "session"},
}
# Outside packages only their owners may import.
OWNED = {
    "PySide6": {"ui"}, "qasync": {"ui"}, "pyaudio": {"audio"}, "pymongo": {"store"},
    "bson": {"store"}, "google": {"director"}, "httpx": {"director"},
}
STDLIB_NETWORK = {"socket", "http", "urllib", "ssl"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_layers_import_only_downwards():
    crossings = []
    for folder, allowed in ALLOWED.items():
        for path in (PACKAGE / folder).rglob("*.py") if (PACKAGE / folder).exists() else []:
            for name in imports(path):
                top, _, rest = name.partition(".")
                if top == "fmdesk":
                    layer = rest.split(".")[0]
                    if layer and layer != folder and layer not in allowed:
                        crossings.append(f"{path.relative_to(PACKAGE)} imports {name}")
                elif top in OWNED and folder not in OWNED[top]:
                    crossings.append(f"{path.relative_to(PACKAGE)} imports {name}")
                elif folder == "core" and (top in STDLIB_NETWORK or top not in sys.stdlib_module_names
                                           and top not in ("pydantic", "__future__")):
                    crossings.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not crossings, "layer crossings:\n" + "\n".join(crossings)


def test_the_rule_catches_a_crossing(tmp_path, monkeypatch):
    bad = tmp_path / "fmdesk" / "core"
    bad.mkdir(parents=True)
    (bad / "oops.py").write_text("import pymongo\nfrom fmdesk.session import engine\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "fmdesk")
    try:
        test_layers_import_only_downwards()
    except AssertionError as exc:
        assert "core/oops.py imports pymongo" in str(exc)
        assert "core/oops.py imports fmdesk.session" in str(exc)
    else:
        raise AssertionError("a crossing went unnoticed")
