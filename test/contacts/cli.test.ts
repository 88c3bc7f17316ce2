// qunfa contacts / lists / optouts, called as the CLI's main would call them, on a real
// data folder. (Spawning bin/qunfa.cjs works once main.ts registers the commands.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contacts, lists, optouts } from '../../src/main/cli/commands/contacts';
import type { Io } from '../../src/main/cli/io';
import { UsageError } from '../../src/main/cli/io';
import { AppError } from '../../src/shared/errors';
import { tempDir } from '../helpers/tmp';
import { gbk, SHOP_CSV } from './fixture';

interface Captured extends Io {
  results: unknown[];
  human: string[];
  notes: string[];
}

/** An Io that keeps what a command prints: the result, its human text, the notes. */
function captureIo(json: boolean): Captured {
  const io: Captured = {
    json,
    results: [],
    human: [],
    notes: [],
    result(data, human) {
      io.results.push(data);
      if (human) io.human.push(human(data as never));
    },
    note(text) {
      if (!json) io.notes.push(text);
    },
  };
  return io;
}

let dir: { path: string; remove: () => void };
beforeEach(() => {
  dir = tempDir('qunfa-cli-contacts-');
});
afterEach(() => dir.remove());

const D = (): string[] => ['--data-dir', dir.path];
function file(name: string, content: string | Buffer): string {
  const path = join(dir.path, name);
  writeFileSync(path, content);
  return path;
}

describe('qunfa contacts import', () => {
  it('imports a GBK CSV into a new list, detecting everything, and prints the report', async () => {
    const io = captureIo(false);
    const code = await contacts(['import', file('会员.csv', gbk(SHOP_CSV + '赵六,1.38E+10,东城店\r\n')), '--list', '会员', ...D()], io);
    expect(code).toBe(0);
    expect(io.results[0]).toMatchObject({ state: 'done', listName: '会员', read: 4, imported: 3, invalid: 1 });
    expect(io.notes[0]).toContain('新建列表 “会员”');
    expect(io.notes[0]).toContain('手机号列 2（手机）');
    expect(io.human[0]).toContain('导入完成 Import done');
    expect(io.human[0]).toMatch(/Rejected rows: .*rejected\.csv/);

    const listIo = captureIo(true);
    await contacts(['list', '--list', '会员', '--search', '朝阳', ...D()], listIo);
    expect(listIo.results[0]).toMatchObject({ total: 1, rows: [{ mobile: '13800138000', fields: ['张三', '朝阳店'] }] });
  });

  it('takes --mobile-column by number or header, --no-header, --delimiter tab and --encoding', async () => {
    const tsv = file('t.txt', gbk('张三\t13800138000\r\n李四\t13900139000\r\n'));
    const io = captureIo(true);
    expect(await contacts(['import', tsv, '--list', 'tsv', '--no-header', '--delimiter', 'tab', '--encoding', 'gbk', '--mobile-column', '2', ...D()], io)).toBe(0);
    expect(io.results[0]).toMatchObject({ imported: 2 });
    const byName = captureIo(true);
    expect(await contacts(['import', file('h.csv', gbk(SHOP_CSV)), '--list', 'h', '--mobile-column', '手机', ...D()], byName)).toBe(0);
    await expect(contacts(['import', tsv, '--list', 'x', '--mobile-column', '9', ...D()], captureIo(true))).rejects.toBeInstanceOf(UsageError);
    await expect(contacts(['import', tsv, '--list', 'x', '--encoding', 'latin1', ...D()], captureIo(true))).rejects.toBeInstanceOf(UsageError);
  });

  it('exits 1 on a failed import, with the reason in both languages', async () => {
    const io = captureIo(false);
    const code = await contacts(['import', file('h.csv', gbk('姓名,手机\r\n')), '--list', 'h', ...D()], io);
    expect(code).toBe(1);
    expect(io.human[0]).toContain('导入失败');
    expect(io.human[0]).toContain('Error: The file has a header but no data rows');
  });

  it('refuses a file that is not there', async () => {
    await expect(contacts(['import', join(dir.path, 'nope.csv'), '--list', 'x', ...D()], captureIo(true))).rejects.toMatchObject({ code: 'import.unreadable' });
  });

  it('adds a contact to a list by name', async () => {
    await contacts(['import', file('a.csv', gbk(SHOP_CSV)), '--list', '会员', ...D()], captureIo(true));
    const io = captureIo(true);
    expect(await contacts(['add', '--list', '会员', '--mobile', '186 0000 0000', '--field', '赵六', '--field', '东城店', ...D()], io)).toBe(0);
    expect(io.results[0]).toMatchObject({ mobile: '18600000000', fields: ['赵六', '东城店'] });
    await expect(contacts(['add', '--list', '会员', '--mobile', '18600000000', ...D()], captureIo(true))).rejects.toBeInstanceOf(AppError);
  });
});

