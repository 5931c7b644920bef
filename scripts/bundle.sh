#!/usr/bin/env bash
# Build the standalone Linux bundle: dist/stanceline/ with the launcher dist/stanceline/stanceline
# (no Python needed on the target machine).  Usage, from anywhere:
#
#     bash scripts/bundle.sh
#
# Uses the project's .venv (scripts/setup.sh creates it) and pip-installs PyInstaller into it
# when missing.  Prints the bundle's size and the build time at the end.  Windows and macOS:
# packaging/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYINSTALLER_VERSION="${PYINSTALLER_VERSION:-6.22.3}"

[[ -x .venv/bin/python ]] || bash scripts/setup.sh
if ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
    echo "bundle: installing pyinstaller==$PYINSTALLER_VERSION into .venv" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check \
        "pyinstaller==$PYINSTALLER_VERSION"
fi

start=$(date +%s)
# --noconfirm: replace an earlier dist/stanceline; build/ keeps PyInstaller's cache between runs.
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
    packaging/stanceline.spec
end=$(date +%s)

test -x dist/stanceline/stanceline || { echo "bundle: no launcher was built" >&2; exit 1; }
size="$(du -sh dist/stanceline | cut -f1)"
echo "bundle: dist/stanceline/stanceline ($size, built in $((end - start)) s)"
echo "bundle: start it with dist/stanceline/stanceline;" \
    "add it to the menu with dist/stanceline/stanceline install-launcher"
