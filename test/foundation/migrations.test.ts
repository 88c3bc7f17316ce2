import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersionOf, type Migration } from '../../src/main/db/migrate';
import { openDatabase } from '../../src/main/db/open';
import { AppError } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';

const dirs: { remove: () => void }[] = [];
const fresh = (): string => {
  const d = tempDir();
  dirs.push(d);
  return join(d.path, 'qunfa.db');
};
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migration 1: initial schema', () => {
  it('creates every table of the first schema and records version 1', () => {
    const db = new Database(fresh());
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(schemaVersionOf(db)).toBe(1);
    expect(tables(db)).toEqual(
      ['accounts', 'campaigns', 'contacts', 'lists', 'messages', 'optouts', 'receipts', 'replies', 'settings', 'submissions', 'templates'].sort(),
    );
    db.close();
  });

  it('enforces the journal states and foreign keys', () => {
    const db = openDatabase(fresh());
    db.prepare("INSERT INTO lists (name, created_at, updated_at) VALUES ('l', 'x', 'x')").run();
    expect(() => db.prepare("INSERT INTO contacts (list_id, mobile) VALUES (99, '13800138000')").run()).toThrow(/FOREIGN KEY/);
    db.prepare(
      "INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('a', 'smsadmin', 'http://x', 'u', x'00', 'x')",
    ).run();
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('c', 1, 't', 'marketing', 'x')").run();
    expect(() =>
      db.prepare("INSERT INTO messages (campaign_id, mobile, text, parts, cost_e4, state) VALUES (1, '138', 't', 1, 0, 'sent-twice')").run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});

describe('migrations', () => {
  it('opening twice does not re-run them', () => {
    const file = fresh();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('runs all pending migrations in one transaction: a failure leaves the database as it was', () => {
    const db = new Database(fresh());
    const broken: Migration[] = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', up: 'CREATE TABLE x (a); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersionOf(db)).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer version, with a clear message in both languages, and leaves it untouched', () => {
    const file = fresh();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('db.newer');
    expect(e.messages.zh).toContain('升级');
    expect(e.messages.en).toContain('newer Qunfa');
    const after = new Database(file);
    expect(schemaVersionOf(after)).toBe(SCHEMA_VERSION + 5);
    expect(tables(after)).toEqual(['future']);
    after.close();
  });

  it('opens in WAL mode with foreign keys on', () => {
    const db = openDatabase(fresh());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
