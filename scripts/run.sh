#!/usr/bin/env bash
# Start Stanceline (the demo project on first run).  Arguments go to main.py, e.g. a project file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
# Say so: the first window can take a few seconds (Qt, the project, the reading models).
printf 'run: starting Stanceline%s…\n' "${1:+ with $1}" >&2
exec "$ROOT/.venv/bin/python" main.py "$@"
