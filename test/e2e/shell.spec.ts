// The shell in Debian's Chromium through `qunfa serve`: Chinese first, every section
// reachable, real data from the core, English switchable.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { serve, type Served } from './host-fixture';

let served: Served;
test.beforeAll(async () => {
  served = await serve();
});
test.afterAll(async () => {
  await served.stop();
});

/** Opens the add-account form on the accounts page and fills it in (not saved); returns the form. */
async function fillNewAccount(page: Page, a: { provider: string; name: string; baseUrl?: string; username: string; password: string }): Promise<Locator> {
  await page.goto(served.url);
  await page.getByTestId('nav-accounts').click();
  await page.getByRole('button', { name: '添 加' }).click();
  const form = page.getByTestId('account-form');
  await form.getByLabel('服务商').click();
  await page.locator('.ant-select-item-option').filter({ hasText: a.provider }).click();
  await form.getByLabel('名称').fill(a.name);
  if (a.baseUrl) await form.getByLabel('接口地址').fill(a.baseUrl);
  await form.getByLabel('用户名').fill(a.username);
  await form.getByLabel('密码', { exact: true }).fill(a.password);
  return form;
}

const SECTIONS: [key: string, zh: string, en: string][] = [
  ['accounts', '账户', 'Accounts'],
  ['contacts', '联系人', 'Contacts'],
  ['templates', '模板', 'Templates'],
  ['campaigns', '群发', 'Campaigns'],
  ['receipts', '回执', 'Receipts'],
  ['replies', '回复', 'Replies'],
  ['settings', '设置', 'Settings'],
];

test('navigates every section in Chinese and saves a screenshot of each', async ({ page }) => {
  await page.goto(served.url);
  // The token leaves the address bar once read.
  await expect(page).not.toHaveURL(/token=/);
  for (const [key, zh] of SECTIONS) {
    await page.getByTestId(`nav-${key}`).click();
    await expect(page.getByTestId(`section-${key}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${key}`)).toHaveText(zh);
    await page.screenshot({ path: `test-results/screens/section-${key}.png`, fullPage: true });
  }
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-info')).toContainText(served.dataDir);
  await expect(page.getByTestId('settings-info')).toContainText('key file');
});

test('shows the core’s real data: an account added in the UI appears in the list', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-accounts').click();
  await expect(page.getByTestId('accounts-table')).toContainText('还没有账户');
  const form = await fillNewAccount(page, { provider: 'smsadmin', name: '门店一', username: 'shop1', password: 'pw-123' });
  await form.getByRole('button', { name: '保 存' }).click();
  await expect(page.getByTestId('accounts-table')).toContainText('门店一');
  await expect(page.getByTestId('accounts-table')).not.toContainText('pw-123');
});

test('an account’s base URL: any port, http or https only, changed in the edit dialog', async ({ page }) => {
  const form = await fillNewAccount(page, { provider: 'smsadmin', name: '门店九', baseUrl: 'ftp://sms.example.cn/', username: 'shop9', password: 'pw-9' });
  await form.getByRole('button', { name: '保 存' }).click();
  await expect(form).toContainText('接口地址须以 http:// 或 https:// 开头');
  await expect(page.getByTestId('accounts-table')).not.toContainText('门店九');
  await form.getByLabel('接口地址').fill('http://127.0.0.1:9/');
  await form.getByRole('button', { name: '保 存' }).click();
  await expect(page.getByTestId('accounts-table')).toContainText('门店九');

  const row = page.locator('tr').filter({ hasText: '门店九' });
  await row.getByTestId('account-edit-open').click();
  const edit = page.getByTestId('account-edit');
  await expect(edit.getByTestId('account-base-url')).toHaveValue('http://127.0.0.1:9/');
  await edit.getByTestId('account-base-url').fill('sms2.example.cn');
  await page.getByTestId('account-edit-save').click();
  await expect(edit).toContainText('接口地址须以 http:// 或 https:// 开头');
  await edit.getByTestId('account-base-url').fill('https://sms2.example.cn:8443/');
  await page.getByTestId('account-edit-save').click();
  await expect(edit).toBeHidden();
  await row.getByTestId('account-edit-open').click();
  await expect(edit.getByTestId('account-base-url')).toHaveValue('https://sms2.example.cn:8443/');
});

test('sets a 创瑞 account’s push passwords, never shows them again, and clears one', async ({ page }) => {
  const form = await fillNewAccount(page, { provider: '创瑞', name: '创瑞门店', baseUrl: 'https://api.chuangrui.example.cn/', username: 'shop2', password: 'pw-456' });
  await expect(form).toContainText('推送校验');
  await form.getByTestId('account-push-reportPwd').fill('Report-Pw-3');
  await form.getByRole('button', { name: '保 存' }).click();
  await expect(page.getByTestId('accounts-table')).toContainText('创瑞门店');

  const row = page.locator('tr').filter({ hasText: '创瑞门店' });
  await row.getByTestId('account-edit-open').click();
  const edit = page.getByTestId('account-edit');
  await expect(edit.getByTestId('account-push-reportPwd')).toHaveAttribute('placeholder', '已设置，留空则不变');
  await expect(edit.getByTestId('account-push-reportPwd')).toHaveValue('');
  await expect(edit.getByTestId('account-push-moPwd')).not.toHaveAttribute('placeholder', '已设置，留空则不变');
  await edit.getByTestId('account-push-clear-reportPwd').click();
  await expect(edit.getByTestId('account-push-reportPwd')).toHaveAttribute('placeholder', '保存后清除');
  await edit.getByTestId('account-push-moPwd').fill('Mo-Pw-5');
  await page.getByTestId('account-edit-save').click();
  await expect(edit).toBeHidden();

  await row.getByTestId('account-edit-open').click();
  await expect(edit.getByTestId('account-push-moPwd')).toHaveAttribute('placeholder', '已设置，留空则不变');
  await expect(edit.getByTestId('account-push-reportPwd')).not.toHaveAttribute('placeholder', '已设置，留空则不变');
  await expect(page.locator('body')).not.toContainText('Mo-Pw-5');
  for (const f of readdirSync(served.dataDir).filter((n) => n.startsWith('qunfa.db'))) {
    const bytes = readFileSync(join(served.dataDir, f));
    expect(bytes.includes(Buffer.from('Mo-Pw-5')) || bytes.includes(Buffer.from('Report-Pw-3'))).toBe(false);
  }
});

test('switches to English and remembers it', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-settings').click();
  await page.getByText('English', { exact: true }).click();
  await expect(page.getByTestId('nav-accounts')).toHaveText('Accounts');
  await page.reload();
  await expect(page.getByTestId('nav-settings')).toHaveText('Settings');
  await page.getByTestId('nav-settings').click();
  await page.getByText('简体中文', { exact: true }).click();
  await expect(page.getByTestId('nav-settings')).toHaveText('设置');
});

test('a page opened without the token cannot call the core', async ({ page, context }) => {
  await context.clearCookies();
  await page.goto(`http://127.0.0.1:${served.port}/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await expect(page.getByText('访问令牌无效')).toBeVisible();
});
