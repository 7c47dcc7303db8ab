#!/usr/bin/env bash
# PostgreSQL for the local stack and the tests.
#
#   postgres.sh ensure      use the server at 127.0.0.1:$PGPORT if one answers, else start our own
#   postgres.sh databases   create the per-service roles and databases (idempotent)
#   postgres.sh stop        stop the server this script started (never a server it did not start)
#   postgres.sh status
#
# Settings (environment):
#   PGPORT           (default 5432)
#   PGADMIN_USER     superuser to connect as (default postgres)
#   POSTGRES_RUN_DIR data directory of a server we start (default <repo>/.gateway/run/postgres)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
port=${PGPORT:-5432}
admin=${PGADMIN_USER:-postgres}
run_dir=${POSTGRES_RUN_DIR:-$repo/.gateway/run/postgres}
data_dir="$run_dir/data"

# service database  owner role
service_databases=(
  "intents    gateway_intent"
  "ingest     gateway_ingest"
  "dispatcher gateway_dispatcher"
)

say() { printf 'postgres: %s\n' "$*"; }
fail() { printf 'postgres: %s\n' "$*" >&2; exit 1; }

answers() { pg_isready -q -h 127.0.0.1 -p "$port"; }

pg_bin() {
  local tool=$1 dir
  command -v "$tool" 2>/dev/null && return 0
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$dir/$tool" ] && { printf '%s\n' "$dir/$tool"; return 0; }
  done
  fail "no '$tool' found: install PostgreSQL (server binaries) or start a server on 127.0.0.1:$port"
}

# PostgreSQL refuses to run as root; run our own cluster as an unprivileged user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    local user=postgres
    id -u "$user" >/dev/null 2>&1 || user=nobody
    chown -R "$user" "$run_dir"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

ensure() {
  if answers; then say "using the server at 127.0.0.1:$port"; return 0; fi
  local initdb pg_ctl
  initdb=$(pg_bin initdb); pg_ctl=$(pg_bin pg_ctl)
  mkdir -p "$run_dir"
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    as_owner "$initdb" -D "$data_dir" -U "$admin" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  say "starting our own server on 127.0.0.1:$port ($data_dir)"
  as_owner "$pg_ctl" -D "$data_dir" -l "$run_dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $run_dir" start >/dev/null
  touch "$run_dir/started-by-gateway"
  answers || fail "server did not answer; see $run_dir/server.log"
}

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$admin" "$@"; }

databases() {
  local entry db owner
  for entry in "${service_databases[@]}"; do
    read -r db owner <<<"$entry"
    psql_admin -d postgres -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$owner') THEN
          CREATE ROLE $owner LOGIN;
        END IF;
      END \$\$;"
    if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_admin -d postgres -c "CREATE DATABASE $db OWNER $owner"
      say "created database $db (owner $owner)"
    fi
  done
}

stop() {
  if [ ! -f "$run_dir/started-by-gateway" ]; then say "not started by the gateway; left alone"; return 0; fi
  as_owner "$(pg_bin pg_ctl)" -D "$data_dir" -m fast -w stop >/dev/null || true
  rm -f "$run_dir/started-by-gateway"
  say "stopped"
}

case "${1:-}" in
  ensure) ensure ;;
  databases) databases ;;
  stop) stop ;;
  status) if answers; then say "answering on 127.0.0.1:$port"; else say "not answering on 127.0.0.1:$port"; exit 3; fi ;;
  *) echo "usage: $0 ensure|databases|stop|status" >&2; exit 2 ;;
esac
