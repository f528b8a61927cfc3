#!/usr/bin/env bash
# The PostgreSQL and Redis servers the integration tests use, each chosen in
# this order:
#   1. the one TEST_POSTGRES_URL / TEST_REDIS_URL names, when set;
#   2. else the one answering on the default local port (5432 / 6379);
#   3. else a private one for this run, on a free port with its files in a
#      temporary directory: a throwaway PostgreSQL cluster (trust auth) and a
#      redis-server without persistence. They are installed from Debian first
#      when missing (as root; otherwise the exact apt-get command is printed),
#      and stopped and removed when the shell exits, also on failure or Ctrl+C.
# Exports TEST_POSTGRES_URL and TEST_REDIS_URL, and says which servers are used.
#
# scripts/test.sh sources this file. To run one command with the same
# servers (for example a single integration test file):
#   bash scripts/test-services.sh npx vitest run server/db/database.int.test.ts

test_services_scripts=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
private_postgres_dir=""
private_postgres_user="" # empty: the current user
private_redis_dir=""
private_redis_pid=""

# True when something accepts TCP connections on host:port.
answers() { timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# The newest PostgreSQL's programs (initdb, pg_ctl): Debian keeps them off the PATH.
postgres_bin() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  if [ -n "$newest" ]; then echo "$newest"; elif command -v pg_ctl >/dev/null; then dirname "$(command -v pg_ctl)"; fi
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# `postgres` user the Debian package creates (or to `nobody`).
as_postgres_user() {
  if [ -n "$private_postgres_user" ]; then runuser -u "$private_postgres_user" -- "$@"; else "$@"; fi
}

start_private_postgres() {
  local bin port dir
  bin=$(postgres_bin)
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH): install it, or set TEST_POSTGRES_URL." >&2
    return 1
  fi
  port=$(free_port)
  dir=$(mktemp -d -t convene-test-postgres.XXXXXX)
  private_postgres_dir=$dir
  if [ "$(id -u)" -eq 0 ]; then
    private_postgres_user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    chown "$private_postgres_user" "$dir"
  fi
  # Run from the cluster's own directory: the postgres user may not enter the current one.
  (cd "$dir" && as_postgres_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    >"$dir/initdb.log" 2>&1) || { cat "$dir/initdb.log" >&2; return 1; }
  # Throwaway data: no fsync. pg_ctl -w waits until the server accepts connections.
  (cd "$dir" && as_postgres_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 300 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null) || { cat "$dir/server.log" >&2; return 1; }
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL: none running, so a private one for this run ($("$bin/postgres" --version), in $dir, removed afterwards)"
}

start_private_redis() {
  local port dir deadline=$((SECONDS + 300))
  if ! command -v redis-server >/dev/null; then
    echo "Redis is not installed (no redis-server on the PATH): install it, or set TEST_REDIS_URL." >&2
    return 1
  fi
  port=$(free_port)
  dir=$(mktemp -d -t convene-test-redis.XXXXXX)
  private_redis_dir=$dir
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$dir" --logfile "$dir/server.log" &
  private_redis_pid=$!
  until answers 127.0.0.1 "$port"; do
    if ! kill -0 "$private_redis_pid" 2>/dev/null || ((SECONDS >= deadline)); then
      echo "Redis: the private server did not start:" >&2
      cat "$dir/server.log" >&2
      return 1
    fi
    sleep 0.2
  done
  export TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "Redis: none running, so a private one for this run ($(redis-server --version | cut -d' ' -f1-3), in $dir, removed afterwards)"
}

stop_private_services() {
  if [ -n "$private_postgres_dir" ]; then
    (cd "$private_postgres_dir" && as_postgres_user "$(postgres_bin)/pg_ctl" -D "$private_postgres_dir/data" -m fast -w -t 60 stop \
      >/dev/null 2>&1) || true
    rm -rf "$private_postgres_dir"
    echo "PostgreSQL: the private server was stopped and removed"
  fi
  if [ -n "$private_redis_dir" ]; then
    kill "$private_redis_pid" 2>/dev/null || true
    wait "$private_redis_pid" 2>/dev/null || true
    rm -rf "$private_redis_dir"
    echo "Redis: the private server was stopped and removed"
  fi
}

use_test_services() {
  local private_postgres="" private_redis=""
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then echo "PostgreSQL: the server TEST_POSTGRES_URL names"
  elif answers 127.0.0.1 5432; then echo "PostgreSQL: the server running on 127.0.0.1:5432"
  else private_postgres=1
  fi
  if [ -n "${TEST_REDIS_URL:-}" ]; then echo "Redis: the server TEST_REDIS_URL names"
  elif answers 127.0.0.1 6379; then echo "Redis: the server running on 127.0.0.1:6379"
  else private_redis=1
  fi

  if { [ -n "$private_postgres" ] && [ -z "$(postgres_bin)" ]; } ||
    { [ -n "$private_redis" ] && ! command -v redis-server >/dev/null; }; then
    echo "A private server is needed and its programs are missing: installing PostgreSQL and Redis from Debian"
    bash "$test_services_scripts/system-packages.sh" --services || {
      echo "Or set TEST_POSTGRES_URL and TEST_REDIS_URL to servers of your own." >&2
      return 1
    }
  fi

  trap stop_private_services EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [ -n "$private_postgres" ]; then start_private_postgres; fi
  if [ -n "$private_redis" ]; then start_private_redis; fi
  export TEST_POSTGRES_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
  export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379}
  node "$test_services_scripts/check-services.mjs"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ $# -eq 0 ]; then
    echo "usage: bash scripts/test-services.sh <command…>" >&2
    exit 2
  fi
  use_test_services
  "$@"
else
  use_test_services
fi
