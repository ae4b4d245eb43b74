#!/usr/bin/env bash
# Sets up everything RecordsDesk needs on Debian 12: system packages, a virtual environment, the package.
# Idempotent: a second run installs nothing new. Run as root (or with sudo available).
# One line per step on stdout; apt's and pip's own output goes to .tmp/setup.log.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mkdir -p .tmp
log=.tmp/setup.log
: > "$log"

want_tests=0
[ "${1:-}" = "--tests" ] && want_tests=1

# Libraries Qt needs offscreen and under Xvfb, fonts, CUPS client, and the test rig's servers.
pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
      fonts-noto-core libcups2 xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4
      libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 python3-venv
      imagemagick)
if [ "$want_tests" = 1 ]; then
  # The installer's test builds a .deb (dpkg-deb) and installs it (dpkg), as root.
  pkgs+=(cups cups-client cups-bsd printer-driver-cups-pdf postgresql poppler-utils binutils)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "setup: installing ${#missing[@]} system packages (${missing[*]})"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
         --no-install-recommends "${missing[@]}"; } >>"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "setup: apt-get failed (full log in $log)" >&2
    exit 1
  fi
else
  echo "setup: system packages already installed"
fi

py=${PYTHON:-python3.11}
command -v "$py" >/dev/null || py=python3
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv >>"$log" 2>&1
fi
hash=$(sha1sum pyproject.toml setup.py | sha1sum | cut -c1-12)
stamp=.venv/.installed-$hash-$want_tests
installed=0
[ -f "$stamp" ] && installed=1
# An install with the test tools serves a plain run too.
[ -f ".venv/.installed-$hash-1" ] && installed=1
if [ "$installed" = 0 ]; then
  extras=""; [ "$want_tests" = 1 ] && extras="[dev]"
  echo "setup: installing RecordsDesk$extras into .venv"
  if ! { .venv/bin/python -m pip install -q --upgrade pip \
         && .venv/bin/python -m pip install -q -e ".$extras"; } >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "setup: pip failed (full log in $log)" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
else
  echo "setup: .venv up to date"
fi
