// While a long run of small commits holds them (a new list being imported), automatic
// WAL checkpoints wait and the page cache is halved; the last release restores both and
// writes the WAL back once.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdCheckpoints } from '../../src/main/db/checkpoints';
import { CACHE_KIB, openDatabase, type Db } from '../../src/main/db/open';
import { tempDir } from '../helpers/tmp';

const dir = tempDir('qunfa-checkpoints-');
let db: Db;
afterEach(() => {
  db.close();
  dir.remove();
});

const settings = (): { autocheckpoint: unknown; cacheKib: number } => ({
  autocheckpoint: db.pragma('wal_autocheckpoint', { simple: true }),
  cacheKib: -Number(db.pragma('cache_size', { simple: true })),
});

describe('holdCheckpoints', () => {
  it('holds checkpoints and half the cache until the last holder lets go, then writes the WAL back', () => {
    db = openDatabase(join(dir.path, 'q.db'));
    expect(settings()).toEqual({ autocheckpoint: 1000, cacheKib: CACHE_KIB });
    const first = holdCheckpoints(db);
    const second = holdCheckpoints(db);
    expect(settings()).toEqual({ autocheckpoint: 0, cacheKib: CACHE_KIB / 2 });
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    // Well past the 1000 pages after which SQLite would checkpoint by itself.
    for (let i = 0; i < 100; i++) db.transaction(() => { for (let j = 0; j < 100; j++) insert.run('x'.repeat(400)); })();
    first();
    first();
    expect(settings()).toEqual({ autocheckpoint: 0, cacheKib: CACHE_KIB / 2 });
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(log).toBeGreaterThan(1000);
    expect(checkpointed).toBe(0);
    second();
    expect(settings()).toEqual({ autocheckpoint: 1000, cacheKib: CACHE_KIB });
    const [after] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(after.checkpointed).toBe(after.log);
  });
});
