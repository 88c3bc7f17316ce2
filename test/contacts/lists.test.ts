// Lists, contacts and the opt-out list through the service, on a real database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { fixture, gbk, type Fixture } from './fixture';
import { seedList } from '../helpers/lists';

let f: Fixture;
beforeEach(() => {
  f = fixture();
});
afterEach(() => f.close());

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('lists', () => {
  it('creates, renames and deletes, refusing duplicate and empty names', () => {
    const changed = f.seen('data.changed');
    const a = f.contacts.createList(' 会员 ');
    expect(a).toMatchObject({ name: '会员', fields: [], contacts: 0 });
    expect(appError(() => f.contacts.createList('会员')).code).toBe('lists.duplicate');
    expect(appError(() => f.contacts.createList('  ')).code).toBe('lists.name');
    const b = f.contacts.createList('老客户');
    expect(appError(() => f.contacts.renameList(b.id, '会员')).messages.zh).toContain('已有名为“会员”的列表');
    expect(f.contacts.renameList(a.id, 'VIP 会员').name).toBe('VIP 会员');
    f.contacts.addContact(a.id, '13800138000', []);
    f.contacts.deleteList(a.id);
    expect(f.contacts.lists().map((l) => l.name)).toEqual(['老客户']);
    expect(f.db.prepare('SELECT count(*) AS n FROM contacts').get()).toEqual({ n: 0 });
    expect(appError(() => f.contacts.deleteList(a.id)).code).toBe('lists.not_found');
    expect(changed.map((c) => c.what)).toContain('lists');
  });

  it('finds a list by name or id (the CLI way)', () => {
    const a = f.contacts.createList('2024');
    const b = f.contacts.createList('门店');
    expect(f.contacts.findList('门店').id).toBe(b.id);
    expect(f.contacts.findList('2024').id).toBe(a.id);
    expect(f.contacts.findList(String(b.id)).id).toBe(b.id);
    expect(appError(() => f.contacts.findList('无此名单')).messages.en).toBe('No list "无此名单".');
  });

  it('merges lists: union deduplicated by mobile, fields united by name and values aligned', () => {
    const a = seedList(f.db, '一店', ['姓名', '门店'], [
      ['13800000001', '甲', '一店'],
      ['13800000002', '乙', '一店'],
    ]);
    const b = seedList(f.db, '二店', ['门店', '生日', '姓名'], [
      ['13800000002', '二店', '05-01', '乙乙'],
      ['13800000003', '二店', '06-01', '丙'],
    ]);
    const merged = f.contacts.mergeLists([a, b], '全部');
    expect(merged).toMatchObject({ name: '全部', fields: ['姓名', '门店', '生日'], contacts: 3 });
    const rows = f.contacts.page(merged.id, { offset: 0, limit: 10 }).rows.map((r) => [r.mobile, ...r.fields]);
    expect(rows).toEqual([
      ['13800000001', '甲', '一店', ''],
      ['13800000002', '乙', '一店', ''],
      ['13800000003', '丙', '二店', '06-01'],
    ]);
    // The sources are untouched.
    expect(f.contacts.list(a).contacts).toBe(2);
    expect(appError(() => f.contacts.mergeLists([a, a], 'x')).code).toBe('lists.merge_sources');
    expect(appError(() => f.contacts.mergeLists([a, 999], 'x')).code).toBe('lists.not_found');
    expect(appError(() => f.contacts.mergeLists([a, b], '一店')).code).toBe('lists.duplicate');
  });
});

