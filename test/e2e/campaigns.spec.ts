// 群发 end to end in Debian's Chromium through `qunfa serve`, against a simulated smsadmin
// gateway: an account added with the real CLI and its pace raised in the UI, a list
// imported with the CLI; then in the UI a campaign composed, estimated, created, sent
// and watched to the end; receipts and a TD reply pulled with "poll now"; the funnel,
// failure reasons, the messages and one message's history; a CSV export. Then a request
// the gateway processes but never answers: the messages end unknown, the page says what
// that means, and resending them makes a new campaign linked to the first. Last, a
// request the provider refuses: the campaign pauses with the provider's words.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { qunfaCli } from '../helpers/cli';
import { serve, type Served } from './host-fixture';

const PASSWORD = 'pw-smsadmin';
const MOBILES = ['13800138000', '13900139000', '13700137000'];
// The second test builds on the first's account and list (one server for the file).
test.describe.configure({ mode: 'serial' });

let served: Served;
let gw: SmsadminGateway;
let dir: string;

const qunfa = (args: string[], env: Record<string, string> = {}) => qunfaCli(served.dataDir, args, env);

test.beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'shop', password: PASSWORD, balance: 100 });
  served = await serve();
  dir = mkdtempSync(join(tmpdir(), 'qunfa-campaigns-'));
  const added = await qunfa(
    ['accounts', 'add', '--provider', 'smsadmin', '--name', '门店账户', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW', '--signature', '门店', '--price', '0.05'],
    { QF_PW: PASSWORD },
  );
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  const file = join(dir, '会员.csv');
  writeFileSync(file, `\uFEFF姓名,手机\r\n张三,${MOBILES[0]}\r\n李四,${MOBILES[1]}\r\n王五,${MOBILES[2]}\r\n`);
  // Progress goes to stderr; the report is the JSON document.
  const imported = await qunfa(['contacts', 'import', file, '--list', '会员', '--json']);
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 3 });
});
test.afterAll(async () => {
  await served.stop();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

async function confirmPopover(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons button').last().click();
}

/** Composes a campaign on the 会员 list through the drawer, estimates it and creates it; returns its id. */
async function compose(page: Page, body: string, kind: '营销' | '通知', name: string, shot: string): Promise<number> {
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaign-new').click();
  const drawer = page.getByTestId('compose');
  await expect(drawer.getByTestId('compose-list')).toContainText('会员');
  await expect(drawer.getByTestId('compose-account')).toContainText('门店账户');
  await drawer.getByTestId('compose-name').fill(name);
  await drawer.getByTestId('compose-kind').getByText(kind).click();
  await drawer.getByTestId('template-body').fill(body);
  // Every recipient's real text, before anything is created.
  await expect(drawer.getByTestId('template-preview')).toContainText(body.replace('<姓名>', '张三'));
  // Nothing is created before an estimate of exactly these inputs.
  await expect(drawer.getByTestId('compose-create')).toBeDisabled();
  await expect(drawer.getByTestId('compose-blocked')).toContainText('估算');
  await drawer.getByTestId('estimate-run').click();
  await expect(drawer.getByTestId('estimate-recipients')).toHaveText(/^\d+$/, { timeout: 30_000 });
  await expect(drawer.getByTestId('compose-create')).toBeEnabled();
  await page.screenshot({ path: `test-results/screens/campaign-compose-${shot}.png` });
  await drawer.getByTestId('compose-create').click();
  const detail = page.getByTestId('campaign-detail');
  await expect(detail).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('campaign-title')).toHaveText(name);
  return Number(await detail.getAttribute('data-campaign-id'));
}

async function sendAndFinish(page: Page): Promise<void> {
  await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'draft');
  await page.getByTestId('campaign-send').click();
  await confirmPopover(page);
  await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('progress-done')).toHaveText('3 / 3');
}

