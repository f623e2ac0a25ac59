import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;
let pending = false;

/**
 * Runs one full garbage collection on the next turn of the event loop when this thread's heap holds more than
 * `aboveMb` MB, live or dead. A stage job that has just handled a long episode leaves its garbage behind (200 MB
 * for 200k words), and V8, far from its heap limit, lets it sit: the next stage's job then peaks on top of it.
 * (cpu-worker.mjs does the same in the CPU pool's threads.)
 */
export function collectGarbageSoon(aboveMb: number): void {
  if (pending || v8.getHeapStatistics().used_heap_size < aboveMb * 2 ** 20) return;
  pending = true;
  setTimeout(() => {
    pending = false;
    if (!collect) {
      // No --expose-gc on the command line (the product does not choose its node flags): set it, then only a new
      // context sees `gc`, hence the fresh one.
      v8.setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    collect();
  }, 0).unref();
}
