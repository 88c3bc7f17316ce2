import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersionOf } from '../../src/main/db/migrate';
import { tempDir } from '../helpers/tmp';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
function fresh(): Database.Database {
  const d = tempDir();
  dirs.push(d);
  return new Database(join(d.path, 'qunfa.db'));
}

describe('migration 2: contacts list order', () => {
  it('adds the (list_id, id) index on top of version 1, keeping contacts', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('l', 'x', 'x')").run();
    db.prepare("INSERT INTO contacts (list_id, mobile) VALUES (1, '13800138000')").run();
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(schemaVersionOf(db)).toBe(2);
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'contacts_list_order'").get() as { sql: string };
    expect(index.sql).toContain('contacts (list_id, id)');
    expect(db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 1 });
    db.close();
  });

  it('lets paging and counting walk the index instead of sorting', () => {
    const db = fresh();
    migrate(db, MIGRATIONS.slice(0, 2));
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const paging = plan('SELECT id FROM contacts WHERE list_id = ? ORDER BY id LIMIT 100 OFFSET 900000');
    expect(paging).toContain('contacts_list_order');
    expect(paging).not.toContain('TEMP B-TREE');
    expect(plan('SELECT count(*) FROM contacts WHERE list_id = ?')).toMatch(/COVERING INDEX (contacts_list_order|sqlite_autoindex)/);
    db.close();
  });
});
