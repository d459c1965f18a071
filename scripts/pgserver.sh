#!/usr/bin/env bash
# A throw-away PostgreSQL 15 + PostGIS 3 server for the PostGIS tests (issue 15).
#
#   scripts/pgserver.sh start    installs postgresql-15 and postgresql-15-postgis-3 with apt-get when
#                                missing (root), creates the cluster once in <repo>/.pgtest/data (user
#                                postgres when run as root, else the calling user), starts it on
#                                127.0.0.1 only (trust authentication, no Unix socket), prints its URI.
#                                Starting a running server only prints the URI again.
#   scripts/pgserver.sh stop     stops it (fast shutdown); nothing to do when it is not running.
#   scripts/pgserver.sh uri      prints the superuser URI  postgresql://postgres@127.0.0.1:PORT/postgres
#
# Data directory: CITYHEALTH_PG_DIR (default <repo>/.pgtest; /var/tmp/cityhealth-pgtest-<hash> when user
# postgres cannot enter the repository). Port: CITYHEALTH_PG_PORT (default 55432, never 5432). When that port is taken by another program the
# next free one of the following 20 is used; the port in use is kept in .pgtest/port.
# Progress goes to stderr, the URI alone to stdout (callers capture it). Exit status non-zero, with a
# message naming the log, when the server cannot be installed or started.
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${CITYHEALTH_PG_DIR:-$REPO/.pgtest}
BIN=/usr/lib/postgresql/15/bin
POSTGIS_CONTROL=/usr/share/postgresql/15/extension/postgis.control
WANT_PORT=${CITYHEALTH_PG_PORT:-55432}

say() { echo "pgserver: $*" >&2; }
die() { echo "pgserver: ERROR: $*" >&2; exit 1; }

# As root the server runs as user postgres, who must be able to reach the data directory: a clone
# in a private home (/root/…) gets its cluster under /var/tmp instead.
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && [ -z "${CITYHEALTH_PG_DIR:-}" ] \
   && ! runuser -u postgres -- test -x "$REPO"; then
  BASE=/var/tmp/cityhealth-pgtest-$(echo "$REPO" | sha1sum | cut -c1-10)
fi
DATA=$BASE/data
LOG=$BASE/server.log
PORT_FILE=$BASE/port

[ "$WANT_PORT" != 5432 ] || die "port 5432 belongs to the machine's own PostgreSQL; choose another CITYHEALTH_PG_PORT"

if [ "$(id -u)" = 0 ]; then
  as_db() { runuser -u postgres -- "$@"; }
else
  as_db() { "$@"; }
fi

install_packages() {
  [ -x "$BIN/initdb" ] && [ -f "$POSTGIS_CONTROL" ] && return 0
  [ "$(id -u)" = 0 ] || die "PostgreSQL 15 / PostGIS 3 are missing and only root can install them" \
    "(apt-get install postgresql-15 postgresql-15-postgis-3)"
  say "installing postgresql-15 postgresql-15-postgis-3 (Debian packages)"
  # No 'main' cluster on port 5432: the tests bring their own.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
  fi
  local apt=(apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold
             postgresql-15 postgresql-15-postgis-3)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2 \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2; } \
    || die "apt-get install postgresql-15 postgresql-15-postgis-3 failed"
  [ -x "$BIN/initdb" ] && [ -f "$POSTGIS_CONTROL" ] || die "PostgreSQL 15 / PostGIS 3 still missing after apt-get"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_db "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

port_free() {   # nothing listens on 127.0.0.1:$1
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

uri() { echo "postgresql://postgres@127.0.0.1:$(cat "$PORT_FILE")/postgres"; }

start() {
  install_packages
  if running && [ -f "$PORT_FILE" ]; then uri; return 0; fi
  mkdir -p "$BASE"
  [ "$(id -u)" = 0 ] && chown postgres: "$BASE"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    say "initdb $DATA"
    as_db "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >"$BASE/initdb.log" 2>&1 \
      || { tail -20 "$BASE/initdb.log" >&2; die "initdb failed (log: $BASE/initdb.log)"; }
    # Trust on the loopback address only; no other host, no Unix socket.
    printf '# cityhealth test cluster: loopback only\nhost all all 127.0.0.1/32 trust\n' \
      | as_db tee "$DATA/pg_hba.conf" >/dev/null
  fi
  local port=$WANT_PORT tries=0
  until port_free "$port"; do
    tries=$((tries + 1))
    [ "$tries" -le 20 ] || die "ports $WANT_PORT–$port are all taken; set CITYHEALTH_PG_PORT to a free port"
    port=$((port + 1))
  done
  [ "$port" = "$WANT_PORT" ] || say "port $WANT_PORT is taken, using $port"
  echo "$port" >"$PORT_FILE"
  rm -f "$DATA/postmaster.pid"   # left by a server that was killed hard (checked not running above)
  as_db "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c max_connections=100" \
    start >&2 || { tail -20 "$LOG" >&2; die "the server did not start (log: $LOG)"; }
  say "PostgreSQL 15 running on 127.0.0.1:$port (data $DATA)"
  uri
}

stop() {
  if running; then
    as_db "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    say "stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  uri) [ -f "$PORT_FILE" ] && running || die "not running (scripts/pgserver.sh start)"; uri ;;
  *) echo "usage: $0 start|stop|uri" >&2; exit 2 ;;
esac
