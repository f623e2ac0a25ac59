#!/usr/bin/env bash
# The image, built and run for real on a machine with no Docker engine and no container registry:
#   1. base image from Debian packages + Node 20 from the npm registry (infra/base/make-base.sh), once;
#   2. infra/Dockerfile built with buildah FROM that base;
#   3. the bundled sample episode run through the image with podman, against this machine's Redis and Postgres;
#   4. (SMOKE_COMPOSE=1) docker-compose.yml brought up with podman-compose with its own Redis and Postgres (images made
#      from Debian's packages, infra/base/make-services.sh; infra/compose.smoke.yml), one container per stage and two
#      transcribe-fix containers; episodes processed through them, then `down -v`.
# Takes several minutes (image builds); outside CI. Needs root, buildah, podman, podman-compose, mmdebstrap.
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

if [ "${SMOKE_COMPOSE:-0}" = 1 ]; then
  step "4. docker-compose.yml with podman-compose: its own Redis and Postgres, one container per stage, 2 transcribe-fix"
  # Compose's redis and postgres services run images made from Debian's packages (no registry here), named in
  # infra/compose.smoke.yml with the podpipe image; nothing is pulled and nothing uses the host network.
  REDIS_IMAGE=${SMOKE_REDIS_IMAGE:-localhost/podpipe-redis:7} POSTGRES_IMAGE=${SMOKE_POSTGRES_IMAGE:-localhost/podpipe-postgres:15}
  if ! podman image exists "$REDIS_IMAGE" || ! podman image exists "$POSTGRES_IMAGE"; then
    REDIS_TAG=$REDIS_IMAGE POSTGRES_TAG=$POSTGRES_IMAGE infra/base/make-services.sh
  fi
  export PODPIPE_IMAGE="$IMAGE" SMOKE_REDIS_IMAGE="$REDIS_IMAGE" SMOKE_POSTGRES_IMAGE="$POSTGRES_IMAGE"
  project=podpipe-smoke
  compose=(podman-compose -p "$project" -f docker-compose.yml -f infra/compose.smoke.yml)
  clog="$out/compose.log"   # podman-compose echoes every podman command it runs; kept out of the way
  # podman-compose 1.0.3's `down -v` leaves the project network and the anonymous volumes (the image's VOLUME /data)
  down() {
    local anon
    anon=$(podman ps -a -q --filter "label=io.podman.compose.project=$project" | xargs -r podman inspect \
      --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}')
    "${compose[@]}" down -v >>"$clog" 2>&1 || true
    for v in $anon; do podman volume rm "$v" >/dev/null 2>&1 || true; done
    podman network rm "${project}_default" >/dev/null 2>&1 || true
  }
  trap 'down; rm -rf "$src"; cleanup_db' EXIT
  down   # leftovers of an interrupted run
  t0=$SECONDS
  healthy() { # CONTAINER: what depends_on's `condition: service_healthy` waits for, with the compose file's healthcheck
    for _ in $(seq 60); do podman healthcheck run "$1" >/dev/null 2>&1 && return 0; sleep 1; done
    echo "smoke: $1 not healthy"; podman logs "$1" | tail -20; return 1
  }
  # podman-compose 1.0.3 starts services in dependency order but waits for no depends_on condition, so the conditions
  # are waited for here: redis and postgres healthy, then migrate completed successfully, then the workers.
  "${compose[@]}" up -d --no-build redis postgres >>"$clog" 2>&1
  healthy "${project}_redis_1"
  healthy "${project}_postgres_1"
  echo "smoke: redis and postgres healthy after $((SECONDS - t0)) s"
  "${compose[@]}" up -d --no-build migrate >>"$clog" 2>&1
  [ "$(podman wait "${project}_migrate_1")" = 0 ] || { podman logs "${project}_migrate_1" | tail -20; exit 1; }
  echo "smoke: migrate completed after $((SECONDS - t0)) s"
  # --scale as with Docker Compose; podman-compose 1.0.3 ignores it, and the override's deploy.replicas gives the two.
  "${compose[@]}" up -d --no-build --scale transcribe-fix=2 ingest transcribe transcribe-fix segment publish >>"$clog" 2>&1
  podman ps -a --filter "label=io.podman.compose.project=$project" --format 'smoke:   {{.Names}}  {{.Image}}  {{.Status}}'
  fixers=$(podman ps --filter "label=com.docker.compose.service=transcribe-fix" --filter "label=io.podman.compose.project=$project" --format '{{.Names}}')
  [ "$(echo "$fixers" | wc -w)" = 2 ] || { echo "smoke: expected 2 running transcribe-fix containers: $fixers"; exit 1; }
  for s in ingest transcribe segment publish; do
    [ "$(podman ps --filter "label=com.docker.compose.service=$s" --filter "label=io.podman.compose.project=$project" -q | wc -l)" = 1 ] \
      || { echo "smoke: $s is not running in one container"; podman logs "${project}_${s}_1" | tail -20; exit 1; }
  done
  echo "smoke: workers up after $((SECONDS - t0)) s"
  # SMOKE_EPISODES episodes submitted at once from one-off containers (`podpipe process`) on the project network,
  # sharing compose's volumes; the composed workers process them. Each is the sample for its own show, so none is a
  # duplicate of another: the first with its plain-text transcript (aligned by the transcribe container), the others
  # with step 3's timed transcript.json, which transcribe passes on in about a second. transcribe runs one job at a
  # time, so in any order at least two episodes reach transcribe-fix within a second or so of each other; while one
  # transcribe-fix container works on one (PODPIPE_CONCURRENCY=1 there, infra/compose.smoke.yml), the other must
  # take the next.
  n=${SMOKE_EPISODES:-3}
  t1=$SECONDS
  for i in $(seq "$n"); do
    node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); m.show = `Compose Smoke ${process.argv[2]}`; process.stdout.write(JSON.stringify(m))' \
      examples/sample/episode.meta.json "$i" >"$out/meta$i.json"
    transcript=examples/sample/episode.txt
    [ "$i" -gt 1 ] && transcript=/out/transcript.json
    podman run --rm --network "${project}_default" -e REDIS_URL=redis://redis:6379 \
      -e DATABASE_URL=postgres://podpipe:podpipe@postgres:5432/podpipe -e PODPIPE_DATA_DIR=/data \
      -v "${project}_ingest:/data/ingest" -v "${project}_work:/data/work" -v "${project}_publish:/data/publish" -v "$out:/out" \
      "$IMAGE" process examples/sample/episode.mp3 --transcript "$transcript" --meta "/out/meta$i.json" \
      --out "/out/compose$i" >"$out/process$i.log" 2>&1 &
  done
  fail=0
  for job in $(jobs -p); do wait "$job" || fail=1; done
  for i in $(seq "$n"); do
    test -s "$out/compose$i/episode.json" || { echo "smoke: episode $i not published"; tail -5 "$out/process$i.log"; fail=1; }
  done
  [ "$fail" = 0 ] || exit 1
  echo "smoke: $n episodes published by the composed stage containers in $((SECONDS - t1)) s: $(ls "$out/compose1" | tr '\n' ' ')"
  for i in $(seq "$n"); do
    node -e 'const e = require(process.argv[1]); console.log(`smoke:   episode ${process.argv[2]} ${e.id.slice(0, 8)}: show ${e.showSlug}, transcript ${e.transcript.kind}, ${e.artifacts.length} artifacts`)' \
      "$out/compose$i/episode.json" "$i"
  done
  # Which container ran which stage: every stage's "<stage> done" log lines, per container.
  for c in $(podman ps --filter "label=io.podman.compose.project=$project" --format '{{.Names}}' | sort); do
    k=$(podman logs "$c" 2>&1 | grep -c '"msg":"[a-z-]* done"' || true)
    echo "smoke:   $c ran $k stage jobs"
  done
  for c in $fixers; do   # each transcribe-fix container's jobs: when, which episode
    podman logs "$c" 2>&1 | grep '"msg":"transcribe-fix \(started\|done\)"' | node -e 'for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) {
      const j = JSON.parse(l); console.log(`smoke:   ${process.argv[1]}  ${new Date(j.time).toISOString().slice(11, 23)}  episode ${j.episodeId.slice(0, 8)}  ${j.msg}`); }' "$c"
  done
  for c in $fixers; do
    [ "$(podman logs "$c" 2>&1 | grep -c '"msg":"transcribe-fix done"' || true)" -ge 1 ] \
      || { echo "smoke: $c took no transcribe-fix job"; exit 1; }
  done
  echo "smoke: both transcribe-fix containers took jobs"
  down
  left=$(podman ps -a --filter "label=io.podman.compose.project=$project" -q | wc -l)
  [ "$left" = 0 ] || { echo "smoke: $left containers left after down"; exit 1; }
  ! podman volume ls -q | grep -q "^${project}_" || { echo "smoke: volumes left after down"; exit 1; }
  echo "smoke: compose down, no container or volume left ($((SECONDS - t0)) s from the first up)"
fi
echo "smoke: ok"
