#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command on a fresh machine: the system packages fmdesk needs (Debian
# or Ubuntu; it says what to run elsewhere), a virtualenv in .venv, fmdesk
# installed into it, then fmdesk itself, with any arguments given:
#
#   bash scripts/play.sh                       # the radio window
#   bash scripts/play.sh play --headless       # in the terminal
#
# Run again, it checks and starts at once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh

if [ "$(uname)" = "Darwin" ]; then
  command -v brew >/dev/null && { brew list portaudio >/dev/null 2>&1 || brew install portaudio; }
else
  # shellcheck disable=SC2086
  ensure_packages $DEBIAN_PLAY || exit 1
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { echo "fmdesk needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))."; exit 1; }
if [ ! -x .venv/bin/python ]; then
  echo "fmdesk: making a virtualenv in $(pwd)/.venv"
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -c 'import fmdesk, pyaudio' 2>/dev/null || [ pyproject.toml -nt .venv/.fmdesk-installed ]; then
  echo "fmdesk: installing fmdesk and its Python packages into .venv (about 1 GB the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q .
  touch .venv/.fmdesk-installed
fi
exec .venv/bin/fmdesk "$@"
