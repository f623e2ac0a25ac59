#!/usr/bin/env bash
# Builds the images infra/compose.smoke.yml gives docker-compose.yml's redis and postgres services on a machine with no
# container registry: Debian bookworm root filesystems (mmdebstrap) with Debian's own redis-server (7.0) and
# postgresql-15 (bookworm has no 16), and entry points that follow the official images' contracts
# (redis-entrypoint.sh, postgres-entrypoint.sh: POSTGRES_USER/PASSWORD/DB, data in /data and
# /var/lib/postgresql/data). With a registry, docker-compose.yml's redis:7 and postgres:16 are pulled as usual.
#   sudo infra/base/make-services.sh        (needs mmdebstrap, buildah; Debian: apt-get install mmdebstrap buildah)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
REDIS_TAG=${REDIS_TAG:-localhost/podpipe-redis:7}
POSTGRES_TAG=${POSTGRES_TAG:-localhost/podpipe-postgres:15}
PG_MAJOR=15

work=$(mktemp -d)
ctr=
trap '[ -n "$ctr" ] && buildah rm "$ctr" >/dev/null 2>&1; rm -rf "$work"' EXIT
# bookworm with its updates and security updates
rootfs() { # OUT PACKAGES [mmdebstrap options...]
  local out=$1 pkgs=$2; shift 2
  mmdebstrap --variant=minbase --include="$pkgs" "$@" bookworm "$out" \
    "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
    "deb ${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main" >/dev/null
}

echo "services: $REDIS_TAG from Debian's redis-server"
rootfs "$work/redis.tar" redis-server \
  --customize-hook='mkdir -p "$1/data" && chroot "$1" chown redis:redis /data'
ctr=$(buildah from scratch)
buildah add "$ctr" "$work/redis.tar" / >/dev/null
buildah copy --chmod 755 "$ctr" "$here/redis-entrypoint.sh" /usr/local/bin/docker-entrypoint.sh >/dev/null
buildah config --workingdir /data --volume /data --port 6379 --entrypoint '["docker-entrypoint.sh"]' \
  --cmd redis-server --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$ctr"
buildah commit --quiet "$ctr" "$REDIS_TAG" >/dev/null
buildah rm "$ctr" >/dev/null; ctr=

echo "services: $POSTGRES_TAG from Debian's postgresql-$PG_MAJOR"
# Without the cluster the package's postinst made: the entry point creates one in the volume on first start.
rootfs "$work/postgres.tar" "postgresql-$PG_MAJOR" \
  --customize-hook="rm -rf \"\$1/var/lib/postgresql/$PG_MAJOR\" \"\$1/etc/postgresql/$PG_MAJOR\""
ctr=$(buildah from scratch)
buildah add "$ctr" "$work/postgres.tar" / >/dev/null
buildah copy --chmod 755 "$ctr" "$here/postgres-entrypoint.sh" /usr/local/bin/docker-entrypoint.sh >/dev/null
buildah config --volume /var/lib/postgresql/data --port 5432 --entrypoint '["docker-entrypoint.sh"]' --cmd postgres \
  --stop-signal SIGINT --env PGDATA=/var/lib/postgresql/data \
  --env "PATH=/usr/lib/postgresql/$PG_MAJOR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$ctr"
buildah commit --quiet "$ctr" "$POSTGRES_TAG" >/dev/null
buildah rm "$ctr" >/dev/null; ctr=
podman image inspect "$REDIS_TAG" "$POSTGRES_TAG" --format 'services: {{index .RepoTags 0}} {{.Size}} bytes'
