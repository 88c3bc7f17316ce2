// SQL for lists and their contacts. A contact's fields are a JSON array in its list's
// field order; the opt-out flag is joined in on read, never copied.
import { mobilePages } from './mobile-pages';
import type { Db } from './open';
import { VISIBLE } from './hidden-lists';

export interface ListRecord {
  id: number;
  name: string;
  fields: string;
  created_at: string;
  updated_at: string;
}

export interface ContactRecord {
  id: number;
  mobile: string;
  fields: string;
  opted_out: number;
}

/** LIKE pattern for a substring, with LIKE's own wildcards escaped. */
export function containsPattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

const LIST_COLUMNS = 'id, name, fields, created_at, updated_at';
const CONTACT_COLUMNS = 'c.id, c.mobile, c.fields, o.mobile IS NOT NULL AS opted_out';
// The fields text is JSON: the cheap LIKE on it (with the term JSON-escaped) narrows,
// json_each then checks a single value holds the term (not `","` between two values).
const SEARCH = `c.list_id = @listId AND (c.mobile LIKE @mobile ESCAPE '\\'
  OR (c.fields LIKE @json ESCAPE '\\' AND EXISTS (SELECT 1 FROM json_each(c.fields) WHERE json_each.value LIKE @text ESCAPE '\\')))`;

export interface ContactSearch {
  listId: number;
  mobile: string;
  json: string;
  text: string;
}

export function contactQueries(db: Db) {
  // A list still being imported (migration 5) is not there yet for any read.
  const listById = db.prepare<[number], ListRecord>(`SELECT ${LIST_COLUMNS} FROM lists WHERE id = ? AND ${VISIBLE}`);
  const listByName = db.prepare<[string], ListRecord>(`SELECT ${LIST_COLUMNS} FROM lists WHERE name = ? AND ${VISIBLE}`);
  const allLists = db.prepare<[], ListRecord>(`SELECT ${LIST_COLUMNS} FROM lists WHERE ${VISIBLE} ORDER BY updated_at DESC, id DESC`);
  const insertList = db.prepare<[string, string, string, string]>('INSERT INTO lists (name, fields, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const renameList = db.prepare<[string, string, number]>('UPDATE lists SET name = ?, updated_at = ? WHERE id = ?');
  const setFields = db.prepare<[string, string, number]>('UPDATE lists SET fields = ?, updated_at = ? WHERE id = ?');
  const touchList = db.prepare<[string, number]>('UPDATE lists SET updated_at = ? WHERE id = ?');
  const deleteList = db.prepare<[number]>('DELETE FROM lists WHERE id = ?');
  // Walks contacts_list_order (migration 2): an index range, no table reads.
  const mobilesAfter = db.prepare<[number, number, number], { key: number; mobile: string }>(
    'SELECT id AS key, mobile FROM contacts WHERE list_id = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const count = db.prepare<[number], number>('SELECT count(*) FROM contacts WHERE list_id = ?').pluck();
  const hasMobile = db.prepare<[number, string], number>('SELECT 1 FROM contacts WHERE list_id = ? AND mobile = ?').pluck();
  const insertContact = db.prepare<[number, string, string]>('INSERT INTO contacts (list_id, mobile, fields) VALUES (?, ?, ?)');
  const deleteContact = db.prepare<[number, number]>('DELETE FROM contacts WHERE list_id = ? AND id = ?');
  const contactById = db.prepare<[number], ContactRecord>(`SELECT ${CONTACT_COLUMNS} FROM contacts c LEFT JOIN optouts o ON o.mobile = c.mobile WHERE c.id = ?`);
  // The offset is skipped on the index alone; only the page's rows are read and joined.
  const page = db.prepare<[number, number, number], ContactRecord>(
    `SELECT ${CONTACT_COLUMNS}
     FROM (SELECT id FROM contacts WHERE list_id = ? ORDER BY id LIMIT ? OFFSET ?) p
     JOIN contacts c ON c.id = p.id LEFT JOIN optouts o ON o.mobile = c.mobile
     ORDER BY c.id`,
  );
  const searchPage = db.prepare<[ContactSearch & { limit: number; offset: number }], ContactRecord>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts c LEFT JOIN optouts o ON o.mobile = c.mobile
     WHERE ${SEARCH} ORDER BY c.id LIMIT @limit OFFSET @offset`,
  );
  const searchCount = db.prepare<[ContactSearch], number>(`SELECT count(*) FROM contacts c WHERE ${SEARCH}`).pluck();

  return {
    list: (id: number): ListRecord | undefined => listById.get(id),
    listByName: (name: string): ListRecord | undefined => listByName.get(name),
    lists: (): ListRecord[] => allLists.all(),
    insertList: (name: string, fields: string[], now: string): number => Number(insertList.run(name, JSON.stringify(fields), now, now).lastInsertRowid),
    renameList: (id: number, name: string, now: string): void => void renameList.run(name, now, id),
    setFields: (id: number, fields: string[], now: string): void => void setFields.run(JSON.stringify(fields), now, id),
    touchList: (id: number, now: string): void => void touchList.run(now, id),
    deleteList: (id: number): void => void deleteList.run(id),
    count: (listId: number): number => count.get(listId) ?? 0,
    /** A list's mobiles, a page at a time. */
    mobiles: (listId: number): Generator<string[]> => mobilePages(mobilesAfter, listId),
    has: (listId: number, mobile: string): boolean => hasMobile.get(listId, mobile) !== undefined,
    insertContact: (listId: number, mobile: string, fields: string[]): number => Number(insertContact.run(listId, mobile, JSON.stringify(fields)).lastInsertRowid),
    deleteContact: (listId: number, id: number): number => deleteContact.run(listId, id).changes,
    contact: (id: number): ContactRecord | undefined => contactById.get(id),
    page: (listId: number, offset: number, limit: number): ContactRecord[] => page.all(listId, limit, offset),
    search: (s: ContactSearch, offset: number, limit: number): { rows: ContactRecord[]; total: number } => ({
      rows: searchPage.all({ ...s, limit, offset }),
      total: searchCount.get(s) ?? 0,
    }),
    /**
     * Copies a list's contacts into another in id order, re-ordering fields: `mapping[j]`
     * is the source index of target field j, or null for a field the source lacks.
     * A mobile already in the target is skipped (the first list given wins).
     */
    copyInto(targetId: number, sourceId: number, mapping: (number | null)[], identity: boolean): number {
      // Only integers from `mapping` are spliced in; all values are bound.
      const fields = identity
        ? 'fields'
        : `json_array(${mapping.map((i) => (i === null ? "''" : `coalesce(json_extract(fields, '$[${Math.trunc(i)}]'), '')`)).join(', ')})`;
      return db
        .prepare<[number, number]>(
          `INSERT INTO contacts (list_id, mobile, fields) SELECT ?, mobile, ${fields} FROM contacts WHERE list_id = ? ORDER BY id
           ON CONFLICT (list_id, mobile) DO NOTHING`,
        )
        .run(targetId, sourceId).changes;
    },
  };
}

export type ContactQueries = ReturnType<typeof contactQueries>;