test('composes, estimates, creates and sends a campaign; receipts, a TD reply, the funnel, history and the CSV export', async ({ page }) => {
  await page.goto(served.url);

  // The pace: 5/s and 2 in flight by default, raised in the account's dialog.
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('accounts-table')).toContainText('5 次/秒 · 2 并发');
  await page.getByTestId('account-edit-open').click();
  const edit = page.getByTestId('account-edit');
  await expect(edit).toContainText('每秒最多发起 5 个请求');
  await edit.getByTestId('account-rate').fill('50');
  await edit.getByTestId('account-concurrency').fill('4');
  await page.screenshot({ path: 'test-results/screens/account-edit.png', animations: 'disabled' });
  await page.getByTestId('account-edit-save').click();
  await expect(page.getByTestId('accounts-table')).toContainText('50 次/秒 · 4 并发');

  const id = await compose(page, '<姓名>您好，会员日全场八折。拒收请回复R', '营销', '会员日', 'marketing');
  await expect(page.getByTestId('campaign-created')).toContainText('计划发送 3 条短信');
  await expect(page.getByTestId('count-planned')).toContainText('3');
  await sendAndFinish(page);
  await expect(page.getByTestId('count-submitted')).toContainText('3');
  expect(gw.accepted.map((m) => m.mobile).sort()).toEqual([...MOBILES].sort());
  expect(gw.accepted.find((m) => m.mobile === MOBILES[0])?.text).toContain('张三您好，会员日全场八折。拒收请回复R【门店】');

  // Two delivered, one undeliverable, and 张三 replies TD.
  gw.reportDelivery(gw.accepted.filter((m) => m.mobile !== MOBILES[2]), 'delivered');
  gw.reportStatus(gw.accepted.filter((m) => m.mobile === MOBILES[2]), 'UNDELIV');
  gw.reply(MOBILES[0], 'TD');

  // Poll now: the pull paces itself as smsadmin documents; wait on its answer.
  await page.getByTestId('nav-receipts').click();
  const account = page.getByTestId('poll-account').filter({ hasText: '门店账户' });
  await account.getByTestId('poll-now').click();
  await expect(account.getByTestId('poll-result')).toContainText('拉取到', { timeout: 60_000 });
  // The scheduled poll may have fetched some first: the table holds them all either way.
  const receipts = page.getByTestId('receipts-table');
  for (const m of MOBILES) await expect(receipts).toContainText(m);
  await expect(receipts).toContainText('DELIVRD');
  await expect(receipts.locator('tr').filter({ hasText: MOBILES[2] })).toContainText('UNDELIV');
  await expect(page.getByTestId('receiver-card')).toContainText('默认关闭');
  await expect(page.getByTestId('receiver-paths')).toContainText(/http:\/\/公网地址:\d+\/push\//);
  await page.screenshot({ path: 'test-results/screens/receipts.png', fullPage: true });

  await page.getByTestId('nav-replies').click();
  const reply = page.getByTestId('replies-table').locator('tr').filter({ hasText: MOBILES[0] });
  await expect(reply).toContainText('TD');
  await expect(reply.getByTestId('reply-optout')).toHaveText('已退订');
  await expect(page.getByTestId('optout-words-list')).toContainText('退订');
  await page.screenshot({ path: 'test-results/screens/replies.png', fullPage: true });

  // The campaign again: the funnel, the failure reasons, the cost.
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaigns-table').getByTestId('campaign-name').filter({ hasText: '会员日' }).click();
  await expect(page.getByTestId('campaign-detail')).toHaveAttribute('data-campaign-id', String(id));
  await expect(page.getByTestId('funnel-planned')).toHaveText('3');
  await expect(page.getByTestId('funnel-submitted')).toHaveText('3');
  await expect(page.getByTestId('funnel-delivered')).toHaveText('2');
  await expect(page.getByTestId('funnel-failed')).toHaveText('1');
  await expect(page.getByTestId('funnel-replied')).toHaveText('1');
  await expect(page.getByTestId('funnel-optedOut')).toHaveText('1');
  await expect(page.getByTestId('failure-reasons')).toContainText('UNDELIV');
  await expect(page.getByTestId('failure-reasons')).toContainText('无法送达');
  await expect(page.getByTestId('cost-planned')).toContainText('0.15');
  await expect(page.getByTestId('cost-spent')).toContainText('0.15');
  await expect(page.getByTestId('timeline-chart').locator('rect').first()).toBeVisible();
  await expect(page.getByTestId('resend-failed')).toContainText('1');
  await expect(page.getByTestId('unknown-box')).toHaveCount(0);

  // The messages: filtered to the failed one, whose history shows its request and receipt.
  const messages = page.getByTestId('messages-table-row');
  await expect(messages).toHaveCount(3);
  await page.getByTestId('messages-state').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '失败' }).click();
  await expect(messages).toHaveCount(1);
  await expect(messages).toContainText(MOBILES[2]);
  await messages.click();
  const history = page.getByTestId('message-history');
  await expect(history.getByTestId('history-submission')).toContainText('post_send_ddt');
  await expect(history.getByTestId('history-receipts')).toContainText('UNDELIV');
  await page.screenshot({ path: 'test-results/screens/message-history.png', animations: 'disabled' });
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();
  await page.getByTestId('messages-state').locator('.ant-select-clear').click({ force: true });
  await expect(messages).toHaveCount(3);
  // By status code.
  const code = page.getByTestId('messages-code').locator('input');
  await code.fill('UNDELIV');
  await expect(messages).toHaveCount(1);
  await code.fill('');
  await expect(messages).toHaveCount(3);
  await page.keyboard.press('Escape');
  await page.screenshot({ path: 'test-results/screens/campaign-detail.png', fullPage: true });

  // The export: CSV with a BOM (Excel reads the Chinese) and every mobile.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^群发-\d+-会员日\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  for (const m of MOBILES) expect(csv).toContain(m);
  expect(csv).toContain('UNDELIV');
});

