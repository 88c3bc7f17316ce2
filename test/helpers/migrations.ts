// A database written by an earlier Qunfa, for the tests of a migration: a fresh file
// migrated up to just before the given version (foreign keys on, as openDatabase has
// them), closed and removed when the test ends.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/main/db/migrate';
import { tempDir } from './tmp';

export function databaseBefore(version: number): Database.Database {
  const dir = tempDir();
  const db = new Database(join(dir.path, 'q.db'));
  onTestFinished(() => {
    db.close();
    dir.remove();
  });
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.filter((m) => m.version < version));
  return db;
}
