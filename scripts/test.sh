#!/usr/bin/env bash
# The whole check, headless: lint, then the test suite.  Extra arguments go to pytest.
# Same command locally and in CI (.ci/run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"

# ruff first so pytest's summary is the last line printed (CI reads the closing line); a lint
# failure still fails the run after the tests have been reported.
lint=0
"$ROOT/.venv/bin/ruff" check . || lint=$?
# The layer contracts (.importlinter): ingest alone, no Qt below the viewer, no SQL in it,
# no import cycles (function-level imports included).
layers=0
"$ROOT/.venv/bin/lint-imports" --config "$ROOT/.importlinter" || layers=$?

if [[ -z "${STANCELINE_TEST_PG_URL:-}" ]]; then
    echo "test.sh: STANCELINE_TEST_PG_URL not set: PostgreSQL tests skip" \
        "(bash scripts/with-postgres.sh bash scripts/test.sh runs them)" >&2
fi

tests=0
QT_QPA_PLATFORM=offscreen "$ROOT/.venv/bin/python" -m pytest -q "$@" || tests=$?

if ((lint)); then
    echo "test.sh: ruff check failed (exit $lint)" >&2
fi
if ((layers)); then
    echo "test.sh: lint-imports failed (exit $layers): a layer contract in .importlinter" >&2
fi
if ((tests)); then
    exit "$tests"
fi
if ((lint)); then
    exit "$lint"
fi
exit "$layers"
