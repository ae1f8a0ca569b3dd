#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: unix socket only (no TCP), trust auth, fsync
# off, in a temporary folder, owned by the `postgres` user when run as root (initdb refuses
# root). Usage:
#   scripts/pg-cluster.sh start   # installs PostgreSQL if initdb is missing (apt-get), starts it
#   scripts/pg-cluster.sh url     # prints the base URL for TRACKER_TEST_PG
#   scripts/pg-cluster.sh stop    # stops it and removes the folder
# The folder is $TRACKER_PG_DIR, default ${TMPDIR:-/tmp}/tracker-pg-UID-N, N from this checkout's
# path, so two checkouts on one machine each get their own cluster.
# Not for real ledgers: with fsync off, a crash or an immediate stop (pg_ctl -m immediate) loses
# recent commits, sequence state with them (a schema made just before may vanish, and an
# identity sequence may fall behind its table's ids: tracker then names the duplicate key).
# `stop` always stops it with -m fast, which loses nothing.
set -euo pipefail
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd | cksum | cut -d' ' -f1)
DIR=${TRACKER_PG_DIR:-${TMPDIR:-/tmp}/tracker-pg-$(id -u)-$CHECKOUT}
DATA=$DIR/data
SOCK=$DIR/sock
PORT=${TRACKER_PG_PORT:-5432}

bin() {
    local found
    found=$(command -v "$1" 2>/dev/null ||
        ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$found" ] && echo "$found"
}

# Runs a server program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_postgres() {
    if [ -z "$(bin initdb)" ] && command -v apt-get >/dev/null; then
        echo "pg-cluster: initdb not found; installing Debian's postgresql package" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
    fi
    [ -n "$(bin initdb)" ] || { echo "pg-cluster: no initdb, and PostgreSQL could not be installed" >&2; return 1; }
}

start() {
    install_postgres
    if [ -f "$DATA/postmaster.pid" ] && as_owner "$(bin pg_ctl)" -D "$DATA" status >/dev/null 2>&1; then
        return 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DATA" "$SOCK"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$DIR"
    as_owner "$(bin initdb)" -D "$DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
        as_owner "$(bin initdb)" -D "$DATA" -A trust -U postgres -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 || {
        cat "$DIR/initdb.log" >&2
        return 1
    }
    # fsync off: a throwaway cluster for tests trades durability for speed (a schema, a role
    # and their grants per test ledger). No JIT: the suite's statements are short, and a few
    # over jit_above_cost (the big-ledger tests) spent more compiling than running. Minimal
    # WAL: a table created and filled in one transaction (init, restore, copy) is not also
    # written to the log.
    as_owner "$(bin pg_ctl)" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
        -o "-k $SOCK -c listen_addresses='' -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c jit=off -c wal_level=minimal -c max_wal_senders=0" \
        start >/dev/null || {
        cat "$DIR/server.log" >&2
        return 1
    }
}

stop() {
    if [ -d "$DATA" ] && [ -n "$(bin pg_ctl)" ]; then
        as_owner "$(bin pg_ctl)" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
}

url() {
    # The socket folder percent-encoded as the URL's host, as libpq reads it.
    local host
    host=$(printf '%s' "$SOCK" | sed 's|%|%25|g; s|/|%2F|g')
    echo "postgres://postgres@$host:$PORT/postgres"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url ;;
*)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
