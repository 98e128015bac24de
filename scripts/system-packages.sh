# SPDX-License-Identifier: GPL-3.0-or-later
# The system packages fmdesk needs, sourced by play.sh and test.sh (and
# .ci/run): one list, so the README, the scripts and CI cannot disagree.
#
# PLAY: PyAudio builds against PortAudio (PyPI has no Linux wheel of it),
# so a C compiler, Python's headers and PortAudio's; a virtualenv; and the
# libraries Qt's xcb platform plugin loads (a desktop has most of them).
# TEST: a virtual X server for the window's screenshots, a sound server the
# audio tests start with null sinks, a font; and Debian's packaging checks
# for the installers (lintian, desktop-file-validate, NSIS's makensis).

DEBIAN_PLAY="gcc libc6-dev python3-dev python3-venv portaudio19-dev libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0
  libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-util1 libx11-xcb1 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0"
DEBIAN_TEST="xvfb xauth fonts-dejavu-core pulseaudio pulseaudio-utils lintian desktop-file-utils nsis"
FEDORA_PLAY="gcc python3-devel portaudio-devel xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms
  xcb-util-renderutil libxkbcommon-x11 mesa-libEGL"
ARCH_PLAY="gcc portaudio xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms xcb-util-renderutil
  libxkbcommon-x11"
MACOS_PLAY="portaudio"

# Installs the Debian packages in "$@" that are missing, saying which;
# as root, or through sudo. Elsewhere prints what to run and returns 1.
ensure_packages() {
  if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    local missing=()
    for pkg in "$@"; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "fmdesk: installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    return $?
  fi
  echo "fmdesk: not a Debian or Ubuntu system; install these yourself, then run this again:"
  echo "  Fedora: sudo dnf install $(echo $FEDORA_PLAY)"
  echo "  Arch:   sudo pacman -S --needed $(echo $ARCH_PLAY)"
  echo "  macOS:  brew install $MACOS_PLAY"
  return 1
}
