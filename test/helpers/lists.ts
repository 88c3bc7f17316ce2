// Contact lists written straight into a test database.
import type { Db } from '../../src/main/db/open';

export function seedList(db: Db, name: string, fields: string[], rows: string[][]): number {
  const now = new Date().toISOString();
  const listId = Number(db.prepare('INSERT INTO lists (name, fields, created_at, updated_at) VALUES (?, ?, ?, ?)').run(name, JSON.stringify(fields), now, now).lastInsertRowid);
  const insert = db.prepare('INSERT INTO contacts (list_id, mobile, fields) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const [mobile, ...values] of rows) insert.run(listId, mobile, JSON.stringify(values));
  })();
  return listId;
}

/** n recipients 13800000000, 13800000001 … with names and codes that differ. */
export function members(n: number, start = 0): string[][] {
  return Array.from({ length: n }, (_, i) => [`138${String(start + i).padStart(8, '0')}`, `顾客${start + i}`, String(100000 + start + i)]);
}
