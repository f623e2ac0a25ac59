#!/bin/sh
# Entry point of localhost/podpipe-redis:7 (infra/base/make-services.sh), doing what the official redis image's does:
# `redis-server ARGS` (or bare flags) runs Redis as the redis user with its data in /data; with no config file,
# protected mode is turned off, since the container's network is the boundary (compose's project network).
set -e
case "${1:-}" in -* | *.conf) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  protected=1
  if [ -f "${2:-}" ] && grep -q '^protected-mode' "$2"; then protected=; fi
  if [ -n "$protected" ]; then set -- "$@" --protected-mode no; fi
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis:redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
