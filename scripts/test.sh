#!/usr/bin/env bash
# Sets everything up on Debian 12 (system packages, venv, CUPS test queues, a throwaway
# PostgreSQL) and runs the whole test suite on SQLite and PostgreSQL. Extra arguments go to pytest.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
bash scripts/setup.sh --tests
bash scripts/start-cups.sh
RECORDSDESK_TEST_PG_URL=$(bash scripts/start-postgres.sh)
export RECORDSDESK_TEST_PG_URL
export QT_QPA_PLATFORM=offscreen
echo "test: PostgreSQL at $RECORDSDESK_TEST_PG_URL"
exec .venv/bin/python -m pytest "$@"
