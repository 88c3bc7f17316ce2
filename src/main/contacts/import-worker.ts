// The import's worker thread: reads, decodes, parses and checks the file (row-checker.ts)
// while the main thread writes the chunk before. Parsing and writing each take about
// half an import's time, so on two cores a big file imports in about half the time, and
// the main thread (the app's, which also answers the window) only decides and writes.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorBody, type ErrorBody } from '../../shared/errors';
import type { Layout } from './layout';
import { checkFile, emptyTally, type CheckedBatch, type CheckPlan, type FileToCheck, type Tally } from './row-checker';

/**
 * Batches sent ahead of the main thread's writes: both threads stay busy, memory stays
 * bounded (a batch is a 64 KiB chunk's rows, a few MB in all). Enough for this thread to
 * go on checking through much of the main thread's copy of a new list's window
 * (contacts/hidden-list.ts): 3 ahead made a million rows 0.5 s slower, 64 no faster than 24.
 */
const AHEAD = 24;

export type FromWorker =
  | { type: 'ready' }
  /** The first rows are read: the main thread answers with a plan (or stop). */
  | { type: 'layout'; layout: Layout }
  | { type: 'batch'; batch: CheckedBatch }
  /** The file is read; the final counts. */
  | { type: 'done'; tally: Tally }
  /** Stopped when asked: the file and the rejected rows' CSV are closed. */
  | { type: 'stopped' }
  | { type: 'error'; error: ErrorBody };

/** 'ack': the main thread has written a batch; 'stop': a cancel, or a failure there. */
export type ToWorker = { type: 'plan'; plan: CheckPlan } | { type: 'ack' } | { type: 'stop' };

class Stopped extends Error {}

async function run(port: NonNullable<typeof parentPort>, file: FileToCheck): Promise<void> {
  let credits = AHEAD;
  let stopped = false;
  let wake: () => void = () => undefined;
  let planned: { resolve: (plan: CheckPlan) => void; reject: (err: Error) => void } | null = null;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'plan') planned?.resolve(m.plan);
    else if (m.type === 'ack') credits++;
    else {
      stopped = true;
      planned?.reject(new Stopped());
    }
    wake();
  });
  const send = (m: FromWorker): void => port.postMessage(m);
  const decide = (layout: Layout): Promise<CheckPlan> =>
    new Promise((resolve, reject) => {
      planned = { resolve, reject };
      send({ type: 'layout', layout });
    });
  const batches = checkFile(file, decide);
  try {
    for (;;) {
      while (credits === 0 && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      if (stopped) throw new Stopped();
      const next = await batches.next();
      if (next.done) {
        send({ type: 'done', tally: next.value });
        return;
      }
      credits--;
      send({ type: 'batch', batch: next.value });
    }
  } catch (err) {
    await batches.return(emptyTally());
    send(err instanceof Stopped ? { type: 'stopped' } : { type: 'error', error: toErrorBody(err) });
  } finally {
    // Nothing more to say: let the thread end once its messages are out.
    port.unref();
  }
}

if (parentPort) {
  parentPort.postMessage({ type: 'ready' } satisfies FromWorker);
  void run(parentPort, workerData as FileToCheck);
}
