#!/bin/sh
# Makes sure Debian's chromium is installed at /usr/bin/chromium (the e2e test drives it with
# playwright-core; no test tool ever downloads a browser). Does nothing when it is already there.
# Needs root (or sudo) and a reachable Debian package mirror.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: $CHROMIUM is already installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ensure-chromium: $CHROMIUM is missing and this script needs root to install it" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
LOG=$(mktemp "${TMPDIR:-/tmp}/ensure-chromium.XXXXXX")
trap 'rm -f "$LOG"' EXIT
run() {
  # quiet on success, the whole apt/dpkg output on failure
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive "$@" >"$LOG" 2>&1; then
    cat "$LOG" >&2
    echo "ensure-chromium: failed: $*" >&2
    exit 1
  fi
}
echo "ensure-chromium: $CHROMIUM is missing; running apt-get update"
run apt-get update -qq
echo "ensure-chromium: installing the Debian package 'chromium' with apt-get (a few minutes at most)"
run apt-get install -y -qq --no-install-recommends chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
