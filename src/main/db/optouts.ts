// SQL for the opt-out list: normalised mobiles that must not get marketing.
import { mobilePages } from './mobile-pages';
import type { Db } from './open';
import type { OptOutRow } from '../../shared/views';

interface OptOutRecord {
  mobile: string;
  source: OptOutRow['source'];
  note: string | null;
  created_at: string;
}

export function optoutQueries(db: Db) {
  const has = db.prepare<[string], number>('SELECT 1 FROM optouts WHERE mobile = ?').pluck();
  const add = db.prepare<[string, string, string | null, string]>(
    'INSERT INTO optouts (mobile, source, note, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (mobile) DO NOTHING',
  );
  const mobilesAfter = db.prepare<[number, number], { key: number; mobile: string }>('SELECT rowid AS key, mobile FROM optouts WHERE rowid > ? ORDER BY rowid LIMIT ?');
  const remove = db.prepare<[string]>('DELETE FROM optouts WHERE mobile = ?');
  const page = db.prepare<[string, number, number], OptOutRecord>(
    "SELECT mobile, source, note, created_at FROM optouts WHERE mobile LIKE ? ESCAPE '\\' ORDER BY created_at DESC, mobile LIMIT ? OFFSET ?",
  );
  const count = db.prepare<[string], number>("SELECT count(*) FROM optouts WHERE mobile LIKE ? ESCAPE '\\'").pluck();
  const toRow = (r: OptOutRecord): OptOutRow => ({ mobile: r.mobile, source: r.source, note: r.note, createdAt: r.created_at });

  return {
    has: (mobile: string): boolean => has.get(mobile) !== undefined,
    /** 1 when added, 0 when it was already there (the first entry and its source are kept). */
    add: (mobile: string, source: OptOutRow['source'], note: string | null, now: string): number => add.run(mobile, source, note, now).changes,
    /** Every opted-out mobile, a page at a time. */
    mobiles: (): Generator<string[]> => mobilePages(mobilesAfter),
    remove: (mobile: string): number => remove.run(mobile).changes,
    /** `pattern`: a LIKE pattern on the mobile ('%' for all). */
    page: (pattern: string, offset: number, limit: number): { rows: OptOutRow[]; total: number } => ({
      rows: page.all(pattern, limit, offset).map(toRow),
      total: count.get(pattern) ?? 0,
    }),
  };
}

export type OptoutQueries = ReturnType<typeof optoutQueries>;
