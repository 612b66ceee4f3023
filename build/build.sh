#!/usr/bin/env bash
# Build the one-file binary dist/svit from a checkout:  build/build.sh
# It also writes the release file dist/svit-<version>-linux-<machine> and its SHA-256 checksum file.
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
version=$(dist/svit version --json | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["version"])')
release="svit-${version}-linux-$(uname -m)"
cp dist/svit "dist/$release"
(cd dist && sha256sum "$release" > "$release.sha256")
ls -l dist/svit "dist/$release" "dist/$release.sha256"
dist/svit version
