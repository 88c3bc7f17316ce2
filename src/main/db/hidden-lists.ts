// A new list while an import fills it (migration 5): a row of lists with an owner, so
// its contacts can be written into `contacts` window by window yet be seen by no read (every
// query of lists keeps to VISIBLE) until the import's last transaction reveals it under
// its real name. A cancel or failure deletes it; a crash leaves it to be deleted the
// next time the data folder is opened.
import type { Db } from './open';

/** The condition every read of lists adds: no import owns the list. */
export const VISIBLE = 'import_owner IS NULL';

/** Contacts deleted per statement when a hidden list is removed, between yields. */
export const DELETE_PAGE = 20_000;

export interface HiddenList {
  id: number;
  owner: string;
  until: number;
}

export function hiddenListQueries(db: Db) {
  const insert = db.prepare<[string, string, string, number, string, string]>(
    'INSERT INTO lists (name, fields, import_owner, import_until, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const renew = db.prepare<[number, number, string]>('UPDATE lists SET import_until = ? WHERE id = ? AND import_owner = ?');
  const reveal = db.prepare<[string, string, string, number, string]>(
    'UPDATE lists SET name = ?, fields = ?, updated_at = ?, import_owner = NULL, import_until = NULL WHERE id = ? AND import_owner = ?',
  );
  const all = db.prepare<[], HiddenList>('SELECT id, import_owner AS owner, import_until AS until FROM lists WHERE import_owner IS NOT NULL');
  const deletePage = db.prepare<[number, number]>('DELETE FROM contacts WHERE id IN (SELECT id FROM contacts WHERE list_id = ? ORDER BY id LIMIT ?)');
  const deleteList = db.prepare<[number, string]>('DELETE FROM lists WHERE id = ? AND import_owner = ?');

  return {
    /** `name`: a placeholder no user can give (names are trimmed); the real one comes with reveal. */
    create: (name: string, owner: string, until: number, now: string): number => Number(insert.run(name, '[]', owner, until, now, now).lastInsertRowid),
    /** False when the list is gone (removed as abandoned by another process). */
    renew: (id: number, owner: string, until: number): boolean => renew.run(until, id, owner).changes === 1,
    reveal: (id: number, owner: string, name: string, fields: string[], now: string): boolean => reveal.run(name, JSON.stringify(fields), now, id, owner).changes === 1,
    all: (): HiddenList[] => all.all(),
    /** Deletes up to DELETE_PAGE of the list's contacts; returns how many. */
    deleteSome: (id: number): number => deletePage.run(id, DELETE_PAGE).changes,
    /** Deletes the list (and, by cascade, what contacts remain). */
    remove: (id: number, owner: string): void => void deleteList.run(id, owner),
  };
}

export type HiddenListQueries = ReturnType<typeof hiddenListQueries>;
