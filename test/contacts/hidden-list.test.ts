// An import into a new list stages its rows, then writes them into contacts window by
// window under a hidden list (migration 5): no read sees it until the import ends, and a
// failure or a crash leaves nothing behind (a cancel: import-rows.test.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COPY_WINDOW, NewListSink } from '../../src/main/contacts/hidden-list';
import { ContactService } from '../../src/main/contacts/service';
import { CoreEvents } from '../../src/main/core/events';
import { estimateQueries } from '../../src/main/db/estimate';
import { openDatabase } from '../../src/main/db/open';
import { overviewQueries } from '../../src/main/db/overview';
import { fixture, gbk, type Fixture } from './fixture';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

const bigCsv = (n: number) => gbk('姓名,手机\r\n' + Array.from({ length: n }, (_, i) => `顾客${i},1${String(3000000000 + i)}`).join('\r\n') + '\r\n');
const count = (sql: string): number => (f.db.prepare(sql).pluck().get() as number) ?? 0;

describe('a new list while it is imported', () => {
  it('is seen by no read until the import commits, though its rows are already written', async () => {
    // A window is written while the file is read, the rest after: when the rest is
    // told, every row is in contacts and the list still hidden.
    const path = f.file('big.csv', bigCsv(COPY_WINDOW + 15_000));
    const { importId } = f.contacts.startImport(path, { newListName: '隐藏', hasHeader: true, mobileColumn: 1 });
    const during = await new Promise<{ lists: number; overview: number; byName: unknown; rows: number }>((resolve) => {
      const off = f.events.on('import.progress', (p) => {
        if (p.state !== 'running' || !p.written) return;
        off();
        resolve({
          lists: f.contacts.lists().length,
          overview: overviewQueries(f.db).lists().length,
          byName: estimateQueries(f.db).listByName('隐藏') ?? null,
          rows: count('SELECT count(*) FROM contacts'),
        });
      });
    });
    expect(during).toEqual({ lists: 0, overview: 0, byName: null, rows: expect.any(Number) as number });
    expect(during.rows).toBe(COPY_WINDOW + 15_000);
    expect(() => f.contacts.findList('隐藏')).toThrow(/No list/);
    const report = await f.contacts.waitImport(importId);
    expect(report).toMatchObject({ state: 'done', imported: COPY_WINDOW + 15_000 });
    expect(f.contacts.list(report.listId)).toMatchObject({ name: '隐藏', fields: ['姓名'], contacts: COPY_WINDOW + 15_000 });
    expect(f.rows(report.listId)[0]).toEqual(['13000000000', '顾客0']);
  });

  it('fails when the name was taken meanwhile, leaving only the other list', async () => {
    const path = f.file('big.csv', bigCsv(20_000));
    const { importId } = f.contacts.startImport(path, { newListName: '同名', hasHeader: true, mobileColumn: 1 });
    const off = f.events.on('import.progress', (p) => {
      if (p.state !== 'running') return;
      off();
      f.contacts.createList('同名');
    });
    const report = await f.contacts.waitImport(importId);
    expect(report).toMatchObject({ state: 'failed', imported: 0, listId: 0 });
    expect(f.contacts.lists()).toMatchObject([{ name: '同名', contacts: 0 }]);
    expect(count('SELECT count(*) FROM contacts')).toBe(0);
  });

  it('left by a process killed mid-import is gone when the data folder is opened again', async () => {
    const dbFile = join(f.dir, 'qunfa.db');
    const path = f.file('big.csv', bigCsv(2 * COPY_WINDOW + 15_000));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'import-child.ts'), dbFile, f.dir, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Killed while the rows go into the list, some of them written.
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('writing') && resolve()));
    child.kill('SIGKILL');
    await exited;
    // Killed with rows written: a hidden list remains, seen by no read.
    expect(count('SELECT count(*) FROM lists WHERE import_owner IS NOT NULL')).toBe(1);
    expect(count('SELECT count(*) FROM contacts')).toBeGreaterThan(0);
    expect(f.contacts.lists()).toEqual([]);
    // Opening the folder again removes it.
    const db = openDatabase(dbFile);
    try {
      const again = new ContactService(db, { events: new CoreEvents(), dataDir: f.dir });
      expect(again.lists()).toEqual([]);
      expect(db.prepare('SELECT (SELECT count(*) FROM lists) + (SELECT count(*) FROM contacts)').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('the rows of a new list', () => {
  const now = (): string => '2026-12-04T00:00:00.000Z';
  // Numbers in no order, as a real list's (the staging exists because of them).
  const mobile = (i: number): string => `139${String((i * 611_953) % 100_000_000).padStart(8, '0')}`;
  const write = (sink: NewListSink, from: number, to: number): void =>
    f.db.transaction(() => {
      for (let i = from; i < to; i++) sink.add(mobile(i), JSON.stringify([`顾客${i}`]));
      sink.flush();
    })();

  it('go into the hidden list a full window at a time as they come, the rest at fill, in file order', async () => {
    const sink = new NewListSink(f.db, now);
    const n = 2 * COPY_WINDOW + 10;
    write(sink, 0, COPY_WINDOW - 1);
    expect(count('SELECT count(*) FROM contacts')).toBe(0);
    write(sink, COPY_WINDOW - 1, n);
    expect(count('SELECT count(*) FROM contacts')).toBe(2 * COPY_WINDOW);
    expect(f.contacts.lists()).toEqual([]);
    const told: [number, number][] = [];
    await sink.fill(
      () => false,
      (rows, of) => told.push([rows, of]),
    );
    expect(told).toEqual([[n, n]]);
    expect(f.contacts.lists()).toEqual([]);
    expect(f.db.transaction(() => sink.reveal('新会员', ['姓名'], now()))()).toBe(n);
    sink.close();
    const rows = f.db.prepare<[number], [string, string]>('SELECT mobile, fields FROM contacts WHERE list_id = ? ORDER BY id').raw().all(sink.listId);
    expect(rows.length).toBe(n);
    expect(rows.every(([m, fields], i) => m === mobile(i) && fields === JSON.stringify([`顾客${i}`]))).toBe(true);
  });

  it('cannot be revealed with rows missing, when fill was cancelled', async () => {
    const sink = new NewListSink(f.db, now);
    write(sink, 0, COPY_WINDOW + 10);
    await sink.fill(
      () => true,
      () => undefined,
    );
    expect(() => f.db.transaction(() => sink.reveal('新会员', [], now()))()).toThrow(new RegExp(`reveal after ${COPY_WINDOW} of ${COPY_WINDOW + 10}`));
    await sink.remove();
    sink.close();
    expect(count('SELECT (SELECT count(*) FROM lists) + (SELECT count(*) FROM contacts)')).toBe(0);
  });
});
