// A long run of small commits (an import writing a new list chunk by chunk) would have
// SQLite checkpoint the WAL every 1000 pages: each checkpoint writes back and fsyncs
// the database, and a million rows took ~30 of them (half the import's time on a slow
// disk). While such a run goes on, automatic checkpoints wait; when the last run ends,
// one checkpoint writes everything back, as a single big transaction's commit would.
//
// Meanwhile the page cache is halved (CACHE_KIB_WHILE_HELD): the run only appends,
// and every page it writes would otherwise stay cached until the cache is full (64 MB
// of a million-row import's 120). Planning and receipts, which look up indexes at
// random, keep the whole cache when no such run goes on.
import { CACHE_KIB, type Db } from './open';

const DEFAULT_PAGES = 1000;
const CACHE_KIB_WHILE_HELD = CACHE_KIB / 2;
const holders = new WeakMap<Db, number>();

/** Holds automatic checkpoints off until the returned function is called (once). */
export function holdCheckpoints(db: Db): () => void {
  const n = holders.get(db) ?? 0;
  if (n === 0) {
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`cache_size = -${CACHE_KIB_WHILE_HELD}`);
  }
  holders.set(db, n + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(db) ?? 1) - 1;
    holders.set(db, left);
    if (left > 0 || !db.open) return;
    db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    // PASSIVE: readers (and other processes) are never blocked by it.
    db.pragma('wal_checkpoint(PASSIVE)');
  };
}