test('a request the gateway processed but never answered leaves messages unknown; resending them makes a linked campaign', async ({ page }) => {
  await page.goto(served.url);
  // Notification: 张三 opted out by replying TD, and only marketing leaves him out.
  const id = await compose(page, '<姓名>您好，您的订单已发货。', '通知', '发货通知', 'notification');
  gw.faults.push({ kind: 'reset-after' });
  await sendAndFinish(page);

  const box = page.getByTestId('unknown-box');
  await expect(box).toContainText('3 条短信结果未知');
  await expect(page.getByTestId('unknown-explain')).toContainText('无法知道服务商是否已接受');
  await expect(box).toContainText('绝不会自动重发');
  // smsadmin keeps no send records: nothing to check them against.
  await expect(page.getByTestId('check-unknown')).toHaveCount(0);
  await expect(page.getByTestId('count-unknown')).toContainText('3');
  await expect(page.getByTestId('funnel-unknown')).toHaveText('3');
  await page.screenshot({ path: 'test-results/screens/campaign-unknown.png', fullPage: true });

  // Resend unknown: a new campaign, linked to this one, waiting for Send.
  await page.getByTestId('resend-unknown').click();
  await expect(page.locator('.ant-popconfirm:visible')).toContainText('收件人会收到两条');
  await confirmPopover(page);
  await expect(page.getByTestId('campaign-detail')).not.toHaveAttribute('data-campaign-id', String(id));
  await expect(page.getByTestId('campaign-resend-of')).toHaveText(`#${id}`);
  await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'draft');
  await expect(page.getByTestId('campaign-created')).toContainText('计划发送 3 条短信');
  await expect(page.getByTestId('campaign-title')).toContainText('发货通知');

  // The original, marked as sent after checking with the provider.
  await page.getByTestId('campaign-resend-of').click();
  await expect(page.getByTestId('campaign-detail')).toHaveAttribute('data-campaign-id', String(id));
  // Resent once: not offered again, which would send each a second copy.
  await expect(page.getByTestId('unknown-resent')).toContainText('3 条已经重发过');
  await expect(page.getByTestId('resend-unknown')).toHaveCount(0);
  await page.getByTestId('mark-sent').click();
  await confirmPopover(page);
  await expect(page.getByTestId('unknown-box')).toHaveCount(0);
  await expect(page.getByTestId('funnel-unknown')).toHaveText('0');
  await expect(page.getByTestId('count-submitted')).toContainText('3');

  // Both appear in the list, the resend the newer.
  await page.getByTestId('campaign-back').click();
  await expect(page.getByTestId('campaigns-table').getByTestId('campaign-name')).toHaveCount(3);
  await expect(page.getByTestId('campaigns-table').getByTestId('campaign-name').first()).toContainText('重发');
});

