#!/usr/bin/env bash
# Sets everything up on Debian 12 and opens RecordsDesk on an embedded demo database.
# With no display (a bare server), the window opens on a virtual screen (Xvfb).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash scripts/setup.sh
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/recordsdesk --demo "$@"
fi
echo "run: no display here; opening RecordsDesk on a virtual 1280x800 screen (Xvfb)."
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/recordsdesk --demo "$@"