describe('contacts', () => {
  it('adds a contact normalised, refusing invalid numbers, duplicates and too many values', () => {
    const id = seedList(f.db, '会员', ['姓名', '门店'], []);
    const row = f.contacts.addContact(id, '+86 138-0013-8000', ['张三']);
    expect(row).toMatchObject({ mobile: '13800138000', fields: ['张三', ''], optedOut: false });
    const dup = appError(() => f.contacts.addContact(id, '13800138000', []));
    expect(dup.code).toBe('contacts.duplicate');
    expect(dup.messages.zh).toContain('已有 13800138000');
    const sci = appError(() => f.contacts.addContact(id, '1.38E+10', []));
    expect(sci.code).toBe('contacts.invalid_mobile');
    expect(sci.messages.zh).toContain('科学计数法');
    expect(appError(() => f.contacts.addContact(id, '13900139000', ['a', 'b', 'c'])).code).toBe('contacts.fields');
    expect(f.contacts.list(id).contacts).toBe(1);
  });

  it('removes contacts of that list only', () => {
    const a = seedList(f.db, 'a', [], [['13800000001'], ['13800000002']]);
    const b = seedList(f.db, 'b', [], [['13800000001']]);
    const ids = f.contacts.page(a, { offset: 0, limit: 10 }).rows.map((r) => r.id);
    const other = f.contacts.page(b, { offset: 0, limit: 10 }).rows[0].id;
    expect(f.contacts.removeContacts(a, [ids[0], other])).toBe(1);
    expect(f.contacts.list(a).contacts).toBe(1);
    expect(f.contacts.list(b).contacts).toBe(1);
  });

  it('pages in import order and searches by mobile substring or any field text', () => {
    const id = seedList(f.db, '会员', ['姓名', '备注'], [
      ...Array.from({ length: 250 }, (_, i) => [`138${String(i).padStart(8, '0')}`, `顾客${i}`, i % 2 ? '朝阳' : '海淀']),
      ['13912345678', '张三', '50%折扣 "VIP"'],
    ]);
    const page = f.contacts.page(id, { offset: 100, limit: 50 });
    expect(page.total).toBe(251);
    expect(page.rows).toHaveLength(50);
    expect(page.rows[0].mobile).toBe('13800000100');
    expect(f.contacts.page(id, { offset: 250, limit: 50 }).rows.map((r) => r.mobile)).toEqual(['13912345678']);

    expect(f.contacts.page(id, { search: '1234', offset: 0, limit: 10 }).rows.map((r) => r.mobile)).toEqual(['13912345678']);
    expect(f.contacts.page(id, { search: '139 1234', offset: 0, limit: 10 }).total).toBe(1);
    expect(f.contacts.page(id, { search: '朝阳', offset: 0, limit: 10 }).total).toBe(125);
    expect(f.contacts.page(id, { search: '顾客24', offset: 0, limit: 100 }).total).toBe(11);
    // LIKE wildcards and JSON quoting are searched as text.
    expect(f.contacts.page(id, { search: '50%', offset: 0, limit: 10 }).total).toBe(1);
    expect(f.contacts.page(id, { search: '%', offset: 0, limit: 10 }).total).toBe(1);
    expect(f.contacts.page(id, { search: '"VIP"', offset: 0, limit: 10 }).total).toBe(1);
    // Text between two values is no match.
    expect(f.contacts.page(id, { search: '","', offset: 0, limit: 10 }).total).toBe(0);
  });
});

describe('opt-outs', () => {
  it('adds normalised numbers, reports invalid ones, removes, pages and searches', () => {
    const changed = f.seen('data.changed');
    const r = f.contacts.addOptouts(['+86 138 0013 8000', '13900139000', 'abc', '13900139000'], '回复 TD');
    expect(r).toEqual({ added: 2, invalid: ['abc'] });
    expect(f.contacts.isOptedOut('138-0013-8000')).toBe(true);
    expect(f.contacts.isOptedOut('13700137000')).toBe(false);
    const page = f.contacts.optoutsPage({ offset: 0, limit: 10 });
    expect(page.total).toBe(2);
    expect(page.rows.find((o) => o.mobile === '13800138000')).toMatchObject({ source: 'manual', note: '回复 TD' });
    expect(f.contacts.optoutsPage({ search: '3800', offset: 0, limit: 10 }).rows.map((o) => o.mobile)).toEqual(['13800138000']);
    expect(f.contacts.addOptouts(['13700137000'], undefined, 'reply').added).toBe(1);
    expect(f.contacts.optoutsPage({ search: '13700137000', offset: 0, limit: 10 }).rows[0].source).toBe('reply');
    expect(f.contacts.removeOptouts(['+8613800138000', '18600000000'])).toEqual({ removed: 1 });
    expect(f.contacts.isOptedOut('13800138000')).toBe(false);
    expect(changed.map((c) => c.what)).toContain('optouts');
  });

  it('imports opt-outs from a file, finding the mobile column, skipping those already there', async () => {
    f.contacts.addOptouts(['13900139000']);
    const path = f.file('退订.csv', gbk('日期,号码,内容\r\n2024-05-01,13800138000,TD\r\n2024-05-02,13900139000,退订\r\n2024-05-03,not-a-number,R\r\n2024-05-04,15012345678,td\r\n'));
    const { importId } = f.contacts.importOptouts(path);
    const report = await f.contacts.waitImport(importId);
    expect(report).toMatchObject({ state: 'done', read: 4, imported: 2, duplicateInList: 1, invalid: 1 });
    expect(f.contacts.optoutsPage({ offset: 0, limit: 10 }).total).toBe(3);
    expect(f.contacts.optoutsPage({ search: '15012345678', offset: 0, limit: 1 }).rows[0]).toMatchObject({ source: 'import', note: '退订.csv' });
  });
});
