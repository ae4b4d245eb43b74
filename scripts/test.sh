#!/usr/bin/env bash
# Sets everything up on Debian 12 (system packages, venv, CUPS test queues, a throwaway
# PostgreSQL) and runs the whole test suite on SQLite and PostgreSQL. Extra arguments go to pytest.
# Prints one line per set-up step, then pytest's output. Servers this run started are stopped at
# the end (RECORDSDESK_KEEP_SERVERS=1 keeps them); servers already running are left alone.
# RECORDSDESK_TEST_PG_URL set beforehand: that server is used and no cluster is started.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mkdir -p .tmp
log=.tmp/test-setup.log
: > "$log"
export PATH="$PATH:/usr/sbin"

bash scripts/setup.sh --tests

cups_running() { LC_ALL=C lpstat -r 2>/dev/null | grep -q "scheduler is running"; }
started_cups=""
cups_before=0
cups_running && cups_before=1
if ! bash scripts/start-cups.sh >>"$log" 2>&1; then
  tail -n 5 "$log" >&2
  echo "test: CUPS could not be started (log: $log)" >&2
  exit 1
fi
if [ "$cups_before" = 1 ]; then
  echo "test: CUPS already running (left running); test queues ready"
else
  started_cups=$(pgrep -x -n cupsd || true)
  echo "test: started CUPS (pid $started_cups) with the test queues"
fi

started_pg=0
if [ -z "${RECORDSDESK_TEST_PG_URL:-}" ]; then
  if ! RECORDSDESK_TEST_PG_URL=$(bash scripts/start-postgres.sh 2>>"$log"); then
    tail -n 5 "$log" >&2
    echo "test: PostgreSQL could not be started (log: $log)" >&2
    exit 1
  fi
  if grep "^start-postgres:" "$log" | tail -n 1 | grep -q ": started "; then
    started_pg=1
    echo "test: started PostgreSQL at $RECORDSDESK_TEST_PG_URL (stopped at the end)"
  else
    echo "test: PostgreSQL already running at $RECORDSDESK_TEST_PG_URL (left running)"
  fi
else
  echo "test: PostgreSQL at $RECORDSDESK_TEST_PG_URL (given)"
fi
export RECORDSDESK_TEST_PG_URL
export QT_QPA_PLATFORM=offscreen

# The whole suite (no test paths, no -m about bundle): the installer's bundle is built on the second core
# while the other tests run; its test waits for it (RECORDSDESK_BUNDLE_BUILD).
whole_suite=1
bundle_build=""
for arg in "$@"; do
  case "$arg" in
    *bundle*|*::*) whole_suite=0 ;;
    -*) ;;
    *) [ -e "${arg%%::*}" ] && whole_suite=0 ;;
  esac
done
# The build environment (the lock file's packages, ~600 MB) is kept between runs, by lock hash.
export RECORDSDESK_BUILD_CACHE=${RECORDSDESK_BUILD_CACHE:-/var/tmp/recordsdesk-build}
if [ "$whole_suite" = 1 ] && [ -z "${RECORDSDESK_BUNDLE_BUILD:-}" ]; then
  RECORDSDESK_BUNDLE_BUILD=$(mktemp -d /tmp/recordsdesk-bundle.XXXXXX)
  export RECORDSDESK_BUNDLE_BUILD
  setsid flock "$RECORDSDESK_BUNDLE_BUILD/build.lock" nice -n 10 bash -c \
    'bash installer/build.sh --deb --out "$1" > "$1/build.out" 2>&1; echo $? > "$1/build.rc"' \
    _ "$RECORDSDESK_BUNDLE_BUILD" &
  bundle_build=$!
  echo "test: building the installer in the background ($RECORDSDESK_BUNDLE_BUILD)"
fi

# The tests' files (thousands of small databases, each commit synced) go to memory when there is
# /dev/shm: the same SQLite settings, without waiting on the disk (--basetemp given wins).
basetemp=""
case " $* " in *" --basetemp"*) ;; *)
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    basetemp=$(mktemp -d /dev/shm/recordsdesk-tests.XXXXXX)
  fi ;;
esac

stop_started() {
  [ -n "$basetemp" ] && rm -rf "$basetemp"
  if [ -n "$bundle_build" ]; then  # its folder holds a venv, a bundle and a package: ~600 MB
    kill -- "-$bundle_build" 2>/dev/null || true  # its own process group (setsid)
    wait "$bundle_build" 2>/dev/null || true
    rm -rf "$RECORDSDESK_BUNDLE_BUILD"
  fi
  if [ "${RECORDSDESK_KEEP_SERVERS:-0}" = 1 ]; then
    [ "$started_pg" = 1 ] && echo "test: left PostgreSQL running (stop: bash scripts/stop-postgres.sh)"
    [ -n "$started_cups" ] && echo "test: left CUPS running (stop: kill $started_cups)"
    return 0
  fi
  if [ "$started_pg" = 1 ]; then
    bash scripts/stop-postgres.sh >>"$log" 2>&1 && echo "test: stopped the PostgreSQL it started"
  fi
  if [ -n "$started_cups" ] && kill "$started_cups" 2>/dev/null; then
    echo "test: stopped the CUPS scheduler it started"
  fi
}
trap stop_started EXIT
# One worker per core (pytest-xdist); tests that share something outside the run (the CUPS file
# queue, the installer's build) carry an xdist_group and run on one worker. `-n 0` in the
# arguments runs everything in this one process.
workers=$(nproc 2>/dev/null || echo 1)
[ "$workers" -gt 1 ] || workers=0
status=0
.venv/bin/python -m pytest -n "$workers" --dist loadgroup ${basetemp:+--basetemp="$basetemp/t"} \
  "$@" || status=$?
exit "$status"
