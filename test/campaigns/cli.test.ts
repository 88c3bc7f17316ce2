// The campaign commands as a scheduled job would run them, against the smsadmin gateway.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/open';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { members, seedList } from '../helpers/lists';
import { qunfaCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let gw: SmsadminGateway;

const qunfa = (args: string[], env: Record<string, string> = {}) => qunfaCli(dir.path, args, env);

beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: 1e6 });
  const add = await qunfa(['accounts', 'add', '--provider', 'smsadmin', '--name', '门店', '--base-url', gw.url, '--username', 'shop', '--password-env', 'PW', '--signature', '门店', '--price', '0.05'], { PW: 'pw' });
  expect(add.code).toBe(0);
  const db = openDatabase(join(dir.path, 'qunfa.db'));
  const rows = members(30);
  rows[0][1] = '=HYPERLINK("http://x")';
  seedList(db, '会员', ['姓名', 'code'], rows);
  db.close();
  writeFileSync(join(dir.path, 'tpl.txt'), '<姓名>您好，会员码<code>\n');
});
afterAll(async () => {
  await gw.close();
  dir.remove();
});

describe('qunfa campaigns', () => {
  let id = 0;
  it('create prints the new campaign’s id', async () => {
    const r = await qunfa(['campaigns', 'create', '--list', '会员', '--account', '门店', '--template-file', join(dir.path, 'tpl.txt'), '--kind', 'notification', '--json']);
    expect(r.stderr).toBe('');
    const created = JSON.parse(r.stdout) as { campaign: { id: number }; planned: number; submissions: number };
    expect(created).toMatchObject({ planned: 30, submissions: 1 });
    id = created.campaign.id;
  });

  it('send --wait returns when the campaign has ended, with its summary', async () => {
    const r = await qunfa(['campaigns', 'send', String(id), '--wait', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'done', counts: { submitted: 30 } });
    expect(gw.accepted).toHaveLength(30);
  });

  it('receipts poll --until-idle matches the reports; show --json gives the counts per journal state', async () => {
    gw.reportDelivery(gw.accepted.slice(0, 25), 'delivered');
    gw.reportDelivery(gw.accepted.slice(25), 'failed');
    const poll = await qunfa(['receipts', 'poll', '--until-idle', '--json']);
    expect(poll.code).toBe(0);
    expect(JSON.parse(poll.stdout)).toEqual([expect.objectContaining({ account: '门店', receipts: 30 })]);
    const show = await qunfa(['campaigns', 'show', String(id), '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ counts: { delivered: 25, failed: 5 }, cost: { spent: 1.5 } });
  }, 60_000);

  it('check-unknown on a campaign with nothing unknown checks nothing', async () => {
    const r = await qunfa(['campaigns', 'check-unknown', String(id), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ checked: 0, submitted: 0, rejected: 0, unknown: 0 });
  });

  it('exports CSV with a BOM, formulas neutralised, and xlsx with mobiles as text', async () => {
    const csvPath = join(dir.path, 'out.csv');
    expect((await qunfa(['campaigns', 'export', String(id), '--format', 'csv', '--out', csvPath])).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('13800000001,');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")您好`);
    expect(csv).not.toMatch(/\n=HYPERLINK/);
    const xlsxPath = join(dir.path, 'out.xlsx');
    expect((await qunfa(['campaigns', 'export', String(id), '--format', 'xlsx', '--out', xlsxPath])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(31);
    expect(sheet.getRow(2).getCell(1).value).toBe('13800000000');
    expect(typeof sheet.getRow(3).getCell(1).value).toBe('string');
  });

  it('create tells how far the planning is for a big list, on stderr, and the campaign after', async () => {
    const db = openDatabase(join(dir.path, 'qunfa.db'));
    seedList(db, '大单', ['姓名', 'code'], members(25_000, 100));
    db.close();
    const r = await qunfa(['campaigns', 'create', '--list', '大单', '--account', '门店', '--template-file', join(dir.path, 'tpl.txt'), '--kind', 'notification']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual(['已规划 Planned 10000/25000 个联系人 contacts', '已规划 Planned 20000/25000 个联系人 contacts']);
    expect(r.stdout).toMatch(/已创建群发 Campaign created: \d+\n25000 条待发送 planned in 25 个请求 requests/);
  });
});
