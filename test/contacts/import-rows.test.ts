// What the importer does with each row: messy numbers, ragged rows, duplicates in the
// file and in the list, opt-outs, the rejected-rows CSV; cancelling; importing into a
// list that already has fields.
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COPY_WINDOW } from '../../src/main/contacts/hidden-list';
import { ContactService } from '../../src/main/contacts/service';
import { fixture, gbk, SHOP_CSV, type Fixture } from './fixture';

let f: Fixture;

/** The rejected CSV as rows of cells, read back as Excel would. */
const rejectedRows = (importId: string) => Papa.parse<string[]>(f.contacts.rejected(importId).csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

// Every case runs twice: rows checked in the main thread (small files) and in the
// import's worker thread (big ones), which must give the same result.
describe.each(['main', 'worker'] as const)('checked in the %s thread', (thread) => {
  beforeEach(() => {
    f = fixture({ importThread: thread });
  });
  afterEach(() => f.close());

  describe('rows', () => {
    it('normalises messy numbers and rejects the unusable ones with a reason and the row as read', async () => {
      const csv = [
        '姓名,手机,门店',
        '甲,+86 138-0013-8000,一店',
        '乙,１３９００１３９０００,二店',
        '丙,13700137000.0,三店',
        '丁,1.38E+10,四店',
        '戊,,五店',
        '己,010-12345678,六店',
        '庚,0086 150 1234 5678,七店',
      ].join('\r\n');
      const report = await f.importInto(f.file('messy.csv', gbk(csv)), { newListName: 'messy', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ state: 'done', read: 7, imported: 4, invalid: 3, rejected: 3 });
      expect(f.rows(report.listId).map((r) => r[0])).toEqual(['13800138000', '13900139000', '13700137000', '15012345678']);

      const csvText = f.contacts.rejected(report.importId).csv;
      expect(csvText.startsWith('\uFEFF行号 Row,原因,Reason,姓名,手机,门店\r\n')).toBe(true);
      const rejected = rejectedRows(report.importId).slice(1);
      // Row numbers as in the file, the header being row 1.
      expect(rejected.map((r) => r[0])).toEqual(['5', '6', '7']);
      expect(rejected[0][1]).toContain('科学计数法');
      expect(rejected[0][2]).toContain('scientific notation');
      expect(rejected[0].slice(-3)).toEqual(['丁', '1.38E+10', '四店']);
      expect(rejected[1][1]).toBe('手机号为空。');
      expect(rejected[2][2]).toContain('not a mainland China mobile');
    });

    it('keeps rows with fewer cells (fields left empty, counted) and rejects rows with extra values', async () => {
      const csv = '姓名,手机,门店\n甲,13800138000\n乙,13900139000,二店,多出来\n丙,13700137000,三店,,\n';
      const report = await f.importInto(f.file('ragged.csv', csv), { newListName: 'ragged', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ imported: 2, invalid: 1, shortRows: 1 });
      expect(f.rows(report.listId)).toEqual([
        ['13800138000', '甲', ''],
        ['13700137000', '丙', '三店'],
      ]);
      const [, rejected] = rejectedRows(report.importId);
      expect(rejected[0]).toBe('3');
      expect(rejected[1]).toContain('4 个单元格');
      expect(rejected[2]).toContain('more than the 3 columns');
    });

    it('rejects a field over 1000 characters', async () => {
      const report = await f.importInto(f.file('long.csv', `手机,备注\n13800138000,${'长'.repeat(1001)}\n13900139000,短\n`), { newListName: 'l', hasHeader: true, mobileColumn: 0 });
      expect(report).toMatchObject({ imported: 1, invalid: 1 });
      expect(rejectedRows(report.importId)[1][2]).toContain('value is longer than 1000 characters');
    });

    it('skips blank lines without losing count of row numbers', async () => {
      const report = await f.importInto(f.file('blank.csv', '手机\n\n13800138000\n\n\nabc\n'), { newListName: 'b', hasHeader: true, mobileColumn: 0 });
      expect(report).toMatchObject({ read: 2, imported: 1, invalid: 1 });
      expect(rejectedRows(report.importId)[1][0]).toBe('6');
    });

    it('rejects repeats inside the file naming the first row, and numbers already in the list', async () => {
      const first = await f.importInto(f.file('first.csv', '手机,姓名\n15012345678,丙\n'), { newListName: '会员', hasHeader: true, mobileColumn: 0 });
      const list = f.contacts.list(first.listId);
      const csv = '手机,姓名\n13800138000,甲\n138-0013-8000,甲2\n15012345678,丙\n13900139000,丁\n';
      const report = await f.importInto(f.file('dups.csv', csv), { listId: list.id, hasHeader: true, mobileColumn: 0 });
      expect(report).toMatchObject({ state: 'done', read: 4, imported: 2, duplicateInFile: 1, duplicateInList: 1, rejected: 2 });
      const rejected = rejectedRows(report.importId).slice(1);
      expect(rejected[0].slice(0, 3)).toEqual(['3', '与第 2 行的号码重复。', 'Same mobile as row 2.']);
      expect(rejected[1].slice(0, 3)).toEqual(['4', '列表中已有这个号码。', 'This mobile is already in the list.']);

      // The same file again: everything is already there.
      const again = await f.importInto(f.file('dups.csv', csv), { listId: list.id, hasHeader: true, mobileColumn: 0 });
      // A repeat that is in the list is counted as in the list.
      expect(again).toMatchObject({ imported: 0, duplicateInList: 4, duplicateInFile: 0 });
      expect(f.contacts.list(list.id).contacts).toBe(3);
    });

    it('flags imported rows on the opt-out list', async () => {
      f.contacts.addOptouts(['13900139000'], '回复TD');
      const report = await f.importInto(f.file('shop.csv', gbk(SHOP_CSV)), { newListName: 'flag', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ imported: 3, optedOut: 1 });
      const page = f.contacts.page(report.listId, { offset: 0, limit: 10 });
      expect(page.rows.map((r) => [r.mobile, r.optedOut])).toEqual([
        ['13800138000', false],
        ['13900139000', true],
        ['15012345678', false],
      ]);
    });

    it('keeps the columns asked for, in the order asked', async () => {
      const report = await f.importInto(f.file('shop.csv', gbk(SHOP_CSV)), { newListName: 'pick', hasHeader: true, mobileColumn: 1, fieldColumns: [2, 0] });
      expect(f.contacts.list(report.listId).fields).toEqual(['门店', '姓名']);
      expect(f.rows(report.listId)[0]).toEqual(['13800138000', '朝阳店', '张三']);
    });

    it('refuses a mobile column the file does not have', async () => {
      const report = await f.importInto(f.file('shop.csv', gbk(SHOP_CSV)), { newListName: 'x', hasHeader: true, mobileColumn: 7 });
      expect(report.state).toBe('failed');
      expect(report.error?.zh).toContain('第 8 列');
      expect(f.contacts.lists()).toEqual([]);
    });
  });

  describe('into a list that has fields', () => {
    it('maps columns by header name, whatever their order in the file', async () => {
      const first = await f.importInto(f.file('a.csv', gbk(SHOP_CSV)), { newListName: '会员', hasHeader: true, mobileColumn: 1 });
      const reordered = '门店,手机,姓名\r\n东城店,18600000000,赵六\r\n';
      const second = await f.importInto(f.file('b.csv', gbk(reordered)), { listId: first.listId, hasHeader: true, mobileColumn: 1 });
      expect(second).toMatchObject({ state: 'done', imported: 1 });
      expect(f.rows(first.listId)[3]).toEqual(['18600000000', '赵六', '东城店']);
    });

    it('fails with the difference named when the columns do not match, leaving the list as it was', async () => {
      const first = await f.importInto(f.file('a.csv', gbk(SHOP_CSV)), { newListName: '会员', hasHeader: true, mobileColumn: 1 });
      const before = f.contacts.list(first.listId);
      const other = '姓名,手机,城市\r\n赵六,18600000000,北京\r\n';
      const report = await f.importInto(f.file('b.csv', gbk(other)), { listId: first.listId, hasHeader: true, mobileColumn: 1 });
      expect(report.state).toBe('failed');
      expect(report.error?.zh).toContain('缺少：门店');
      expect(report.error?.zh).toContain('多出：城市');
      expect(report.error?.en).toContain('missing: 门店; extra: 城市');
      expect(f.contacts.list(first.listId)).toEqual(before);
    });

    it('gives an empty list the file columns as its fields', async () => {
      const list = f.contacts.createList('空名单');
      const report = await f.importInto(f.file('a.csv', gbk(SHOP_CSV)), { listId: list.id, hasHeader: true, mobileColumn: 1 });
      expect(report.listId).toBe(list.id);
      expect(f.contacts.list(list.id)).toMatchObject({ fields: ['姓名', '门店'], contacts: 3 });
    });
  });

  describe('progress and cancel', () => {
    /** A CSV big enough to take several chunks. */
    const bigCsv = (n: number) => gbk('姓名,手机\r\n' + Array.from({ length: n }, (_, i) => `顾客${i},1${String(3000000000 + i)}`).join('\r\n') + '\r\n');

    it('reports progress with bytes read, then rows written, at most ten times a second each, then the end', async () => {
      const progress = f.seen('import.progress');
      const at: number[] = [];
      const writing: number[] = [];
      f.events.on('import.progress', (p) => p.state === 'running' && (p.written ? writing : at).push(Date.now()));
      const path = f.file('big.csv', bigCsv(60_000));
      const report = await f.importInto(path, { newListName: 'big', hasHeader: true, mobileColumn: 1 });
      expect(report.imported).toBe(60_000);
      const running = progress.filter((p) => p.state === 'running');
      expect(running.length).toBeGreaterThan(0);
      expect(running[0]).toMatchObject({ importId: report.importId, totalBytes: bigCsv(60_000).length });
      expect(running.every((p) => p.bytesRead <= p.totalBytes && p.rowsRead > 0)).toBe(true);
      // The service spaces them 100 ms apart by its own clock; the listener sees them a
      // little later each (a GC pause, other listeners), so allow a few ms of jitter.
      for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(90);
      expect((at.length - 1) * 100).toBeLessThanOrEqual(at[at.length - 1] - at[0] + 10);
      // Full windows went into the new list while the file was read; the rest is written
      // after, told at once (the rest of a bigger file spaced as the reading).
      expect(60_000 % COPY_WINDOW).toBeGreaterThan(0);
      const written = running.filter((p) => p.written);
      expect(written[0]).toMatchObject({ rowsRead: 60_000, written: { rows: 60_000, of: 60_000 } });
      expect(running.slice(running.indexOf(written[0])).every((p) => p.written)).toBe(true);
      for (let i = 1; i < writing.length; i++) expect(writing[i] - writing[i - 1]).toBeGreaterThanOrEqual(90);
      expect(progress[progress.length - 1]).toMatchObject({ importId: report.importId, state: 'done', rowsRead: 60_000 });
    });

    it('cancelled mid-import leaves an existing list exactly as it was', async () => {
      const list = f.contacts.createList('会员');
      f.contacts.addContact(list.id, '18600000000', []);
      const before = { view: f.contacts.list(list.id), rows: f.rows(list.id) };
      const path = f.file('big.csv', bigCsv(40_000));
      const progress = f.seen('import.progress');
      // Cancel on the first progress event: the import is then surely still reading.
      // The list has no fields: keep only the mobile column.
      const { importId } = f.contacts.startImport(path, { listId: list.id, hasHeader: true, mobileColumn: 1, fieldColumns: [] });
      f.events.on('import.progress', (p) => {
        if (p.importId === importId && p.state === 'running') f.contacts.cancelImport(importId);
      });
      const report = await f.contacts.waitImport(importId);
      expect(report.state).toBe('cancelled');
      expect(report.read).toBeLessThan(40_000);
      expect(report.imported).toBe(0);
      expect(f.contacts.list(list.id)).toEqual(before.view);
      expect(f.rows(list.id)).toEqual(before.rows);
      expect(progress[progress.length - 1].state).toBe('cancelled');
    });

    it('cancelled mid-import into a new list leaves no list', async () => {
      const path = f.file('big.csv', bigCsv(40_000));
      const { importId } = f.contacts.startImport(path, { newListName: '新名单', hasHeader: true, mobileColumn: 1 });
      f.events.on('import.progress', (p) => {
        if (p.state === 'running') f.contacts.cancelImport(importId);
      });
      expect((await f.contacts.waitImport(importId)).state).toBe('cancelled');
      expect(f.contacts.lists()).toEqual([]);
      // The rows already written into the hidden new list are deleted too.
      expect(f.db.prepare('SELECT (SELECT count(*) FROM lists) + (SELECT count(*) FROM contacts) AS n').get()).toEqual({ n: 0 });
      expect(f.db.prepare("SELECT count(*) AS n FROM temp.sqlite_master WHERE name LIKE 'import_staging%'").get()).toEqual({ n: 0 });
    });

    it('serves other calls while an import runs', async () => {
      const path = f.file('big.csv', bigCsv(40_000));
      const list = f.contacts.createList('其他');
      const { importId } = f.contacts.startImport(path, { newListName: 'bg', hasHeader: true, mobileColumn: 1 });
      // Between chunks, while the import is still running, the service answers and writes.
      const served = await new Promise<number>((resolve) => {
        const off = f.events.on('import.progress', (p) => {
          if (p.state !== 'running') return;
          off();
          expect(f.contacts.report(importId)).toBeNull();
          resolve(f.contacts.addContact(list.id, '18600000000', []).id);
        });
      });
      const report = await f.contacts.waitImport(importId);
      expect(served).toBeGreaterThan(0);
      expect(report).toMatchObject({ state: 'done', imported: 40_000 });
      expect(f.contacts.list(list.id).contacts).toBe(1);
    });

    it('keeps the report and rejected rows on disk for another process to read', async () => {
      const report = await f.importInto(f.file('x.csv', '手机\nabc\n13800138000\n'), { newListName: '磁盘', hasHeader: true, mobileColumn: 0 });
      const other = new ContactService(f.db, { events: f.events, dataDir: f.dir });
      expect(other.report(report.importId)).toEqual(report);
      expect(await other.waitImport(report.importId)).toEqual(report);
      expect(other.rejected(report.importId)).toMatchObject({ filename: expect.stringContaining('磁盘') as string, csv: expect.stringContaining('2,') as string });
      expect(() => other.rejected('nonexistent-id')).toThrow(/No import/);
      expect(() => other.report('../../etc')).toThrow(/No import/);
    });
  });
});
