# shellcheck shell=bash
# scripts/ci/lib.sh - shared by hygiene.sh, portability.sh and coverage.sh.
# Sourced, not run. Provides the work directory, and package installs that
# a warm machine skips (a dpkg -s guard, so no apt runs at all).

# ci_workdir PREFIX ENV_VALUE: sets WORK (ENV_VALUE, or a temp dir removed
# on exit) and LOGS.
ci_workdir() {
  if [ -n "$2" ]; then
    WORK=$2
    mkdir -p "$WORK"
  else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
  fi
  LOGS=$WORK/logs
  mkdir -p "$LOGS"
}

SUDO=
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

# dpkg -s, also for a name installed for several architectures.
installed() {
  dpkg -s "$1" >/dev/null 2>&1 ||
    dpkg -s "$1:$(dpkg --print-architecture)" >/dev/null 2>&1
}

# Installs the packages that are not installed yet; non-zero if apt fails.
need() {
  local missing=() p
  for p in "$@"; do
    installed "$p" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    "${missing[@]}" >"$LOGS/apt-$$.log" 2>&1 || { tail -5 "$LOGS/apt-$$.log"; return 1; }
}
