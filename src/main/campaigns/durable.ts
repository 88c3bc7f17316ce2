// "submitting" must be on disk before a request leaves. A synchronous=FULL commit costs
// an fsync (≈0.25 ms here, as long as a loopback request), so marks are committed in
// windows: a run marks the next few submissions together, and the marks of every run
// ready in the same event-loop turn share one commit. Each request still leaves only
// after the commit holding its mark has returned. What a window costs: after a crash,
// its marked submissions that had not left yet are unknown too (never resent by
// themselves); a clean stop puts them back to planned (see CampaignRun).
import type { JournalQueries } from '../db/journal';
import { synchronousSwitch, type Db, type SynchronousSwitch } from '../db/open';

/** At most this many submissions are marked ahead of their requests. */
export const MAX_WINDOW = 64;
/** Requests per second for which one fsync per request costs about 3% of the time. */
const RATE_PER_FSYNC = 100;

/**
 * How many submissions a run marks at once: one per request at real provider rates
 * (≤ 100 requests/s, where the fsync is a few percent), more only when the account's
 * pace would otherwise wait on the disk, so that a crash leaves at most ~10 ms of
 * requests unknown.
 */
export function markWindow(ratePerSecond: number): number {
  return Math.min(MAX_WINDOW, Math.max(1, Math.ceil(ratePerSecond / RATE_PER_FSYNC)));
}

/** How long answers wait to share a commit when a run marks in windows (see answerDelayMs). */
const ANSWER_DELAY_MS = 5;

/**
 * How long a run's answers may wait to share one commit: none at real provider rates
 * (≤ 100 requests/s: each answer commits in its own turn); ANSWER_DELAY_MS when the
 * pace is faster, where a commit per answer (its pages written to the WAL again each
 * time) would cost more than the request. A crash within that delay leaves those
 * answered submissions unknown: never resent, as with a mark whose answer was lost.
 */
export function answerDelayMs(ratePerSecond: number): number {
  return markWindow(ratePerSecond) > 1 ? ANSWER_DELAY_MS : 0;
}

interface Pending {
  work: () => unknown;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Work queued in one event-loop turn commits in one transaction (a group commit): each
 * caller's promise resolves only once the commit holding its work has returned. A piece
 * that throws rejects alone: the others are committed without it.
 */
export class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly sync: SynchronousSwitch | null;

  /**
   * `full`: the commit is synchronous=FULL, on disk even after a power cut.
   * `delayMs`: how long the first piece waits for others (0: until the end of the turn).
   */
  constructor(
    private readonly db: Db,
    private readonly full: boolean,
    private readonly delayMs = 0,
  ) {
    this.sync = full ? synchronousSwitch(db) : null;
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (result: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        if (this.delayMs > 0) setTimeout(() => this.flush(), this.delayMs);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    this.sync?.full();
    try {
      let values: unknown[];
      try {
        values = this.db.transaction(() => batch.map((p) => p.work()))();
      } catch {
        // One piece threw and the batch rolled back whole: each piece again on its own,
        // so that only the one at fault fails (a savepoint per piece would cost every batch).
        for (const p of batch) {
          try {
            p.resolve(this.db.transaction(() => p.work())());
          } catch (err) {
            p.reject(err);
          }
        }
        return;
      }
      batch.forEach((p, i) => p.resolve(values[i]));
    } finally {
      this.sync?.normal();
    }
  }
}

/** The 'submitting' marks, committed with synchronous=FULL. */
export class SubmittingMarks {
  private readonly commit: GroupCommit;

  constructor(
    db: Db,
    private readonly journal: JournalQueries,
    private readonly now: () => Date,
  ) {
    this.commit = new GroupCommit(db, true);
  }

  /** Resolves once the submissions are durably 'submitting' (false for one no longer planned); one statement for the window. */
  mark(submissionIds: number[]): Promise<boolean[]> {
    return this.commit.run(() => {
      const done = this.journal.markManySubmitting(submissionIds, this.now().toISOString());
      return submissionIds.map((id) => done.has(id));
    });
  }
}
