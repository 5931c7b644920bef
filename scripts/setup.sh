#!/usr/bin/env bash
# Prepare a machine to run Stanceline from this checkout: Debian libraries Qt needs, .venv, deps.
#
# Idempotent and fast when nothing changed: one dpkg-query call, one stat of the venv, one
# sha256 of pyproject.toml.  Safe to call at the start of every run.sh / test.sh.
#
# Environment:
#   PYTHON=/path/to/python3.x   interpreter for a new .venv (default: first of python3,
#                               python3.13, python3.12, python3.11 that is >= 3.11)
#   STANCELINE_SKIP_APT=1       never touch system packages (e.g. on a non-Debian machine)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- 1. System libraries ---------------------------------------------------------------------
# PySide6 wheels bundle Qt but not these.  The first group is enough for offscreen use (tests,
# screenshots); the xcb group is what the xcb platform plugin needs for a visible window on X.
APT_REQUIRED=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
    libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0)
# Nice to have; a failure to install these never fails setup.  desktop-file-validate is used by
# tests/test_launcher.py when present, the others by the launcher installer.
APT_OPTIONAL=(desktop-file-utils shared-mime-info xdg-user-dirs xvfb fonts-noto-core)

pick_python() {
    local cand
    if [[ -n "${PYTHON:-}" ]]; then
        echo "$PYTHON"
        return
    fi
    for cand in python3 python3.13 python3.12 python3.11; do
        if command -v "$cand" >/dev/null 2>&1 &&
            "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$cand"
            return
        fi
    done
    # Nothing new enough: hand back python3 so the version check below prints what was found.
    command -v python3 || echo python3
}

# Print the packages among "$@" that dpkg does not report as installed (one dpkg-query call).
missing_debs() {
    local installed
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
        awk '$2 ~ /^ii/ {print $1}')" || true
    local p
    for p in "$@"; do
        grep -qx -- "$p" <<<"$installed" || echo "$p"
    done
}

# How to become root for apt-get: "" (we are root), "sudo", or "none".
root_via() {
    if [[ $EUID -eq 0 ]]; then
        echo ""
    elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [[ -t 0 ]]; }; then
        # sudo -n: passwordless (CI); on a terminal sudo may ask for the password.
        echo sudo
    else
        echo none
    fi
}

apt_install() {
    # $1: "required" or "optional"; rest: packages.  `apt-get update` runs at most once per
    # setup, and only when something is actually missing.
    local kind="$1"
    shift
    local via
    via="$(root_via)"
    if [[ $via == none ]]; then
        log "$kind Debian packages missing and no root/sudo here; please run:"
        log "  sudo apt-get update && sudo apt-get install -y $*"
        return 0
    fi
    local run=(env DEBIAN_FRONTEND=noninteractive)
    [[ -n $via ]] && run=("$via" "${run[@]}")
    log "installing $kind Debian packages: $*"
    if [[ -z "${_APT_UPDATED:-}" ]]; then
        "${run[@]}" apt-get update -q >/dev/null || log "apt-get update failed; trying anyway"
        _APT_UPDATED=1
    fi
    if ! "${run[@]}" apt-get install -y -q --no-install-recommends "$@" >/dev/null; then
        if [[ $kind == required ]]; then
            log "apt-get install failed; Qt may not start. Please run:"
            log "  sudo apt-get install -y $*"
        else
            log "optional packages not installed ($*); continuing"
        fi
    fi
}

PY="$(pick_python)"
if [[ ! -x "$VENV/bin/python" ]]; then
    # Fail before touching the system if the interpreter for the new venv is too old.
    command -v "$PY" >/dev/null 2>&1 || die "no python3 found; install Python 3.11 or newer"
    "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "Stanceline needs Python >= 3.11, but $PY is $("$PY" -V 2>&1)." \
            "Install python3.11 (Debian 12: apt-get install python3) or set PYTHON=/path/to/python3.11"
fi

if [[ -z "${STANCELINE_SKIP_APT:-}" ]] && command -v dpkg-query >/dev/null 2>&1; then
    mapfile -t need < <(missing_debs "${APT_REQUIRED[@]}")
    # Debian splits venv/ensurepip out of the interpreter package.  Only matters for a venv we
    # are about to create.
    if [[ ! -x "$VENV/bin/python" ]] && ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
        need+=(python3-venv)
    fi
    mapfile -t want < <(missing_debs "${APT_OPTIONAL[@]}")
    if ((${#need[@]})); then
        apt_install required "${need[@]}"
    fi
    # Optional ones only without a password prompt: never nag on every run for a nicety.
    if ((${#want[@]})) && { [[ $EUID -eq 0 ]] || sudo -n true 2>/dev/null; }; then
        apt_install optional "${want[@]}"
    fi
elif [[ -z "${STANCELINE_SKIP_APT:-}" ]]; then
    log "no dpkg-query (not Debian?): make sure Qt's system libraries (EGL, GL, xkbcommon," \
        "fontconfig, dbus, xcb-cursor) are installed"
fi

# --- 2. Virtual environment ------------------------------------------------------------------
if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating .venv with $("$PY" -V 2>&1) ($PY)"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV" || die "python -m venv failed (Debian: apt-get install python3-venv)"
fi
"$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die ".venv has $("$VENV/bin/python" -V 2>&1); remove .venv and run again with PYTHON=python3.11"

# --- 3. Dependencies: reinstall only when pyproject.toml (or the extras) changed ----------
# postgres: psycopg, for team projects and the PostgreSQL tests (scripts/with-postgres.sh).
EXTRAS="dev,postgres"
HASH="$({ cat pyproject.toml; echo "$EXTRAS"; } | sha256sum | cut -c1-64)"
STAMP="$VENV/.stamp-$HASH"
if [[ ! -e "$STAMP" ]]; then
    log "installing Stanceline and its dependencies into .venv (pyproject.toml changed)"
    PIP_LOG="$VENV/pip-install.log"
    if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[$EXTRAS]" \
        >"$PIP_LOG" 2>&1; then
        tail -n 30 "$PIP_LOG" >&2
        die "pip install failed (whole output: $PIP_LOG)"
    fi
    # Two warnings pip prints on success that alarm a new user and ask nothing of them: jusText
    # (trafilatura) still names lxml's "html_clean" extra, which lxml 6 dropped (its content,
    # lxml_html_clean, is a direct dependency), and find-links in a pip.conf that do not exist
    # on this machine.  Anything else pip warns about is shown.
    grep -E '^(WARNING|ERROR|DEPRECATION)' "$PIP_LOG" |
        grep -v -E "does not provide the extra 'html[-_]clean'|^WARNING: Location '.*' is ignored" |
        sed 's/^/setup: pip: /' >&2 || true
    rm -f "$VENV"/.stamp-*
    touch "$STAMP"
fi
