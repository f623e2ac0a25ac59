// The body of every CPU pool thread (see cpu-pool.ts): imports a task's module and calls the named export. Plain
// JavaScript, so a thread starts without a TypeScript loader whatever started the process (tsx, vitest, the built
// CLI); TypeScript modules load through tsx registered in this thread under its own namespace (the pool starts
// threads without the parent's execArgv, so no second tsx is active here).
// Under the built CLI (services/control/bin/podpipe.mjs sets PODPIPE_BUILT_DIR) a task module runs from its built
// copy, listed in dist/cpu-tasks.json, and tsx is never loaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { collectGarbageSoon } from './collect.mjs';

const modules = new Map();
let tsx;
const built = (() => {
  const dir = process.env.PODPIPE_BUILT_DIR;
  if (!dir) return {};
  try {
    return JSON.parse(readFileSync(path.join(dir, 'cpu-tasks.json'), 'utf8'));
  } catch {
    return {};
  }
})();

async function importModule(url) {
  if (built[url]) return import(built[url]);
  if (!/\.[cm]?ts$/.test(new URL(url).pathname)) return import(url);
  tsx ??= (await import('tsx/esm/api')).register({ namespace: 'podpipe-cpu-pool' });
  return tsx.import(url, import.meta.url);
}

// A thread that has just turned a long episode into a result sits on the task's garbage (150 MB and more for 200k
// words): an idle isolate is not collected, so that memory stayed taken while the next stages ran on the main
// thread. Once a task leaves this much more heap than the last collection kept, a full collection runs after the
// result is posted (not before: the result is still being cloned out), which hands the pages back to the system.
const TASK_GARBAGE_MB = 96;

// PODPIPE_CPU_THREAD_PROFILE=<dir>: this thread records a CPU profile (the inspector's, as --cpu-prof does for a main
// thread, which a pool thread cannot have: the pool starts it without flags and ends it by terminating it) and writes
// it to <dir> after its first task and then at most every 10 s after a task, so a profile survives however the thread
// ends.
const profileDir = process.env.PODPIPE_CPU_THREAD_PROFILE;
const profiler = profileDir ? await startProfile(profileDir) : undefined;

async function startProfile(dir) {
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { threadId } = await import('node:worker_threads');
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let last = 0;
  let part = 0;
  return {
    async maybeWrite() {
      if (Date.now() - last < 10_000) return;
      last = Date.now();
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path.join(dir, `pool.${process.pid}.${threadId}.${String(part++).padStart(4, '0')}.cpuprofile`), JSON.stringify(profile));
      await session.post('Profiler.start');
    },
  };
}

/** Runs `fn` of `module` with `args` (all structured-clone-friendly) and returns its result. */
export default async function runTask(task) {
  try {
    return await callTask(task);
  } finally {
    collectGarbageSoon(TASK_GARBAGE_MB);
    if (profiler) setImmediate(() => profiler.maybeWrite());
  }
}

async function callTask({ module, fn, args }) {
  let loading = modules.get(module);
  if (!loading) {
    loading = importModule(module);
    modules.set(module, loading);
    loading.catch(() => modules.delete(module));
  }
  const mod = await loading;
  if (typeof mod[fn] !== 'function') throw new TypeError(`cpu pool: ${module} has no exported function ${fn}`);
  return mod[fn](...args);
}
