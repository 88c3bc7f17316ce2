// The rows of an import into a new list, written once, straight into `contacts`, under a
// list no read can see (db/hidden-lists.ts) until the final transaction reveals it. That
// saves staging every row and copying it again at the end (the copy held the thread
// for seconds). A cancel or failure deletes the list page by page, yielding between
// pages; a crashed import's list is deleted when the data folder is next opened
// (removeAbandoned), by whichever process opens it.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { holderAlive, ownerId } from '../core/leases';
import { holdCheckpoints } from '../db/checkpoints';
import { contactWriter, hiddenListQueries, type HiddenListQueries } from '../db/hidden-lists';
import type { Db } from '../db/open';
import type { RowInserter } from '../db/row-inserter';
import type { RowSink } from './importer';

/**
 * How long an import vouches for its list past each chunk. On this machine a dead
 * process is recognised at once (by pid); the lease is for another machine sharing
 * the folder, and for a pid reused after a crash.
 */
const LEASE_MS = 10 * 60_000;

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
  private readonly rows: RowInserter;
  private readonly releaseCheckpoints: () => void;

  constructor(db: Db, now: () => string) {
    this.q = hiddenListQueries(db);
    this.releaseCheckpoints = holdCheckpoints(db);
    // Names are trimmed, so one with a leading space is no user's; the random part
    // keeps two imports apart. The real name is given (and checked) at reveal.
    const placeholder = ` importing ${randomBytes(9).toString('base64url')}`;
    this.listId = this.q.create(placeholder, this.owner, Date.now() + LEASE_MS, now());
    this.rows = contactWriter(db, this.listId);
  }

  add(mobile: string, fields: string): void {
    this.rows.add(mobile, fields);
  }

  /** In the chunk's transaction: the rows held back, and the lease renewed with them. */
  flush(): void {
    if (!this.q.renew(this.listId, this.owner, Date.now() + LEASE_MS)) throw listGone();
    this.rows.flush();
  }

  /** In the final transaction: the list becomes visible; returns the contacts it has. */
  reveal(name: string, fields: string[], now: string): number {
    if (!this.q.reveal(this.listId, this.owner, name, fields, now)) throw listGone();
    return this.rows.written;
  }

  /** After the final transaction (or a failure): the WAL written meanwhile is checkpointed. */
  close(): void {
    this.releaseCheckpoints();
  }

  /** Deletes the list, a page of contacts per statement, yielding between pages. */
  async remove(): Promise<void> {
    while (this.q.deleteSome(this.listId) > 0) await yieldTurn();
    this.q.remove(this.listId, this.owner);
  }
}

/** Deletes the hidden lists of imports whose process is gone (a crash mid-import). */
export function removeAbandoned(db: Db, now = Date.now()): number {
  const q = hiddenListQueries(db);
  const abandoned = q.all().filter((l) => !holderAlive(l.owner, l.until, now));
  for (const l of abandoned) {
    while (q.deleteSome(l.id) > 0);
    q.remove(l.id, l.owner);
  }
  return abandoned.length;
}
