#!/usr/bin/env bash
# The image, built and run for real on a machine with no Docker engine and no container registry:
#   1. base image from Debian packages + Node 20 from the npm registry (infra/base/make-base.sh), once;
#   2. infra/Dockerfile built with buildah FROM that base;
#   3. the bundled sample episode run through the image with podman, against this machine's Redis and Postgres;
#   4. (SMOKE_COMPOSE=1) docker-compose.yml brought up with podman-compose, one process per stage and --scale transcribe-fix=2, with
#      Redis and Postgres taken from this machine (infra/compose.smoke.yml), and a drop processed through it.
# Takes several minutes (image build); outside CI. Needs root, buildah, podman, podman-compose, mmdebstrap.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 infra/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (the machine's Postgres)}" "${REDIS_URL:?set REDIS_URL (the machine's Redis)}"
BASE=${BASE:-localhost/podpipe-node:20}
IMAGE=${IMAGE:-localhost/podpipe:dev}
CA=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
step() { printf '\nsmoke: %s\n' "$*"; }
# On sandboxed machines (cgroups in hybrid mode, no CAP_SYS_RESOURCE) podman needs runc, cgroupfs and rlimits it can
# set; infra/containers.smoke.conf says so. Set CONTAINERS_CONF to your own file (or /dev/null) elsewhere.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/infra/containers.smoke.conf}

if ! podman image exists "$BASE"; then
  step "1. base image $BASE"
  infra/base/make-base.sh
fi

step "2. build $IMAGE with buildah"
src=$(mktemp -d)
trap 'rm -rf "$src"; cleanup_db' EXIT
cleanup_db() { :; }
git archive HEAD | tar -x -C "$src"   # the committed tree, nothing local
secret=()
[ -s "$CA" ] && secret=(--secret "id=ca,src=$CA")
(cd "$src" && buildah bud --isolation chroot --network host --layers -q -f infra/Dockerfile \
  --ignorefile infra/Dockerfile.dockerignore "${secret[@]}" --build-arg "NODE_IMAGE=$BASE" -t "$IMAGE" .)
podman image inspect "$IMAGE" --format 'smoke: image {{.Id}} {{.Size}} bytes'

# A database of its own on the machine's Postgres server, so earlier runs' episodes (whose files lived in other
# containers) are not found as duplicates.
db="podpipe_smoke_$$"
psql -q "$DATABASE_URL" -c "create database $db"
DATABASE_URL="${DATABASE_URL%/*}/$db"
cleanup_db() { psql -q "${DATABASE_URL%/*}/postgres" -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true; }

step "3. the sample episode through the image (podman run, the machine's Redis and Postgres)"
out=$(mktemp -d)
chmod 777 "$out"
podman run --rm --network host -v "$out:/out" \
  -e DATABASE_URL="$DATABASE_URL" -e REDIS_URL="$REDIS_URL" -e PODPIPE_QUEUE_PREFIX="smoke$$" \
  "$IMAGE" process examples/sample/episode.mp3 --transcript examples/sample/episode.txt \
  --meta examples/sample/episode.meta.json --out /out
ls "$out"
for f in transcript.json transcript.vtt chapters.json episode.json; do test -s "$out/$f" || { echo "smoke: $f missing"; exit 1; }; done
echo "smoke: sample episode processed in the image"

# Step 4 needs a podman-compose that honours network_mode: host (1.0.3, Debian bookworm's, adds the project network
# beside it and podman refuses: "cannot set multiple networks without bridge network mode"); opt in with SMOKE_COMPOSE=1.
if [ "${SMOKE_COMPOSE:-0}" = 1 ]; then
  step "4. docker-compose.yml with podman-compose (--scale transcribe-fix=2)"
  export PODPIPE_IMAGE="$IMAGE" SMOKE_DATABASE_URL="$DATABASE_URL" SMOKE_REDIS_URL="$REDIS_URL" SMOKE_PREFIX="compose$$"
  compose=(podman-compose -p podpipe-smoke -f docker-compose.yml -f infra/compose.smoke.yml)
  trap '"${compose[@]}" down -v >/dev/null 2>&1 || true; rm -rf "$src"; cleanup_db' EXIT
  "${compose[@]}" up -d --no-build --scale transcribe-fix=2 ingest transcribe transcribe-fix segment publish
  podman ps --filter label=io.podman.compose.project=podpipe-smoke --format '{{.Names}}  {{.Status}}'
  n=$(podman ps --filter label=io.podman.compose.project=podpipe-smoke --filter name=transcribe-fix --format '{{.Names}}' | wc -l)
  [ "$n" -ge 2 ] || { echo "smoke: expected 2 transcribe-fix containers, found $n"; exit 1; }
  # One episode through the composed workers: registered from the image, processed by the stage containers.
  podman run --rm --network host -e DATABASE_URL="$DATABASE_URL" -e REDIS_URL="$REDIS_URL" -e PODPIPE_QUEUE_PREFIX="$SMOKE_PREFIX" \
    -v podpipe-smoke_ingest:/data/ingest -v podpipe-smoke_publish:/data/publish -v "$out:/out" "$IMAGE" process --transcript examples/sample/episode.txt --meta examples/sample/episode.meta.json --out /out/compose --force
  test -s "$out/compose/episode.json" && echo "smoke: episode processed by the composed stage containers"
fi
echo "smoke: ok"
