import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A few worker threads running one kernel module on memory shared with the parent
 * (SharedArrayBuffer-backed typed arrays). The module answers each task message with one
 * message when done. Kernels split work in disjoint row ranges, so results do not depend on the
 * number of threads.
 */
export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  /** `moduleUrl` is resolved beside the caller: pass `new URL('./x-worker.js', import.meta.url)`-style names via workerUrl(). */
  static start(url: URL, n: number, init: unknown): WorkerPool {
    const workers = Array.from({ length: n }, () => startWorker(url));
    for (const w of workers) w.postMessage({ init });
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends task k to worker k and waits for every answer. */
  async run(tasks: unknown[]): Promise<void> {
    if (tasks.length > this.workers.length) throw new Error(`${tasks.length} tasks for ${this.workers.length} workers`);
    await Promise.all(
      tasks.map(
        (task, k) =>
          new Promise<void>((resolve, reject) => {
            const w = this.workers[k];
            const onError = (err: Error) => reject(err);
            w.once('error', onError);
            w.once('message', () => {
              w.off('error', onError);
              resolve();
            });
            w.postMessage(task);
          }),
      ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The worker module `name` (without extension) next to the module at `base` (its import.meta.url). */
export function workerUrl(base: string, name: string): URL {
  // from TypeScript sources under tsx (tests, benches) the sibling is .ts; once built, .js
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

/**
 * Starts a worker on a module. From TypeScript sources the worker registers tsx's loader in its
 * own thread first: loader hooks do not cross into workers.
 */
export function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

/** Threads worth starting: one per core, for work big enough to repay the start-up. */
export function threadsFor(work: number, threshold = 200_000): number {
  return work >= threshold ? Math.min(availableParallelism(), 8) : 1;
}

export function toShared<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** Splits rows into `parts` contiguous ranges of about equal work (nonzeros + a constant per row). */
export function balancedRanges(indptr: ArrayLike<number>, parts: number, rowCost = 8): [number, number][] {
  const nRows = indptr.length - 1;
  const total = indptr[nRows] + rowCost * nRows;
  const ranges: [number, number][] = [];
  let start = 0;
  for (let p = 1; p <= parts; p++) {
    const target = (total * p) / parts;
    let end = start;
    while (end < nRows && indptr[end] + rowCost * end < target) end++;
    if (p === parts) end = nRows;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
