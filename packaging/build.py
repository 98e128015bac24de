# SPDX-License-Identifier: GPL-3.0-or-later
"""Build the one-folder app: `dist/fmdesk/fmdesk[.exe]` (and `secantusd`).

    python packaging/build.py [--dist dist] [--work build/pyinstaller]

Renders the icon from assets/fmdesk.svg, writes the Windows version info on
Windows, runs PyInstaller on packaging/fmdesk.spec, and prints how long it
took and how big the folder is.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from fmdesk import __version__

    return __version__


def render_icon(target: Path, size: int = 256) -> Path:
    """assets/fmdesk.svg as a PNG (PyInstaller makes .ico/.icns from it)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (Qt needs it alive)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "assets" / "fmdesk.svg")).render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(target))
    return target


def windows_version_file(target: Path, number: str) -> Path:
    from PyInstaller.utils.win32.versioninfo import (FixedFileInfo, StringFileInfo, StringStruct, StringTable,
                                                     VarFileInfo, VarStruct, VSVersionInfo)

    parts = tuple(int(p) for p in (number.split(".") + ["0"] * 4)[:4])
    info = VSVersionInfo(
        ffi=FixedFileInfo(filevers=parts, prodvers=parts),
        kids=[StringFileInfo([StringTable("040904B0", [
            StringStruct("CompanyName", "fmdesk"), StringStruct("FileDescription", "fmdesk, a desktop radio drama"),
            StringStruct("FileVersion", number), StringStruct("InternalName", "fmdesk"),
            StringStruct("LegalCopyright", "GPL-3.0-or-later"), StringStruct("OriginalFilename", "fmdesk.exe"),
            StringStruct("ProductName", "fmdesk"), StringStruct("ProductVersion", number)])]),
              VarFileInfo([VarStruct("Translation", [1033, 1200])])])
    target.write_text(str(info), encoding="utf-8")
    return target


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> tuple[Path, float, int]:
    """Build; returns the app folder, the seconds it took and its size in bytes."""
    number = version()
    env = dict(os.environ, FMDESK_VERSION=number)
    # In a child process: a Qt application made here would stay for the caller's lifetime.
    icon = work / "fmdesk.png"
    subprocess.run([sys.executable, __file__, "--render-icon", str(icon)], check=True, cwd=ROOT)
    env["FMDESK_ICON"] = str(icon)
    if sys.platform == "win32":
        env["FMDESK_VERSION_FILE"] = str(windows_version_file(work / "version_info.txt", number))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "fmdesk.spec")],
                   check=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - started
    folder = dist / "fmdesk"
    return folder, seconds, folder_size(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--render-icon", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_icon:
        render_icon(args.render_icon)
        return 0
    folder, seconds, size = build(args.dist.resolve(), args.work.resolve())
    program = folder / ("fmdesk.exe" if sys.platform == "win32" else "fmdesk")
    print(f"built {program} in {seconds:.0f} s; the folder is {size / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
