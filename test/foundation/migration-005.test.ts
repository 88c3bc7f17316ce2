// Migration 5: the owner columns that hide a new list while an import fills it.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/db/migrate';
import { databaseBefore } from '../helpers/migrations';

describe('migration 5: hidden lists', () => {
  it('adds import_owner and import_until to lists, existing lists staying visible', () => {
    const db = databaseBefore(5);
    db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('l', 'x', 'x')").run();
    migrate(db);
    const columns = (db.prepare('PRAGMA table_info(lists)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['import_owner', 'import_until']));
    expect(db.prepare('SELECT name FROM lists WHERE import_owner IS NULL').pluck().all()).toEqual(['l']);
  });
});
