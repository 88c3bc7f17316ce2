// qunfa templates … and qunfa estimate, called as the CLI calls them, on a data folder
// with an account on the simulated smsadmin gateway.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimate, estimateHelp, templates } from '../../src/main/cli/commands/templates';
import type { Io } from '../../src/main/cli/io';
import { createCore } from '../../src/main/core/core';
import { nodePlatform } from '../../src/main/core/node-platform';
import type { Estimate, Page, PreviewRow, TemplateView } from '../../src/shared/views';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { seedList } from '../helpers/lists';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let gw: SmsadminGateway;

/** Runs a command function with an Io that keeps what it would print. */
async function cli(fn: (argv: string[], io: Io) => Promise<number>, argv: string[], json = false): Promise<{ code: number; out: unknown; text: string }> {
  let out: unknown;
  let text = '';
  const io: Io = {
    json,
    result(data, human) {
      out = data;
      text = human ? human(data as never) : JSON.stringify(data);
    },
    note: () => undefined,
  };
  const code = await fn([...argv, '--data-dir', dir.path], io);
  return { code, out, text };
}

function file(name: string, content: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: 50 });
  const core = createCore({ dataDir: dir.path, platform: nodePlatform(dir.path) });
  core.accounts.add({ name: '门店', provider: 'smsadmin', baseUrl: gw.url, username: 'shop', password: 'pw', signature: '门店', unitPrice: 0.05, options: {} });
  seedList(core.db, '会员', ['姓名', 'code'], [
    ['13800000001', '张三', '1111'],
    ['13800000002', '', '2222'],
    ['13800000003', '王五', '3'.repeat(80)],
  ]);
  await core.close();
});
afterAll(async () => {
  await gw.close();
  dir.remove();
});

describe('qunfa templates', () => {
  it('saves a template from a UTF-8 file (BOM and final newline dropped), then replaces it by name', async () => {
    const saved = await cli(templates, ['save', '--name', '会员日', '--file', file('t1.txt', '\uFEFF<姓名>您好，码<code>\r\n'), '--empty', 'default', '--default', '顾客']);
    expect(saved.code).toBe(0);
    expect(saved.out).toMatchObject({ name: '会员日', body: '<姓名>您好，码<code>', emptyPolicy: 'default', emptyDefault: '顾客' });
    expect(saved.text).toContain('已保存模板');
    const again = await cli(templates, ['save', '--name', '会员日', '--file', file('t2.txt', '<姓名>您好\n')]);
    expect(again.out).toMatchObject({ id: (saved.out as TemplateView).id, body: '<姓名>您好', emptyPolicy: 'refuse' });
    expect(again.text).toContain('Template updated');
  });

  it('lists and shows templates', async () => {
    const list = await cli(templates, ['list'], true);
    expect((list.out as TemplateView[]).map((t) => t.name)).toEqual(['会员日']);
    const shown = await cli(templates, ['show', '会员日']);
    expect(shown.text).toContain('<姓名>您好');
  });

  it('previews each recipient with the account signature', async () => {
    const r = await cli(templates, ['preview', '--list', '会员', '--file', file('p.txt', '<姓名>您好'), '--account', '门店', '--limit', '2']);
    const page = r.out as Page<PreviewRow>;
    expect(page.total).toBe(3);
    expect(page.rows.map((x) => x.text)).toEqual(['张三您好【门店】', '您好【门店】']);
    expect(r.text).toContain('张三您好【门店】');
  });

  it('refuses a bad --empty with a usage error, and a missing file in both languages', async () => {
    await expect(cli(templates, ['save', '--name', 'x', '--file', file('x.txt', 'a'), '--empty', 'never'])).rejects.toMatchObject({ code: 'cli.usage' });
    await expect(cli(templates, ['save', '--name', 'x', '--file', join(dir.path, 'nope.txt')])).rejects.toMatchObject({ code: 'cli.file_unreadable', messages: { zh: expect.stringContaining('无法读取') } });
  });

  it('deletes by name', async () => {
    await cli(templates, ['save', '--name', '临时', '--file', file('t3.txt', '临时')]);
    const r = await cli(templates, ['delete', '临时']);
    expect(r.out).toEqual({ deleted: '临时' });
    await expect(cli(templates, ['show', '临时'])).rejects.toMatchObject({ code: 'templates.not_found' });
  });
});

describe('qunfa estimate', () => {
  it('prints the distribution, cost, balance and findings, and exits 0 with warnings only', async () => {
    const r = await cli(estimate, ['--list', '会员', '--account', '门店', '--template-file', file('e.txt', '<姓名>您好，码<code>')]);
    expect(r.code).toBe(0);
    const e = r.out as Estimate;
    // 张三您好，码1111【门店】 = 13 → 1 part; 王五…: 2 + 4 + 80 + 4 = 90 → 2 parts; the empty 姓名 is refused.
    expect(e).toMatchObject({ recipients: 2, totalParts: 3, cost: 0.15, fits: true });
    expect(r.text).toContain('总条数 Total parts: 3');
    expect(r.text).toContain('费用 Cost: 0.15 元');
    expect(r.text).toContain('empty-value');
    expect(r.text).toContain('足够 enough');
  });

  it('uses a saved template with its own empty-value policy', async () => {
    await cli(templates, ['save', '--name', '默认值', '--file', file('d.txt', '<姓名>您好'), '--empty', 'default', '--default', '顾客']);
    const r = await cli(estimate, ['--list', '会员', '--account', '门店', '--template', '默认值'], true);
    expect((r.out as Estimate).recipients).toBe(3);
  });

  it('exits 1 when a finding is an error (balance short), still printing the estimate', async () => {
    gw.balance = 0.1;
    const r = await cli(estimate, ['--list', '会员', '--account', '门店', '--template-file', file('e2.txt', '<姓名>您好，码<code>'), '--kind', 'marketing', '--at', '2026-12-01 23:00'], true);
    gw.balance = 50;
    expect(r.code).toBe(1);
    const e = r.out as Estimate;
    expect(e.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['balance', 'quiet-hours', 'suffix.customary']));
    expect(e.findings[0].severity).toBe('error');
  });

  it('validates --at and --kind before doing anything', async () => {
    await expect(cli(estimate, ['--list', '会员', '--account', '门店', '--template-file', file('e3.txt', '您好'), '--at', 'tomorrow'])).rejects.toMatchObject({ code: 'cli.usage' });
    await expect(cli(estimate, ['--list', '会员', '--account', '门店', '--template-file', file('e4.txt', '您好'), '--kind', 'spam'])).rejects.toMatchObject({ code: 'cli.usage' });
    await expect(cli(estimate, ['--list', '没有', '--account', '门店', '--template-file', file('e5.txt', '您好')])).rejects.toMatchObject({ code: 'lists.not_found' });
  });

  it('documents its exit codes', () => {
    expect(estimateHelp).toContain('退出码 Exit code');
  });
});
