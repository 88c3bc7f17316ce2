// Saved templates (create, rename, replace, delete, refusals) and the preview of each
// recipient's exact text, on a real database in a temp folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { placeholderTypos } from '../../src/shared/template-syntax';
import { startChuangruiGateway, type ChuangruiGateway } from '../gateways/chuangrui';
import { seedList } from '../helpers/lists';
import { bench, type Bench } from './setup';

/** The AppError a call throws (the test fails if it throws nothing or something else). */
function caught(fn: () => unknown): AppError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(AppError);
  return thrown as AppError;
}

describe('TemplateService', () => {
  let b: Bench;
  beforeAll(() => {
    b = bench();
  });
  afterAll(async () => {
    await b.core.remove();
  });

  it('saves, lists (latest first), finds by id or name, replaces and deletes', () => {
    const a = b.templates.save({ name: '会员日', body: '<姓名>您好，会员日八折。', emptyPolicy: { kind: 'refuse' } });
    expect(a).toMatchObject({ name: '会员日', body: '<姓名>您好，会员日八折。', emptyPolicy: 'refuse', emptyDefault: null });
    b.clock.now = new Date(b.clock.now.getTime() + 1000);
    const c = b.templates.save({ name: '取件', body: '您的快递到了，取件码<code>。', emptyPolicy: { kind: 'default', text: '无' } });
    expect(c).toMatchObject({ emptyPolicy: 'default', emptyDefault: '无' });
    expect(b.templates.list().map((t) => t.name)).toEqual(['取件', '会员日']);
    expect(b.templates.find('会员日').id).toBe(a.id);
    expect(b.templates.find(c.id).name).toBe('取件');

    b.clock.now = new Date(b.clock.now.getTime() + 1000);
    const renamed = b.templates.save({ id: a.id, name: '会员日2', body: '<姓名>您好。', emptyPolicy: { kind: 'allow' } });
    expect(renamed).toMatchObject({ id: a.id, name: '会员日2', body: '<姓名>您好。', emptyPolicy: 'allow', updatedAt: b.clock.now.toISOString() });
    expect(b.templates.list().map((t) => t.name)).toEqual(['会员日2', '取件']);

    b.templates.delete(a.id);
    expect(b.templates.list().map((t) => t.name)).toEqual(['取件']);
    expect(caught(() => b.templates.delete(a.id)).code).toBe('templates.not_found');
    expect(caught(() => b.templates.find('会员日2')).messages.zh).toContain('会员日2');
  });

  it('refuses a second template with the same name, in Chinese and English', () => {
    b.templates.save({ name: '重名', body: '一', emptyPolicy: { kind: 'refuse' } });
    const err = caught(() => b.templates.save({ name: ' 重名 ', body: '二', emptyPolicy: { kind: 'refuse' } }));
    expect(err.code).toBe('templates.duplicate');
    expect(err.messages.zh).toContain('重名');
    expect(err.messages.en).toContain('重名');
    expect(err.detail).toEqual({ field: 'name' });
  });

  it('refuses malformed placeholders, naming each', () => {
    const err = caught(() => b.templates.save({ name: '错', body: '＜姓名＞您好，<门 店>欢迎，<code', emptyPolicy: { kind: 'refuse' } }));
    expect(err.code).toBe('template.bad_placeholder');
    expect(err.detail?.fragments).toEqual(['＜姓名＞', '<门 店>', '<code']);
    expect(err.messages.zh).toContain('半角');
    expect(err.messages.en).toContain('half-width');
  });

  it('refuses an update of a template that does not exist', () => {
    expect(caught(() => b.templates.save({ id: 9999, name: '无', body: '一', emptyPolicy: { kind: 'refuse' } })).code).toBe('templates.not_found');
  });
});

describe('placeholderTypos', () => {
  it('accepts well-formed placeholders, book titles and price comparisons', () => {
    expect(placeholderTypos('<姓名>您好，<value0>，《会员手册》，满100<200元，<a-b_c>')).toEqual([]);
  });

  it('flags full-width brackets, non-names, empty and unclosed placeholders', () => {
    expect(placeholderTypos('＜姓名＞').map((t) => t.fragment)).toEqual(['＜姓名＞']);
    expect(placeholderTypos('<>、<a.b>').map((t) => t.fragment)).toEqual(['<>', '<a.b>']);
    expect(placeholderTypos(`<${'长'.repeat(41)}>`)).toHaveLength(1);
    expect(placeholderTypos('<姓名您好\n明天见').map((t) => t.fragment)).toEqual(['<姓名您好']);
  });
});

describe('preview', () => {
  let b: Bench;
  let gw: ChuangruiGateway;
  let listId: number;

  beforeAll(async () => {
    gw = await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: 1000 });
    b = bench();
    listId = seedList(b.core.db, '会员', ['姓名', 'code'], [
      ['13800000001', '张三', '1111'],
      ['13800000002', '', '2222'],
      ['13800000003', '王五', ''],
      ['13800000004', '赵六', '4'.repeat(70)],
    ]);
  });
  afterAll(async () => {
    await b.core.remove();
    await gw.close();
  });

  const body = '<姓名>您好，码<code>';

  it('shows each recipient the text as written, without an account', () => {
    const page = b.estimates.preview({ listId, body, emptyPolicy: { kind: 'refuse' }, offset: 0, limit: 10 });
    expect(page.total).toBe(4);
    expect(page.rows[0]).toMatchObject({ mobile: '13800000001', text: '张三您好，码1111', length: 10, parts: 1, empty: [] });
    expect(page.rows[1]).toMatchObject({ text: '您好，码2222', empty: ['姓名'] });
    expect(page.rows[2]).toMatchObject({ text: '王五您好，码', empty: ['code'] });
    expect(page.rows[3]).toMatchObject({ length: 76, parts: 2 });
    expect(page.rows.map((r) => r.contactId)).toEqual([...page.rows.map((r) => r.contactId)].sort((x, y) => x - y));
  });

  it("applies the account's signature placement: 创瑞 puts 【sign】 in front", () => {
    const accountId = b.addAccount({ name: '创瑞', provider: 'chuangrui', baseUrl: gw.url, username: 'shop', password: 'pw', signature: '创瑞店' });
    const page = b.estimates.preview({ listId, body, emptyPolicy: { kind: 'default', text: '顾客' }, accountId, offset: 1, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.text)).toEqual(['【创瑞店】顾客您好，码2222', '【创瑞店】王五您好，码顾客']);
    expect(page.rows.map((r) => r.empty)).toEqual([[], []]);
    expect(page.rows[0].length).toBe(15);
  });

  it('names every unknown placeholder', () => {
    const err = caught(() => b.estimates.preview({ listId, body: '<姓名><电话>和<地址><电话>', emptyPolicy: { kind: 'allow' }, offset: 0, limit: 10 }));
    expect(err.code).toBe('template.unknown_placeholder');
    expect(err.detail).toEqual({ placeholders: ['电话', '地址'] });
    expect(err.messages.zh).toContain('<电话>、<地址>');
    expect(err.messages.en).toContain('<电话>, <地址>');
  });

  it('refuses an unknown list', () => {
    expect(caught(() => b.estimates.preview({ listId: 999, body, emptyPolicy: { kind: 'allow' }, offset: 0, limit: 10 })).code).toBe('lists.not_found');
  });
});
