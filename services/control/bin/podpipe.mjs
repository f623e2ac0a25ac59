#!/usr/bin/env node
// Runs the built CLI (services/control/dist, made by build.mjs at `npm ci`) when it is up to date with every source
// file it was built from; otherwise the TypeScript source through tsx, so an edit is never run stale.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const control = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.resolve(control, '../..');

function builtAndFresh() {
  try {
    const { builtAt, sources } = JSON.parse(readFileSync(path.join(control, 'dist', 'sources.json'), 'utf8'));
    return sources.every((s) => statSync(path.join(root, s)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

if (process.env.PODPIPE_FROM_SOURCE !== '1' && builtAndFresh()) {
  // The CPU pool's threads read it to run built task modules too (libs/shared/src/cpu-worker.mjs).
  process.env.PODPIPE_BUILT_DIR = path.join(control, 'dist');
  await import('../dist/podpipe.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
