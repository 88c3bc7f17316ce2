// SQL the planner reads: the list, its contacts in order, the opt-out list.
import type { Db } from './open';

export interface ContactRecord {
  id: number;
  mobile: string;
  fields: string;
}

const PAGE = 5000;

export function planningQueries(db: Db) {
  const list = db.prepare<[number], { id: number; name: string; fields: string }>('SELECT id, name, fields FROM lists WHERE id = ?');
  const page = db.prepare<[number, number, number], ContactRecord>('SELECT id, mobile, fields FROM contacts WHERE list_id = ? AND id > ? ORDER BY id LIMIT ?');
  const optouts = db.prepare<[], string>('SELECT mobile FROM optouts').pluck();
  return {
    list: (id: number) => list.get(id),
    /**
     * A list's contacts in id order, read a page at a time: the planner writes between
     * pages, and better-sqlite3 allows no write while a statement iterates.
     */
    *contacts(listId: number): Generator<ContactRecord> {
      let after = 0;
      for (;;) {
        const rows = page.all(listId, after, PAGE);
        yield* rows;
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1].id;
      }
    },
    optoutSet: (): Set<string> => new Set(optouts.all()),
  };
}