test('a provider refusing the request pauses the campaign with its words, in the user’s language; resuming sends it', async ({ page }) => {
  await page.goto(served.url);
  await compose(page, '<姓名>您好，新品已到店。', '通知', '到货通知', 'provider-pause');
  gw.failNext(2);
  await page.getByTestId('campaign-send').click();
  await confirmPopover(page);
  await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'paused', { timeout: 30_000 });
  const reason = page.getByTestId('pause-reason');
  await expect(reason).toHaveAttribute('data-code', 'provider.request');
  await expect(reason).toContainText('已暂停：账户余额不足，整批未发送');
  await expect(reason).toContainText('服务商返回：2 余额不足');
  await expect(page.getByTestId('count-planned')).toContainText('3');

  // The same page in English.
  await page.getByTestId('nav-settings').click();
  await page.getByText('English', { exact: true }).click();
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaigns-table').getByTestId('campaign-name').filter({ hasText: '到货通知' }).click();
  await expect(reason).toContainText('Paused: Insufficient balance; nothing was sent.');
  await expect(page.getByTestId('campaign-state')).toHaveText('Paused');
  await page.screenshot({ path: 'test-results/screens/campaign-paused-en.png', fullPage: true, animations: 'disabled' });

  await page.getByTestId('campaign-resume').click();
  await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('pause-reason')).toHaveCount(0);
  await expect(page.getByTestId('count-submitted')).toContainText('3');
  await page.getByTestId('nav-settings').click();
  await page.getByText('简体中文', { exact: true }).click();
  await expect(page.getByTestId('nav-settings')).toHaveText('设置');
});

test('creating a campaign on a big list shows how far its planning is, then the campaign', async ({ page }) => {
  const rows = Array.from({ length: 200_000 }, (_, i) => `顾客${i},139${String(i).padStart(8, '0')}`);
  const file = join(dir, '大单.csv');
  writeFileSync(file, `\uFEFF姓名,手机\r\n${rows.join('\r\n')}\r\n`);
  expect((await qunfa(['contacts', 'import', file, '--list', '大单', '--json'])).code).toBe(0);
  // Enough for 200,000 parts at 0.05: a balance short of the cost blocks creating.
  gw.balance = 100_000;

  await page.goto(served.url);
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaign-new').click();
  const drawer = page.getByTestId('compose');
  await drawer.getByTestId('compose-list').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '大单' }).click();
  await drawer.getByTestId('compose-name').fill('大单通知');
  await drawer.getByTestId('compose-kind').getByText('通知').click();
  await drawer.getByTestId('template-body').fill('<姓名>您好，您的订单已发货。');
  await drawer.getByTestId('estimate-run').click();
  await expect(drawer.getByTestId('estimate-recipients')).toHaveText('200,000', { timeout: 30_000 });
  await drawer.getByTestId('compose-create').click();
  // Two hundred thousand messages take seconds to plan: the drawer says how far it is.
  const planning = drawer.getByTestId('compose-planning');
  await expect(planning).toBeVisible();
  await expect(planning).toContainText('已规划联系人');
  await expect(planning).toContainText('/ 200,000');
  await page.screenshot({ path: 'test-results/screens/campaign-planning.png' });
  await expect(page.getByTestId('campaign-detail')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('campaign-title')).toHaveText('大单通知');
});
