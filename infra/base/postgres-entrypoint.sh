#!/bin/sh
# Entry point of localhost/podpipe-postgres:15 (infra/base/make-services.sh), following the official postgres
# image's contract: on an empty data directory ($PGDATA) it creates the cluster with superuser $POSTGRES_USER
# (password $POSTGRES_PASSWORD, required; scram-sha-256 for network clients, trust on the local socket) and the
# database $POSTGRES_DB, then runs `postgres` listening on every interface, as the postgres user.
set -eu
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA
if [ "${1:-postgres}" != postgres ]; then exec "$@"; fi
[ $# -gt 0 ] && shift
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (the superuser's password)}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pw=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"
  initdb --username="$user" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pw"
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -w -o "-c listen_addresses=''" start >/dev/null
    createdb --username="$user" -- "$db"
    pg_ctl -w -m fast stop >/dev/null
  fi
  echo "postgres-entrypoint: cluster created in $PGDATA (user $user, database $db)"
fi
exec postgres -c listen_addresses='*' "$@"
