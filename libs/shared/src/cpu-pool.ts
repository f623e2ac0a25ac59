import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Piscina } from 'piscina';

/** One call into the pool: an exported function of a module, by URL, with structured-clone-friendly arguments. */
export interface CpuTask {
  /** The module's URL, e.g. `new URL('./core/index.ts', import.meta.url).href`. */
  module: string;
  /** The exported function's name; it may be synchronous or return a promise. */
  fn: string;
  args: unknown[];
}

export interface CpuPoolOptions {
  /** Worker threads; 0 runs every task inline on the calling thread's event loop. */
  threads: number;
  /** Old-generation heap cap per thread: a task past it fails alone (ERR_WORKER_OUT_OF_MEMORY), the process lives on. */
  maxHeapMb: number;
  /**
   * Young-generation cap per thread (MB). V8's default (three 16 MB semi-spaces) suits a long-lived server heap;
   * a thread that turns one large input into one result is old-generation bound, so a small nursery costs it little
   * time and leaves that memory to the rest of the process. Unset: V8's default.
   */
  maxYoungMb?: number;
}

/**
 * Runs CPU-heavy pure stage cores (text correction, segmentation) off the event loop, in a pool of worker threads, so
 * BullMQ's lock renewal, the outbox dispatcher and health checks keep running while a long episode is computed and
 * one process can use several cores. Idle threads do not keep the process alive.
 */
export class CpuPool {
  private readonly piscina: Piscina | undefined;

  constructor(readonly options: CpuPoolOptions) {
    if (options.threads > 0) {
      this.piscina = new Piscina({
        filename: new URL('./cpu-worker.mjs', import.meta.url).href,
        minThreads: options.threads,
        maxThreads: options.threads,
        idleTimeout: 60_000,
        // No loader flags from the parent (`--import tsx` clashes with the thread's own tsx; see cpu-worker.mjs).
        execArgv: [],
        // Piscina's default parks an idle thread in Atomics.wait, where nothing runs until the next task: not the
        // collection cpu-worker.mjs schedules after a task, nor V8's own memory reducer, so a thread kept an
        // episode's garbage (150 MB+) while the later stages ran. Plain messages cost microseconds per task.
        atomics: 'disabled',
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, ...(options.maxYoungMb ? { maxYoungGenerationSizeMb: options.maxYoungMb } : {}) },
      });
    }
  }

  get threads(): number {
    return this.options.threads;
  }

  /** Runs one task on a pool thread (or inline when the pool has no threads) and resolves with its result. */
  async run<T>(task: CpuTask): Promise<T> {
    if (!this.piscina) {
      const mod = (await import(builtModules()[task.module] ?? task.module)) as Record<string, (...args: unknown[]) => T | Promise<T>>;
      const fn = mod[task.fn];
      if (typeof fn !== 'function') throw new TypeError(`cpu pool: ${task.module} has no exported function ${task.fn}`);
      return fn(...task.args);
    }
    return (this.piscina.run(task) as Promise<T>).catch((err: unknown) => {
      // A thread can reject with a plain object (a module-loader failure): keep its fields readable in the job's error.
      throw err instanceof Error ? err : new Error(`cpu pool: ${task.fn} failed: ${JSON.stringify(err)}`);
    });
  }

  /** Runs `task` once per thread at the same time, so every thread has loaded its modules and models before real work. */
  async warm(task: CpuTask): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, this.threads) }, () => this.run(task)));
  }

  /** Ends the threads once their running tasks finish; `force`: at once, failing the running tasks. */
  async close(opts: { force?: boolean } = {}): Promise<void> {
    await this.piscina?.close({ force: opts.force ?? false });
  }
}

let built: Record<string, string> | undefined;

/** Under the built CLI (PODPIPE_BUILT_DIR), the built copy of each task module, as cpu-worker.mjs reads it. */
function builtModules(): Record<string, string> {
  if (built) return built;
  const dir = process.env.PODPIPE_BUILT_DIR;
  try {
    built = dir ? (JSON.parse(readFileSync(path.join(dir, 'cpu-tasks.json'), 'utf8')) as Record<string, string>) : {};
  } catch {
    built = {};
  }
  return built;
}

let shared: CpuPool | undefined;

/** The process's pool, made on first use with these settings (later calls share it, whatever they pass). */
export function sharedCpuPool(config: { cpuThreads: number; cpuThreadHeapMb: number; cpuThreadYoungMb?: number }): CpuPool {
  shared ??= new CpuPool({ threads: config.cpuThreads, maxHeapMb: config.cpuThreadHeapMb, maxYoungMb: config.cpuThreadYoungMb });
  return shared;
}

/** Closes the process's pool, if one was made (tests and shutdown). */
export async function closeSharedCpuPool(opts: { force?: boolean } = {}): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close(opts);
}
