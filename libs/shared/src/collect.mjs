// One full garbage collection, on the next turn, once a thread holds much more heap than it kept after its last one.
// Plain JavaScript: the CPU pool's threads (cpu-worker.mjs) load it without a TypeScript loader; collect.ts types it.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc;
let pending = false;
/** Heap in use right after this thread's last collection here: what it keeps (models, caches), not garbage. */
let keptBytes = 0;

/**
 * Runs one full collection on the next turn of the event loop when this thread's heap has grown by more than
 * `garbageMb` MB since the last one run here. A job that has just handled a long episode leaves its garbage behind
 * (150–200 MB for 200k words), and V8, far from its heap limit, lets it sit: the next job then peaks on top of it.
 * Counted from what the last collection kept, not from zero: a thread whose models and caches alone come near the
 * bar (the fixer's sound lists, ~95 MB) would otherwise pay a full collection (~100 ms) after every job.
 */
export function collectGarbageSoon(garbageMb) {
  if (pending || v8.getHeapStatistics().used_heap_size - keptBytes < garbageMb * 2 ** 20) return;
  pending = true;
  setTimeout(() => {
    pending = false;
    if (!gc) {
      // No --expose-gc on the command line (the product does not choose its node flags, and a thread cannot be given
      // V8 flags): set it here; only a new context sees the flag, hence the fresh one.
      v8.setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc');
    }
    gc();
    keptBytes = v8.getHeapStatistics().used_heap_size;
  }, 0);
}
