#!/usr/bin/env bash
# Start Stanceline (the demo project on first run).  Arguments go to main.py, e.g. a project file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec "$ROOT/.venv/bin/python" main.py "$@"
