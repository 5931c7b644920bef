#!/usr/bin/env bash
# Fuzz ingest/: bash scripts/fuzz.sh [EXAMPLES=100000] [WORKERS=nproc]
# Prints one JSON line ({"inputs": ..., "failures": 0, ...}); exits 1 on a failure, showing the
# smallest falsifying input.  Takes tens of minutes at the default size; not part of test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec "$ROOT/.venv/bin/python" scripts/fuzz.py "$@"
