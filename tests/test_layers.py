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
    "bson": {"store"}, "google": {"director"}, "httpx": {"director"}, "httpx2": {"director"},
}
STDLIB_NETWORK = {"socket", "http", "urllib", "ssl"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "fmdesk" and node.level == 0:
            # from fmdesk import cli (the version is the package's own, for anyone)
            found.update(f"fmdesk.{alias.name}" for alias in node.names if alias.name != "__version__")
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


# The top-level modules: what each may import of fmdesk. The composition
# root and the command lines sit above every package; the doctor checks the
# parts (never the session or the window); settings and keys sit below all.
TOP_LEVEL = {
    "config.py": {"store", "core"},  # store.uri: checking and masking a URI; core.player: callsigns
    "keys.py": {"config"},
    "memory.py": set(),  # the C library's malloc policy, through ctypes
    "doctor.py": {"config", "keys", "audio", "voice", "hearing", "store", "director"},
    "app.py": {"config", "keys", "core", "audio", "voice", "hearing", "store", "director", "session"},
    "hearing_cli.py": {"app", "config", "core", "hearing"},
    "voice_cli.py": {"app", "config", "core", "audio", "voice", "hearing_cli"},
    "cli.py": {"app", "config", "keys", "core", "audio", "director", "headless", "hearing", "session",
               "store", "ui", "doctor", "hearing_cli", "voice_cli", "memory"},
    "__main__.py": {"cli"},
    "__init__.py": set(),
}
# Outside packages a top-level module may import beside the owners'.
TOP_LEVEL_OWNED = {"doctor.py": {"PySide6"}}  # it reports the Qt it finds


def test_top_level_modules_import_what_they_may():
    crossings = []
    for path in sorted(PACKAGE.glob("*.py")):
        allowed = TOP_LEVEL.get(path.name)
        if allowed is None:
            crossings.append(f"{path.name} is not in TOP_LEVEL: say what it may import")
            continue
        for name in imports(path):
            top, _, rest = name.partition(".")
            if top == "fmdesk":
                target = rest.split(".")[0]
                module = f"{target}.py" if (PACKAGE / f"{target}.py").exists() else target
                if target and module.removesuffix(".py") not in allowed \
                        and module != path.name:
                    crossings.append(f"{path.name} imports {name}")
            elif top in OWNED and top not in TOP_LEVEL_OWNED.get(path.name, set()):
                crossings.append(f"{path.name} imports {name}")
    assert not crossings, "top-level crossings:\n" + "\n".join(crossings)


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
