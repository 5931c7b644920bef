#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server: bash scripts/with-postgres.sh CMD [ARGS...]
#
# Installs Debian's `postgresql` when missing (as root, or with passwordless sudo), creates a
# cluster in a temporary directory, starts it on 127.0.0.1 on a free port, exports
#   STANCELINE_TEST_PG_URL=postgresql+psycopg://stanceline@127.0.0.1:PORT/stanceline_test
# runs CMD, then stops the server and deletes the directory (also on failure or Ctrl-C).
# PostgreSQL refuses to run as root, so as root the server runs as the user `stanceline-ci`
# (created on first use).
#
# Without PostgreSQL (not Debian, no root) CMD still runs, without the URL: the PostgreSQL
# tests skip.  Under CI (CI=true) a server that cannot start fails the run instead, so a green
# CI always means the storage and concurrency tests ran against PostgreSQL too.
set -euo pipefail

log() { printf 'with-postgres: %s\n' "$*" >&2; }

fallback() {
    if [[ "${CI:-}" == true ]]; then
        log "error: $* (CI must run the PostgreSQL tests)"
        exit 1
    fi
    log "$*; running without PostgreSQL (its tests will be skipped)"
    exec "$@"
}

find_bin() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)" || true
    echo "$found"
}

BIN="$(find_bin)"
if [[ -z "$BIN" ]] && command -v apt-get >/dev/null 2>&1; then
    if [[ $EUID -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo)
    else
        SUDO=(none)
    fi
    if [[ "${SUDO[0]:-}" != none ]]; then
        log "installing Debian postgresql"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || true
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends postgresql >/dev/null ||
            log "apt-get install postgresql failed"
        BIN="$(find_bin)"
    fi
fi
[[ -n "$BIN" ]] || fallback "PostgreSQL is not installed" "$@"

# Run server commands as an unprivileged user when we are root.
AS=()
if [[ $EUID -eq 0 ]]; then
    id -u stanceline-ci >/dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin stanceline-ci ||
        fallback "could not create the user stanceline-ci" "$@"
    AS=(runuser -u stanceline-ci --)
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/stanceline-pg.XXXXXX")"
chmod 755 "$DIR"
[[ $EUID -eq 0 ]] && chown stanceline-ci "$DIR"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
    "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U stanceline --auth=trust -E UTF8 \
    --no-locale >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    fallback "initdb failed" "$@"
}
# fsync=off: a throwaway test server; the durability under test is SQLite's and our own.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=100" start >/dev/null || {
    cat "$DIR/server.log" >&2
    fallback "the PostgreSQL server did not start" "$@"
}
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U stanceline stanceline_test

export STANCELINE_TEST_PG_URL="postgresql+psycopg://stanceline@127.0.0.1:$PORT/stanceline_test"
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
status=0
"$@" || status=$?
exit "$status"
