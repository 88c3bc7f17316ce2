// The rows of an import into a new list: staged while the file is read (db/import-
// staging.ts says why), then copied into `contacts` a window at a time, each window its
// own transaction, under a list no read can see (db/hidden-lists.ts) until the final
// transaction reveals it. The windows keep the thread free (no transaction of seconds,
// as one copy of a million rows would be) and the commits few (each rewrites the index
// pages its rows landed on). A cancel or failure deletes the list page by page,
// yielding between pages; a crashed import's list is deleted when the data folder is
// next opened (removeAbandonedLists), by whichever process opens it.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { ownerId, removeAbandoned, removeHidden } from '../core/leases';
import { holdCheckpoints } from '../db/checkpoints';
import { hiddenListQueries, type HiddenListQueries } from '../db/hidden-lists';
import { ImportStaging } from '../db/import-staging';
import type { Db } from '../db/open';
import type { RowSink } from './importer';

/**
 * How long an import vouches for its list past each chunk. On this machine a dead
 * process is recognised at once (by pid); the lease is for another machine sharing
 * the folder, and for a pid reused after a crash.
 */
const LEASE_MS = 10 * 60_000;

/**
 * Rows copied per transaction: on this machine, for a million numbers in no order, a
 * window takes about 70 ms (at most about 120), so the thread is never held long, and
 * the commits stay few (each rewrites the index pages its rows landed on): windows of
 * 25,000 took 10–50% longer in all and varied more, windows of a chunk (1,350 rows) 6×.
 */
export const COPY_WINDOW = 50_000;

function listGone(): AppError {
  return new AppError('import.list_changed', {
    zh: '导入中的新列表被另一个程序当作中断的导入删除了，本次导入未写入任何内容。请重新导入。',
    en: 'The new list being imported was removed by another program as an interrupted import; nothing was written. Import again.',
  });
}

export class NewListSink implements RowSink {
  readonly listId: number;
  private readonly owner = ownerId();
  private readonly q: HiddenListQueries;
  private readonly staging: ImportStaging;
  private readonly releaseCheckpoints: () => void;
  /** Rows copied into the list so far. */
  private copied = 0;

  constructor(
    private readonly db: Db,
    now: () => string,
  ) {
    this.q = hiddenListQueries(db);
    this.releaseCheckpoints = holdCheckpoints(db);
    // Names are trimmed, so one with a leading space is no user's; the random part
    // keeps two imports apart. The real name is given (and checked) at reveal.
    const placeholder = ` importing ${randomBytes(9).toString('base64url')}`;
    this.listId = this.q.create(placeholder, this.owner, Date.now() + LEASE_MS, now());
    this.staging = new ImportStaging(db);
  }

  add(mobile: string, fields: string): void {
    this.staging.add(mobile, fields);
  }

  /**
   * In the chunk's transaction: the rows held back, and the lease renewed with them. A
   * full window waiting is copied at once: the worker checks the next chunks meanwhile,
   * so the copy takes the time this thread would spend waiting for them.
   */
  flush(): void {
    this.renew();
    this.staging.flush();
    while (this.staging.count - this.copied >= COPY_WINDOW) this.copyWindow();
  }

  /**
   * Once the file is read: the staged rows into the list, COPY_WINDOW to a transaction,
   * yielding between windows; stops early (the list incomplete) when `isCancelled`.
   */
  async fill(isCancelled: () => boolean, progress: (copied: number, of: number) => void): Promise<void> {
    const of = this.staging.count;
    const copy = this.db.transaction(() => {
      this.renew();
      this.copyWindow();
    });
    while (this.copied < of && !isCancelled()) {
      copy();
      progress(this.copied, of);
      await yieldTurn();
    }
  }

  /** In the final transaction, after fill: the list becomes visible; returns the contacts it has. */
  reveal(name: string, fields: string[], now: string): number {
    // A programming error, not the user's: a list revealed with rows missing.
    if (this.copied !== this.staging.count) throw new Error(`reveal after ${this.copied} of ${this.staging.count} rows copied`);
    if (!this.q.reveal(this.listId, this.owner, name, fields, now)) throw listGone();
    return this.copied;
  }

  /** After the final transaction (or a failure): the staging dropped, the WAL written meanwhile checkpointed. */
  close(): void {
    try {
      this.staging.drop();
    } finally {
      this.releaseCheckpoints();
    }
  }

  private copyWindow(): void {
    this.copied += this.staging.windowIntoContacts(this.listId, this.copied, this.copied + COPY_WINDOW);
  }

  private renew(): void {
    if (!this.q.renew(this.listId, this.owner, Date.now() + LEASE_MS)) throw listGone();
  }

  /** Deletes the list, a page of contacts per statement, yielding between pages. */
  remove(): Promise<void> {
    return removeHidden(this.q, this.listId, this.owner);
  }
}

/** Deletes the hidden lists of imports whose process is gone (a crash mid-import). */
export function removeAbandonedLists(db: Db, now = Date.now()): number {
  return removeAbandoned(hiddenListQueries(db), now);
}
