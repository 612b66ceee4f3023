#!/usr/bin/env bash
# Build the one-file binary dist/svit from a checkout:  build/build.sh
# Uses its own virtualenv (build/venv, created on first use) holding svit's runtime dependencies,
# the scale-out drivers and PyInstaller, so nothing from a test or dev environment gets in.
# PYTHON=python3.11 picks the interpreter the venv is made from.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/venv
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e '.[build,scale]'
"$venv/bin/python" -m PyInstaller svit.spec --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/work
ls -l dist/svit
dist/svit version
