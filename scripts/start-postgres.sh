#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests (idempotent) and prints its URL on stdout,
# and one line on stderr: "started" (scripts/stop-postgres.sh stops it) or "already running".
#   RECORDSDESK_PG_DIR   its data folder (default /var/tmp/recordsdesk-pg)
#   RECORDSDESK_PG_PORT  its port (default 55432)
# fsync is off: this cluster is for tests only, never for records.
set -euo pipefail
dir=${RECORDSDESK_PG_DIR:-/var/tmp/recordsdesk-pg}
port=${RECORDSDESK_PG_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "start-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
# The postgres user cannot read root's folders: run its tools from one it can.
cd /
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_pg "$bin/initdb" -D "$dir" -U app -A trust -E UTF8 >/dev/null
fi
if as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  echo "start-postgres: already running in $dir on port $port (left running)" >&2
else
  as_pg "$bin/pg_ctl" -D "$dir" -w -l "$dir/server.log" start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" >/dev/null
  echo "start-postgres: started in $dir on port $port (stop: bash scripts/stop-postgres.sh)" >&2
fi
as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U app -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname='recordsdesk_test'" | grep -q 1 \
  || as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U app recordsdesk_test
echo "postgresql+psycopg://app@127.0.0.1:$port/recordsdesk_test"
