// Opens (or creates) the one database file of a data folder.
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Db = Database.Database;

/** The page cache, in KiB (see below). */
export const CACHE_KIB = 64 * 1024;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache: bulk writes touch indexes in random order (mobiles), and the
    // default 2 MB makes every million-row import or plan thrash.
    db.pragma(`cache_size = -${CACHE_KIB}`);
    // NORMAL is durable in WAL except for the last commits before a power cut; the send
    // journal switches to FULL around the commits that must survive one (see campaigns).
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export interface SynchronousSwitch {
  full(): void;
  normal(): void;
}

/** synchronous = FULL and back, prepared once: db.pragma() prepares its statement on every call (twice a durable commit). */
export function synchronousSwitch(db: Db): SynchronousSwitch {
  const full = db.prepare('PRAGMA synchronous = FULL');
  const normal = db.prepare('PRAGMA synchronous = NORMAL');
  return { full: () => void full.run(), normal: () => void normal.run() };
}
