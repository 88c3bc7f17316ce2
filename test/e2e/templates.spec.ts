// 模板 in Debian's Chromium through `qunfa serve`: a template written with the list's
// placeholder chips, its live count, the real recipients' texts, unknown placeholders,
// saving; then the estimate and preflight against a simulated smsadmin gateway (an
// account added with the real CLI).
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { serve, type Served } from './host-fixture';
import { qunfaCli } from '../helpers/cli';

const PASSWORD = 'pw-smsadmin';
// The estimate uses the template the first test saves (one server for the file).
test.describe.configure({ mode: 'serial' });

let served: Served;
let gw: SmsadminGateway;
let dir: string;

const qunfa = (args: string[], env: Record<string, string>) => qunfaCli(served.dataDir, args, env);

test.beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'shop', password: PASSWORD, balance: 100 });
  served = await serve();
  dir = mkdtempSync(join(tmpdir(), 'qunfa-templates-'));
  const added = await qunfa(
    ['accounts', 'add', '--provider', 'smsadmin', '--name', '门店账户', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW', '--signature', '门店', '--price', '0.05'],
    { QF_PW: PASSWORD },
  );
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
});
test.afterAll(async () => {
  await served.stop();
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Three members, 孙八 without a 门店, imported through the UI into 会员. */
async function importMembers(page: Page): Promise<void> {
  const file = join(dir, '会员.csv');
  writeFileSync(file, '\uFEFF姓名,手机,门店\r\n张三,13800138000,南京路店\r\n李四,13900139000,淮海路店\r\n孙八,13700137000,\r\n');
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('contacts-import').click();
  await page.getByTestId('import-drop').locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('report-imported')).toHaveText('3', { timeout: 30_000 });
  await page.getByTestId('import-done').click();
}

const BODY = '<姓名>您好，<门店>本周六会员日全场八折。';

test('writes a template with chips, counts it live and previews the real texts', async ({ page }) => {
  await page.goto(served.url);
  await importMembers(page);
  await page.getByTestId('nav-templates').click();
  await expect(page.getByTestId('template-list')).toContainText('会员');
  await expect(page.getByTestId('template-account')).toContainText('门店账户');

  // Chips from the list's fields, inserted at the cursor.
  const chips = page.getByTestId('template-chips');
  await expect(chips).toContainText('<姓名>');
  await expect(chips).toContainText('<门店>');
  await expect(chips).toContainText('<value0>');
  const body = page.getByTestId('template-body');
  await body.click();
  await page.getByTestId('chip').filter({ hasText: '<姓名>' }).click();
  await page.keyboard.type('您好，');
  await page.getByTestId('chip').filter({ hasText: '<门店>' }).click();
  await page.keyboard.type('本周六会员日全场八折。');
  await expect(body).toHaveValue(BODY);

  // Live count: the fixed text (14) plus 【门店】 (4), placeholders left to the preview.
  await expect(page.getByTestId('live-count-length')).toHaveText('18');
  await expect(page.getByTestId('live-count-parts')).toHaveText('1');
  await expect(page.getByTestId('live-count')).toContainText('【门店】');

  // The real recipients' texts, each with its length and parts.
  const preview = page.getByTestId('template-preview');
  await expect(preview).toContainText('张三您好，南京路店本周六会员日全场八折。');
  await expect(preview).toContainText('李四您好，淮海路店本周六会员日全场八折。');
  // 孙八 has no 门店: refused under the default policy.
  await expect(preview).toContainText('为空：不会发送');
  await page.screenshot({ path: 'test-results/screens/templates-editor.png', fullPage: true });

  // A long text needs two parts (67 per part past 70).
  await body.fill('好'.repeat(70));
  await expect(page.getByTestId('live-count-length')).toHaveText('74');
  await expect(page.getByTestId('live-count-parts')).toHaveText('2');

  // A placeholder the list lacks is named as an error.
  await body.fill(BODY + '<会员号>');
  await expect(page.getByTestId('template-unknown')).toContainText('<会员号>');
  await body.fill(BODY);
  await expect(page.getByTestId('template-unknown')).toHaveCount(0);

  // The positional form works the same.
  await body.fill('<value0>您好');
  await expect(preview).toContainText('张三您好');
  await body.fill(BODY);

  await page.getByTestId('template-name').fill('会员日');
  await page.getByTestId('template-save').click();
  await expect(page.getByTestId('template-item').filter({ hasText: '会员日' })).toBeVisible();
});

test('estimates parts and cost against the account balance and lists the findings', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-templates').click();
  await page.getByTestId('template-item').filter({ hasText: '会员日' }).getByTestId('template-item-name').click();
  await expect(page.getByTestId('template-body')).toHaveValue(BODY);

  // Refusing empty values: 孙八 is a finding, named by mobile.
  await page.getByTestId('estimate-run').click();
  await expect(page.getByTestId('estimate-result')).toBeVisible({ timeout: 30_000 });
  const empty = page.locator('[data-testid="finding"][data-rule="empty-value"]');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('13700137000');

  // With a default text everyone gets one part: 3 parts at 0.05 元.
  await page.getByTestId('template-empty-policy').getByText('使用默认值').click();
  await page.getByTestId('template-default-text').fill('本店');
  await expect(page.getByTestId('estimate-panel')).toContainText('重新估算');
  await page.getByTestId('estimate-run').click();
  await expect(page.getByTestId('estimate-result')).toHaveCSS('opacity', '1', { timeout: 30_000 });
  await expect(page.getByTestId('estimate-recipients')).toHaveText('3');
  await expect(page.getByTestId('estimate-skipped')).toHaveText('0');
  await expect(page.getByTestId('estimate-total-parts')).toHaveText('3');
  await expect(page.getByTestId('estimate-unit-price')).toContainText('0.05');
  await expect(page.getByTestId('estimate-cost')).toContainText('0.15');
  await expect(page.getByTestId('estimate-distribution')).toContainText('1 条');
  await expect(page.getByTestId('estimate-balance')).toContainText('100');
  await expect(page.getByTestId('estimate-fits')).toHaveText('余额足够');
  // The longest text is a real one, signature included: 张三's or 李四's (4-character stores).
  await expect(page.getByTestId('estimate-longest')).toContainText(/(张三|李四)您好，(南京路店|淮海路店)本周六会员日全场八折。【门店】/);
  await expect(empty).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/templates-estimate.png', fullPage: true });

  // Opted-out contacts are left out of marketing.
  await page.getByTestId('nav-contacts').click();
  await page.getByTestId('tab-optouts').click();
  await page.getByTestId('optouts-add').click();
  await page.getByTestId('optouts-add-mobiles').fill('13900139000');
  await page.getByTestId('optouts-add-save').click();
  await expect(page.getByTestId('optouts-table')).toContainText('13900139000');
  await page.getByTestId('nav-templates').click();
  await page.getByTestId('template-item').filter({ hasText: '会员日' }).getByTestId('template-item-name').click();
  await page.getByTestId('template-empty-policy').getByText('使用默认值').click();
  await page.getByTestId('template-default-text').fill('本店');
  await page.getByTestId('estimate-run').click();
  await expect(page.getByTestId('estimate-skipped')).toHaveText('1', { timeout: 30_000 });
  await expect(page.getByTestId('estimate-recipients')).toHaveText('2');
  await expect(page.getByTestId('estimate-cost')).toContainText('0.10');
});
