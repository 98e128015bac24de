#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command runs the tests on a fresh machine: the system packages the
# tests need (Debian or Ubuntu: a virtual X server, PulseAudio, PortAudio's
# headers, Qt's xcb libraries), fmdesk in editable mode with its test, Coqui
# and build extras, then pytest with any arguments given:
#
#   bash scripts/test.sh                 # everything (CI runs exactly this)
#   bash scripts/test.sh tests/session   # a part
#
# It uses $PYTHON (python3); where that Python is the system's own
# ("externally managed"), a virtualenv in .venv instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

# shellcheck disable=SC2086
ensure_packages $DEBIAN_PLAY $DEBIAN_TEST || exit 1

PYTHON=${PYTHON:-python3}
if "$PYTHON" -c 'import sys, sysconfig, pathlib; sys.exit(not (pathlib.Path(sysconfig.get_path("stdlib")) / "EXTERNALLY-MANAGED").exists())'; then
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  PYTHON=.venv/bin/python
fi
echo "fmdesk: installing fmdesk[test,coqui,build] for $("$PYTHON" --version) (torch for the Coqui tests is the largest part)"
"$PYTHON" -m pip install -q -e ".[test,coqui,build]"
exec "$PYTHON" -m pytest "$@"
