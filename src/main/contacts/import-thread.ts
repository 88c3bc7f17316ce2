// Runs an import's checking (row-checker.ts) in a worker thread of its own and hands the
// main thread the checked batches as they come, a few chunks ahead of its writes. Where
// no worker can start (a packaging mistake, a runtime without threads) the same checks
// run in the main thread instead: slower, never different.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import type { FromWorker, ToWorker } from './import-worker';
import type { Layout } from './layout';
import { checkFile, emptyTally, type CheckedBatch, type CheckPlan, type FileToCheck, type Tally } from './row-checker';

/**
 * The worker's script: the built app's bundle (electron-vite emits it beside the main
 * bundle), else the TypeScript sources' entry; null when neither is there.
 */
export function workerEntry(dir = __dirname): string | null {
  for (const file of [join(dir, 'import-worker.js'), join(dir, 'import-worker-tsx.cjs')]) if (existsSync(file)) return file;
  return null;
}

/** Messages from the worker, awaited one at a time. */
class Inbox {
  private readonly queue: FromWorker[] = [];
  private waiting: { resolve: (m: FromWorker) => void; reject: (err: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(worker: Worker) {
    worker.on('message', (m: FromWorker) => {
      const w = this.take();
      if (w) w.resolve(m);
      else this.queue.push(m);
    });
    const fail = (err: Error): void => {
      // Messages sent before the thread ended are still read; the failure comes after them.
      this.failure ??= err;
      this.take()?.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`import worker exited (${code})`)));
  }

  private take(): Inbox['waiting'] {
    const w = this.waiting;
    this.waiting = null;
    return w;
  }

  next(): Promise<FromWorker> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

const fromWorkerError = (m: Extract<FromWorker, { type: 'error' }>): AppError => new AppError(m.error.code, { zh: m.error.zh, en: m.error.en }, m.error.detail);

/** The counts of every row checked so far, kept current by checkedBatches. */
export interface Counts {
  now: Tally;
}

/** Decides, from the file's first rows, how to check it (runs in the main thread). */
export type Decide = (layout: Layout) => Promise<CheckPlan>;

async function* inWorker(worker: Worker, inbox: Inbox, decide: Decide, counts: Counts): AsyncGenerator<CheckedBatch, Tally> {
  const send = (m: ToWorker): void => worker.postMessage(m);
  let finished = false;
  try {
    for (;;) {
      const m = await inbox.next();
      if (m.type === 'layout') send({ type: 'plan', plan: await decide(m.layout) });
      else if (m.type === 'batch') {
        counts.now = m.batch.tally;
        yield m.batch;
        // Written: the worker may read one chunk further.
        send({ type: 'ack' });
      } else if (m.type === 'done') {
        finished = true;
        counts.now = m.tally;
        return m.tally;
      } else if (m.type === 'error') {
        finished = true;
        throw fromWorkerError(m);
      }
    }
  } finally {
    if (!finished) {
      // A cancel or a failure here: the worker closes its files before it is ended. The
      // batches it had checked ahead count too: their rejected rows are in the CSV.
      send({ type: 'stop' });
      try {
        for (let m = await inbox.next(); m.type !== 'stopped' && m.type !== 'done' && m.type !== 'error'; m = await inbox.next()) {
          if (m.type === 'batch') counts.now = m.batch.tally;
        }
      } catch {
        // It has ended already.
      }
    }
    await worker.terminate();
  }
}

async function* inThisThread(file: FileToCheck, decide: Decide, counts: Counts): AsyncGenerator<CheckedBatch, Tally> {
  const batches = checkFile(file, decide);
  try {
    for (;;) {
      const next = await batches.next();
      if (next.done) return (counts.now = next.value);
      counts.now = next.value.tally;
      yield next.value;
    }
  } finally {
    await batches.return(counts.now);
  }
}

/** Starts a worker on the file and waits for it to say it has loaded; null if it could not start. */
export async function startWorker(entry: string, file: FileToCheck): Promise<{ worker: Worker; inbox: Inbox } | null> {
  let worker: Worker;
  try {
    // No inherited loader flags (--import tsx): the entry sets up what it needs.
    worker = new Worker(entry, { workerData: file, execArgv: [] });
  } catch {
    return null;
  }
  const inbox = new Inbox(worker);
  try {
    const first = await inbox.next();
    if (first.type === 'ready') return { worker, inbox };
  } catch {
    // Fell over while loading.
  }
  await worker.terminate();
  return null;
}

/**
 * Below this (about 80,000 rows of CSV, a fifth of a second to check) a file is
 * checked in the main thread: a worker's start (tens of ms built, a few hundred from
 * the TypeScript sources) would take most of what it saves.
 */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** Where an import's rows are checked: 'auto' picks by the file's size. */
export type CheckThread = 'auto' | 'worker' | 'main';

/**
 * The checked batches of the file, a chunk at a time, then the final counts; `decide`
 * is asked once, after the first rows. Stopping early (return()) stops the reading
 * and closes the file and the rejected rows' CSV; `counts` then holds the counts of
 * every row checked, as the CSV has them.
 */
export async function* checkedBatches(
  file: FileToCheck,
  decide: Decide,
  run: { totalBytes: number; where: CheckThread; entry?: string | null },
  counts: Counts = { now: emptyTally() },
): AsyncGenerator<CheckedBatch, Tally> {
  const wanted = run.where === 'worker' || (run.where === 'auto' && run.totalBytes >= WORKER_MIN_BYTES);
  const entry = run.entry === undefined ? workerEntry() : run.entry;
  const thread = wanted && entry ? await startWorker(entry, file) : null;
  if (!thread) return yield* inThisThread(file, decide, counts);
  return yield* inWorker(thread.worker, thread.inbox, decide, counts);
}
