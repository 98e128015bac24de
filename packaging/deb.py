# SPDX-License-Identifier: GPL-3.0-or-later
"""The Debian package: `dist/fmdesk_<version>_<arch>.deb` from the one-folder
app, with Debian's own `dpkg-deb`.

    python packaging/deb.py dist/fmdesk        # after packaging/build.py (which calls this on Linux)

What it installs: the app in /opt/fmdesk, `fmdesk` on the PATH
(/usr/games/fmdesk, a link: where Debian puts games, on every user's PATH),
a desktop entry and icons (the launcher shows it
under Games), a manual page, the copyright and changelog in
/usr/share/doc/fmdesk, and lintian overrides that say why a bundled app
breaks the rules written for Debian's own archive. `Depends:` names what the
folder takes from the system. The player's missions live in their data
folder (~/.local/share/fmdesk), which the package never touches, so removing
it keeps them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
PACKAGE = "fmdesk"
MAINTAINER = "fmdesk developers <fmdesk@users.noreply.github.com>"

# What the folder does not carry and loads from the system. Qt's xcb platform
# plugin: EGL/GL and the X11 input and cursor libraries (PyInstaller bundles
# most xcb libraries; these are the ones a minimal system may lack and Qt's
# documentation lists, https://doc.qt.io/qt-6/linux-requirements.html);
# fontconfig and D-Bus. Sound: ALSA (left out of the folder so that it
# matches the system's plugins), its pulse plugin, through which PortAudio
# reaches the sound server, and the sound server itself. Ubuntu 24.04 renamed
# some libraries for the 64-bit time_t change (…t64), hence the alternatives.
DEPENDS = [
    "libc6 (>= {glibc})",
    "libegl1", "libgl1", "libfontconfig1", "libxkbcommon-x11-0", "libxcb-cursor0", "libx11-xcb1",
    "libdbus-1-3",
    # util-linux's libraries (GLib's GIO loads them; Debian's libmount1 is essential).
    "libmount1", "libblkid1",
    "libasound2 | libasound2t64", "libasound2-plugins",
    "pipewire-pulse | pulseaudio",
]
DESCRIPTION = """desktop radio drama
 You get a mission brief, tune a radio dial to a frequency and live the
 mission over the air: callers talk in local neural voices through a radio
 sound, and when one waits for an answer you hold TALK, speak and release.
 The story goes on from what you said until the time runs out, then a
 debrief. Callers are written by Gemini with an API key, or by the offline
 director without one; every mission is kept and can be resumed.
 .
 Everything runs on this computer: the voices, the speech recognition
 (whisper.cpp) and the database come inside the package."""


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def glibc_version() -> str:
    """The C library the folder was built against: its binaries need at least this one."""
    major, minor = os.confstr("CS_GNU_LIBC_VERSION").split()[1].split(".")[:2]
    return f"{major}.{minor}"


def _gzip(data: bytes) -> bytes:
    """gzip -9n: no name and no time in the header, as Debian wants (reproducible)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0, filename="") as handle:
        handle.write(data)
    return out.getvalue()


def _is_elf_program(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(18)
    # ELF e_type 2 is an executable, 3 a shared object (a PIE program or a library).
    return head[:4] == b"\x7fELF" and not path.name.endswith(".so") and ".so." not in path.name and \
        int.from_bytes(head[16:18], "little") in (2, 3)


def _normalize_modes(tree: Path) -> None:
    """0755 for folders and programs, 0644 for everything else (libraries
    included), whatever the wheels came with."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o755 if _is_elf_program(path) or path.suffix == ".sh" else 0o644)


def _changelog(version: str, when: float) -> str:
    stamp = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(when))
    return (f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
            f"  * fmdesk {version}: the one-folder app as a Debian package.\n"
            f"    What changed is in the project's history.\n\n"
            f" -- {MAINTAINER}  {stamp}\n")


def _installed_size_kib(tree: Path) -> int:
    total = 0
    for path in tree.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def _md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(tree).parts:
            digest = hashlib.md5(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(tree).as_posix()}\n")
    return "".join(lines)


def stage(folder: Path, staging: Path, version: str, icon_png: Path) -> Path:
    """The package's file tree in `staging` (made anew)."""
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / "opt" / PACKAGE
    shutil.copytree(folder, opt, symlinks=True)
    usr = staging / "usr"
    (usr / "games").mkdir(parents=True)
    # Across top-level folders a link is absolute (Debian policy 10.5).
    (usr / "games" / PACKAGE).symlink_to(f"/opt/{PACKAGE}/{PACKAGE}")
    share = usr / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    shutil.copy(LINUX / "fmdesk.desktop", applications / "fmdesk.desktop")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "fmdesk.svg", scalable / "fmdesk.svg")
    bitmap = share / "icons" / "hicolor" / "256x256" / "apps"
    bitmap.mkdir(parents=True)
    shutil.copy(icon_png, bitmap / "fmdesk.png")
    man = share / "man" / "man6"
    man.mkdir(parents=True)
    (man / "fmdesk.6.gz").write_bytes(_gzip((LINUX / "fmdesk.6").read_bytes()))
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy(LINUX / "copyright", doc / "copyright")
    when = float(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
    (doc / "changelog.gz").write_bytes(_gzip(_changelog(version, when).encode()))
    (doc / "README.md.gz").write_bytes(_gzip((ROOT / "README.md").read_bytes()))
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(LINUX / "lintian-overrides", overrides / PACKAGE)
    _normalize_modes(staging)

    control_dir = staging / "DEBIAN"
    control_dir.mkdir()
    depends = ", ".join(DEPENDS).format(glibc=glibc_version())
    control = (f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: {architecture()}\n"
               f"Maintainer: {MAINTAINER}\nInstalled-Size: {_installed_size_kib(staging)}\n"
               f"Depends: {depends}\nSection: games\nPriority: optional\n"
               f"Description: {DESCRIPTION}\n")
    (control_dir / "control").write_text(control)
    (control_dir / "md5sums").write_text(_md5sums(staging))
    for path in control_dir.iterdir():
        path.chmod(0o644)
    control_dir.chmod(0o755)
    return staging


def make_deb(folder: Path, dist: Path, version: str, icon_png: Path, work: Path, *,
             compress: bool = True) -> Path:
    """Stage and build; returns the .deb's path in `dist`. Compressed with
    xz, the format every dpkg reads (zstd needs dpkg 1.21.18 or later):
    293 MB in 150 s here. `compress=False` for a quick check: the same
    package, 525 MB, in 2 s."""
    staging = stage(folder, work / "deb-root", version, icon_png)
    target = dist / f"{PACKAGE}_{version}_{architecture()}.deb"
    compression = ["-Zxz", "-z6"] if compress else ["-Znone"]
    subprocess.run(["dpkg-deb", "--root-owner-group", *compression, "--build", str(staging), str(target)],
                   check=True, capture_output=True)
    shutil.rmtree(staging)
    return target


def main() -> int:
    import argparse

    sys.path.insert(0, str(ROOT / "packaging"))
    import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the one-folder app (dist/fmdesk)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    args = parser.parse_args()
    icon = build.render_icon_in_child(args.work / "fmdesk.png")
    started = time.perf_counter()
    deb = make_deb(args.folder.resolve(), args.folder.resolve().parent, build.version(), icon, args.work.resolve())
    print(f"built {deb} in {time.perf_counter() - started:.0f} s; {deb.stat().st_size / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
