#!/usr/bin/env bash
# Sets everything up on Debian 12 and opens RecordsDesk on an embedded demo database.
#   bash scripts/run-demo.sh                      set up, build the demo once, open the window
#   bash scripts/run-demo.sh --screenshot FILE    on a bare server: open it on a virtual screen,
#                                                 save a picture of that screen to FILE, close it
# With no display (a bare server) the window opens on a virtual screen (Xvfb), and this script
# says how to look at it. Other arguments go to the application (e.g. --user clerk).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

shot=""
if [ "${1:-}" = "--screenshot" ]; then
  shot=$(realpath -m "${2:?--screenshot needs a file name}")
  shift 2
fi

echo "run-demo: [1/3] system packages and the Python environment (.venv); the first time takes minutes"
bash scripts/setup.sh
rd=.venv/bin/recordsdesk
demo_url=$(.venv/bin/python -c "from recordsdesk.storage.engine import demo_database_url as u; print(u())")
demo_file=${demo_url#sqlite:///}

if [ -f "$demo_file" ]; then
  echo "run-demo: [2/3] the demo file room is already built: $demo_file"
else
  echo "run-demo: [2/3] building the demo file room (2,000 patients) in $demo_file"
  $rd --demo demo --patients 2000 | sed 's/^/run-demo:   /'
fi

cat <<USERS
run-demo: [3/3] opening RecordsDesk on the demo database
run-demo:   demo database: $demo_file
run-demo:   sign in as  clerk / clerk-demo,  supervisor / supervisor-demo,  admin / admin-demo
run-demo:   the command line on the same database:  $rd --demo --user clerk location list
USERS

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$rd" --demo "$@"
fi

# No display: a virtual screen of our own, on a display number that is free.
n=90
while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
export DISPLAY=":$n"

if [ -n "$shot" ]; then
  "$rd" --demo "$@" >/dev/null 2>&1 &
  app=$!
  sleep 8  # the window's first paint; a picture of an empty screen says it came too early
  import -window root "$shot"
  echo "run-demo: a picture of the virtual screen is in $shot; the window is closed again."
  exit 0
fi
cat <<HOW
run-demo:   no display here: the window runs on a virtual screen, DISPLAY=:$n (1280x800).
run-demo:   to see it, from another terminal:  DISPLAY=:$n import -window root /tmp/recordsdesk.png
run-demo:   or run this on a desktop (or ssh -X) to get a real window;  Ctrl+C here closes it.
HOW
"$rd" --demo "$@" &
app=$!
wait "$app"