describe('qunfa lists', () => {
  it('lists, creates, renames, merges and deletes', async () => {
    const empty = captureIo(false);
    await lists([...D()], empty);
    expect(empty.human[0]).toContain('还没有列表');
    await contacts(['import', file('a.csv', gbk(SHOP_CSV)), '--list', 'A', ...D()], captureIo(true));
    await lists(['create', 'B', ...D()], captureIo(true));
    await contacts(['add', '--list', 'B', '--mobile', '13800138000', ...D()], captureIo(true));
    await contacts(['add', '--list', 'B', '--mobile', '18600000000', ...D()], captureIo(true));
    await lists(['rename', 'B', 'B2', ...D()], captureIo(true));
    const merged = captureIo(true);
    await lists(['merge', '--into', '全部', 'A', 'B2', ...D()], merged);
    expect(merged.results[0]).toMatchObject({ name: '全部', contacts: 4, fields: ['姓名', '门店'] });
    const all = captureIo(false);
    await lists(['list', ...D()], all);
    expect((all.results[0] as { name: string }[]).map((l) => l.name).sort()).toEqual(['A', 'B2', '全部']);
    expect(all.human[0]).toContain('全部');
    const del = captureIo(false);
    await lists(['delete', 'A', ...D()], del);
    expect(del.human[0]).toContain('已删除列表 Deleted “A”（3 个联系人');
    await expect(lists(['delete', 'A', ...D()], captureIo(true))).rejects.toMatchObject({ code: 'lists.not_found' });
  });
});

describe('qunfa optouts', () => {
  it('adds, lists, removes and imports opt-outs', async () => {
    const add = captureIo(true);
    expect(await optouts(['add', '13800138000', '+86 139 0013 9000', 'junk', '--note', '电话要求', ...D()], add)).toBe(1);
    expect(add.results[0]).toEqual({ added: 2, invalid: ['junk'] });
    const list = captureIo(false);
    await optouts(['list', ...D()], list);
    expect(list.human[0]).toContain('13900139000');
    expect(list.human[0]).toContain('电话要求');
    const remove = captureIo(true);
    await optouts(['remove', '13900139000', ...D()], remove);
    expect(remove.results[0]).toEqual({ removed: 1 });
    const imp = captureIo(true);
    expect(await optouts(['import', file('td.csv', '号码\n15012345678\n13800138000\n'), ...D()], imp)).toBe(0);
    expect(imp.results[0]).toMatchObject({ state: 'done', imported: 1, duplicateInList: 1 });

    // Contacts on the opt-out list are flagged when listed.
    await contacts(['import', file('a.csv', gbk(SHOP_CSV)), '--list', '会员', ...D()], captureIo(true));
    const page = captureIo(false);
    await contacts(['list', '--list', '会员', ...D()], page);
    expect(page.human[0]).toMatch(/13800138000 +张三 +朝阳店 +是 yes/);
  });
});
