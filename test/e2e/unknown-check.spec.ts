// Unknown messages at a provider that keeps send records (sms.cn), in Debian's Chromium
// through `qunfa serve`: a request the gateway processed but never answered leaves its
// message unknown; "向服务商核对" asks the records and the message is submitted, nothing resent.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmscnGateway, type SmscnGateway } from '../gateways/smscn';
import { qunfaCli } from '../helpers/cli';
import { serve, type Served } from './host-fixture';

let served: Served;
let gw: SmscnGateway;
let dir: string;
const qunfa = (args: string[], env: Record<string, string> = {}) => qunfaCli(served.dataDir, args, env);

test.beforeAll(async () => {
  gw = await startSmscnGateway({ uid: 'shop', password: 'pw-smscn', balance: 1000 });
  gw.addTemplate('700001', '{$姓名}您好，您的订单已发货。');
  served = await serve();
  dir = mkdtempSync(join(tmpdir(), 'qunfa-unknown-'));
});
test.afterAll(async () => {
  await served.stop();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

test('checks unknown messages against sms.cn’s send records and settles them', async ({ page }) => {
  const added = await qunfa(['accounts', 'add', '--provider', 'smscn', '--name', '云信账户', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW'], { QF_PW: 'pw-smscn' });
  expect(added.code).toBe(0);
  const file = join(dir, '会员.csv');
  writeFileSync(file, '\uFEFF姓名,手机\r\n张三,13800138000\r\n李四,13900139000\r\n');
  expect((await qunfa(['contacts', 'import', file, '--list', '会员'])).code).toBe(0);
  const tpl = join(dir, 'tpl.txt');
  writeFileSync(tpl, '<姓名>您好，您的订单已发货。');
  const created = await qunfa(['campaigns', 'create', '--list', '会员', '--account', '云信账户', '--template-file', tpl, '--kind', 'notification', '--provider-template-id', '700001', '--name', '发货', '--json']);
  expect(created.code).toBe(0);
  const id = (JSON.parse(created.stdout) as { campaign: { id: number } }).campaign.id;
  // The first request is processed, and its connection reset before the answer.
  gw.faults.push({ kind: 'reset-after' });
  const sent = await qunfa(['campaigns', 'send', String(id), '--wait', '--json']);
  expect(JSON.parse(sent.stdout)).toMatchObject({ counts: { unknown: 1, submitted: 1 } });
  expect(gw.accepted).toHaveLength(2);

  await page.goto(served.url);
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaigns-table').getByTestId('campaign-name').filter({ hasText: '发货' }).click();
  const box = page.getByTestId('unknown-box');
  await expect(box).toContainText('1 条短信结果未知');
  await box.getByTestId('check-unknown').click();
  await expect(page.locator('.ant-message')).toContainText('已核对 1：已提交 1, 提交失败 0, 仍未知 0');
  await expect(box).toHaveCount(0);
  await expect(page.getByTestId('count-submitted')).toContainText('2');
  await expect(page.getByTestId('funnel-unknown')).toHaveText('0');
  expect(gw.accepted).toHaveLength(2);
});
