// Files as users have them: GBK from Chinese Excel, UTF-8 with a BOM, UTF-16 "Unicode
// text", TSV, .xlsx, and the broken ones (binary, empty, header only, unclosed quotes,
// a huge cell). Every file here is written by the test itself.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { fixture, gbk, SHOP_CSV, utf16be, utf16le, utf8Bom, type Fixture } from './fixture';

let f: Fixture;


async function inspectError(path: string): Promise<AppError> {
  try {
    await f.contacts.inspect(path);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}


// Every case runs twice: rows checked in the main thread (small files) and in the
// import's worker thread (big ones), which must give the same result.
describe.each(['main', 'worker'] as const)('checked in the %s thread', (thread) => {
  beforeEach(() => {
    f = fixture({ importThread: thread });
  });
  afterEach(() => f.close());

  describe('encodings', () => {
    it('imports a GBK file without BOM (Chinese Excel) with Chinese headers and values untouched', async () => {
      const path = f.file('门店会员.csv', gbk(SHOP_CSV));
      const insp = await f.contacts.inspect(path);
      expect(insp).toMatchObject({ format: 'csv', encoding: 'gb18030', encodingReason: 'fallback', delimiter: ',', hasHeader: true, headers: ['姓名', '手机', '门店'], mobileColumn: 1 });
      expect(insp.preview[0]).toEqual(['张三', '13800138000', '朝阳店']);
      const report = await f.importInto(path, { newListName: '会员', hasHeader: insp.hasHeader, mobileColumn: 1 });
      expect(report).toMatchObject({ state: 'done', read: 3, imported: 3, invalid: 0, rejected: 0 });
      const list = f.contacts.list(report.listId);
      expect(list).toMatchObject({ name: '会员', fields: ['姓名', '门店'], contacts: 3 });
      expect(f.rows(list.id)).toEqual([
        ['13800138000', '张三', '朝阳店'],
        ['13900139000', '李四', '海淀店'],
        ['15012345678', '王五', '西城店'],
      ]);
    });

    it('imports UTF-8 with a BOM, the BOM not ending up in the first header', async () => {
      const path = f.file('bom.csv', utf8Bom(SHOP_CSV));
      const insp = await f.contacts.inspect(path);
      expect(insp).toMatchObject({ encoding: 'utf-8', encodingReason: 'bom', headers: ['姓名', '手机', '门店'] });
      const report = await f.importInto(path, { newListName: 'bom', hasHeader: true, mobileColumn: 1 });
      expect(f.contacts.list(report.listId).fields).toEqual(['姓名', '门店']);
    });

    it.each([
      ['utf-16le', utf16le],
      ['utf-16be', utf16be],
    ] as const)('imports %s with a BOM (Excel "Unicode text": tab-separated)', async (encoding, encode) => {
      const path = f.file(`unicode-${encoding}.txt`, encode(SHOP_CSV.replace(/,/g, '\t')));
      const insp = await f.contacts.inspect(path);
      expect(insp).toMatchObject({ encoding, encodingReason: 'bom', delimiter: '\t', headers: ['姓名', '手机', '门店'], mobileColumn: 1 });
      const report = await f.importInto(path, { newListName: encoding, hasHeader: true, mobileColumn: 1 });
      expect(report.imported).toBe(3);
      expect(f.rows(report.listId)[2]).toEqual(['15012345678', '王五', '西城店']);
    });

    it('reads TSV, semicolons and pipes', async () => {
      for (const delimiter of ['\t', ';', '|']) {
        const path = f.file('d.txt', Buffer.from(SHOP_CSV.replace(/,/g, delimiter), 'utf8'));
        expect((await f.contacts.inspect(path)).delimiter).toBe(delimiter);
      }
    });

    it('imports a GBK file whose first megabytes are pure ASCII: the Chinese further down comes out right', async () => {
      const ascii = 'name,mobile,city\r\n' + Array.from({ length: 60_000 }, (_, i) => `Customer ${i},1${String(3000000000 + i)},Beijing`).join('\r\n') + '\r\n';
      const path = f.file('late-gbk.csv', Buffer.concat([Buffer.from(ascii), gbk('张三,13999999999,朝阳店\r\n')]));
      expect(Buffer.byteLength(ascii)).toBeGreaterThan(1 << 21);
      const insp = await f.contacts.inspect(path);
      expect(insp.encoding).toBe('utf-8');
      const report = await f.importInto(path, { newListName: 'late', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ state: 'done', imported: 60_001 });
      const found = f.contacts.page(report.listId, { search: '13999999999', offset: 0, limit: 5 });
      expect(found.rows.map((r) => r.fields)).toEqual([['张三', '朝阳店']]);
    });

    it('fails clearly, naming the row, when a UTF-8 file turns invalid after the sample, and leaves no list', async () => {
      const head = '姓名,手机\r\n' + Array.from({ length: 50_000 }, (_, i) => `顾客${i},1${String(3000000000 + i)}`).join('\r\n') + '\r\n';
      const path = f.file('broken-utf8.csv', Buffer.concat([Buffer.from(head, 'utf8'), gbk('张三,13999999999\r\n')]));
      expect(Buffer.byteLength(head)).toBeGreaterThan(1 << 20);
      const report = await f.importInto(path, { newListName: 'broken', hasHeader: true, mobileColumn: 1 });
      expect(report.state).toBe('failed');
      expect(report.error?.zh).toContain('第 50002 行');
      expect(report.error?.en).toContain('not valid UTF-8');
      expect(f.contacts.lists()).toEqual([]);
    });

    it('lets the user override encoding, delimiter and header', async () => {
      const path = f.file('plain.csv', gbk('张三;13800138000\r\n李四;13900139000\r\n'));
      const insp = await f.contacts.inspect(path, { encoding: 'gb18030', delimiter: ';', hasHeader: false });
      expect(insp).toMatchObject({ encoding: 'gb18030', encodingReason: 'user', delimiter: ';', hasHeader: false, headers: ['列1', '列2'], mobileColumn: 1 });
      expect(insp.preview).toEqual([
        ['张三', '13800138000'],
        ['李四', '13900139000'],
      ]);
    });

    it('detects a file without header from its first row being a mobile', async () => {
      const path = f.file('noheader.csv', '13800138000,张三\n13900139000,李四\n');
      expect(await f.contacts.inspect(path)).toMatchObject({ hasHeader: false, headers: ['列1', '列2'], mobileColumn: 0 });
    });
  });

  describe('xlsx', () => {
    it('imports the first worksheet of an .xlsx: numbers whole, dates as YYYY-MM-DD, scientific text refused', async () => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('会员');
      sheet.addRow(['姓名', '手机', '生日', '积分']);
      sheet.addRow(['张三', 13800138000, new Date(Date.UTC(1990, 4, 17)), 1200]);
      sheet.addRow(['李四', '139 0013 9000', new Date(Date.UTC(1985, 11, 1)), 0.5]);
      sheet.addRow(['王五', '1.38E+10', null, 3]);
      sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
      wb.addWorksheet('备注').addRow(['不导入', '18800000000']);
      const path = f.file('members.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));

      const insp = await f.contacts.inspect(path);
      expect(insp).toMatchObject({ format: 'xlsx', encodingReason: 'xlsx', hasHeader: true, headers: ['姓名', '手机', '生日', '积分'], mobileColumn: 1 });
      expect(insp.preview[0]).toEqual(['张三', '13800138000', '1990-05-17', '1200']);

      const report = await f.importInto(path, { newListName: 'xlsx', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ state: 'done', read: 3, imported: 2, invalid: 1 });
      expect(f.rows(report.listId)).toEqual([
        ['13800138000', '张三', '1990-05-17', '1200'],
        ['13900139000', '李四', '1985-12-01', '0.5'],
      ]);
      const csv = f.contacts.rejected(report.importId).csv;
      expect(csv).toContain('4,');
      expect(csv).toContain('科学计数法');
    });

    it('explains that an old .xls cannot be read', async () => {
      const path = f.file('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
      const err = await inspectError(path);
      expect(err.code).toBe('import.xls');
      expect(err.messages.zh).toContain('.xlsx');
    });
  });

  describe('bad files: clear errors, no half-written list', () => {
    it('refuses a binary file', async () => {
      const path = f.file('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
      expect((await inspectError(path)).code).toBe('import.binary');
      const report = await f.importInto(path, { newListName: 'bin', hasHeader: true, mobileColumn: 0 });
      expect(report.state).toBe('failed');
      expect(report.error?.en).toContain('not a text table');
      expect(f.contacts.lists()).toEqual([]);
      expect(f.contacts.rejected(report.importId).csv).toBe('\uFEFF行号 Row,原因,Reason\r\n');
    });

    it('refuses an empty file, and one of blank lines', async () => {
      expect((await inspectError(f.file('empty.csv', ''))).code).toBe('import.empty');
      expect((await inspectError(f.file('blank.csv', utf8Bom('\r\n\r\n  \r\n')))).code).toBe('import.empty');
    });

    it('fails a header-only file, creating no list and leaving an existing one alone', async () => {
      const path = f.file('header.csv', gbk('姓名,手机,门店\r\n'));
      const report = await f.importInto(path, { newListName: 'x', hasHeader: true, mobileColumn: 1 });
      expect(report).toMatchObject({ state: 'failed', read: 0, imported: 0 });
      expect(report.error?.zh).toContain('只有表头');
      expect(f.contacts.lists()).toEqual([]);
    });

    it('stops at a quote that never closes, naming the row, and writes nothing', async () => {
      const existing = f.contacts.createList('老客户');
      f.contacts.addContact(existing.id, '13700137000', []);
      const before = f.contacts.list(existing.id);
      const path = f.file('quote.csv', '手机,备注\r\n13800138000,好\r\n13900139000,"没有闭合\r\n15012345678,后面\r\n');
      const report = await f.importInto(path, { listId: existing.id, hasHeader: true, mobileColumn: 0 });
      expect(report.state).toBe('failed');
      expect(report.error?.zh).toContain('第 3 行的引号没有闭合');
      expect(report.error?.en).toContain('row 3');
      expect(f.contacts.list(existing.id)).toEqual(before);
    });

    it.each([
      ['unquoted', (big: string) => `,${big}`],
      ['quoted, with line breaks inside', (big: string) => `,"${big.slice(0, 5_000_000)}\r\n${big.slice(5_000_000)}"`],
    ])('refuses a row with a 10 MB cell (%s) and imports the rest', async (_name, cell) => {
      const big = 'x'.repeat(10 * 1024 * 1024);
      const path = f.file('huge.csv', `手机,备注\r\n13800138000,a\r\n13900139000${cell(big)}\r\n15012345678,c\r\n`);
      const report = await f.importInto(path, { newListName: 'huge', hasHeader: true, mobileColumn: 0 });
      expect(report).toMatchObject({ state: 'done', read: 3, imported: 2, invalid: 1 });
      expect(f.rows(report.listId).map((r) => r[0])).toEqual(['13800138000', '15012345678']);
      const csv = f.contacts.rejected(report.importId).csv;
      expect(csv.length).toBeLessThan(10_000);
      expect(csv.split('\r\n')[1]).toMatch(/^3,这一行超过 256K 个字符/);
    });

    it('refuses a huge last row without a line end, and fails a huge quoted cell that never closes', async () => {
      const big = 'x'.repeat(1024 * 1024);
      const tail = await f.importInto(f.file('tail.csv', `手机,备注\r\n13800138000,a\r\n13900139000,${big}`), { newListName: 'tail', hasHeader: true, mobileColumn: 0 });
      expect(tail).toMatchObject({ state: 'done', imported: 1, invalid: 1 });
      const open = await f.importInto(f.file('open.csv', `手机,备注\r\n13800138000,a\r\n13900139000,"${big}\r\n15012345678,c\r\n`), { newListName: 'open', hasHeader: true, mobileColumn: 0 });
      expect(open.state).toBe('failed');
      expect(open.error?.zh).toContain('第 3 行的引号没有闭合');
      expect(f.contacts.lists().map((l) => l.name)).toEqual(['tail']);
    });
  });
});
