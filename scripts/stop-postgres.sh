#!/usr/bin/env bash
# Stops the test PostgreSQL cluster that scripts/start-postgres.sh started (same RECORDSDESK_PG_DIR).
set -euo pipefail
dir=${RECORDSDESK_PG_DIR:-/var/tmp/recordsdesk-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || exit 0
cd /
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$dir" -w -m fast stop >/dev/null
  echo "stop-postgres: stopped the cluster in $dir"
else
  echo "stop-postgres: no cluster running in $dir"
fi
