// 联系人 in Debian's Chromium through `qunfa serve`: a GBK CSV without BOM, as Chinese
// Excel saves it, with messy numbers, imported through the UI (mapping step, progress,
// report, rejected rows downloaded); then the list's contacts, adding and removing by
// hand, opt-outs, and the list operations (create, merge, rename, delete).
import { expect, test, type Page } from '@playwright/test';
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type Served } from './host-fixture';

// The tests build on each other's data (one server for the file).
test.describe.configure({ mode: 'serial' });

let served: Served;
let dir: string;
let csvPath: string;

// Six data rows: two valid and distinct (+86 with dashes; full-width digits), one that
// repeats the first once normalised, one too short, one Excel turned into 1.38E+10, and
// one valid with an empty 门店.
const ROWS = [
  '姓名,手机,门店',
  '张三,+86 138-0013-8000,南京路店',
  '李四,１３９００１３９０００,淮海路店',
  '王五,13800138000,南京路店',
  '赵六,12345,徐家汇店',
  '钱七,1.38E+10,南京路店',
  '孙八,13700137000,',
];

test.beforeAll(async () => {
  served = await serve();
  dir = mkdtempSync(join(tmpdir(), 'qunfa-contacts-'));
  csvPath = join(dir, '会员名单.csv');
  const bytes = iconv.encode(ROWS.join('\r\n') + '\r\n', 'gbk');
  // No BOM, and not valid UTF-8: the encoding has to be detected.
  expect(bytes[0]).not.toBe(0xef);
  writeFileSync(csvPath, bytes);
});
test.afterAll(async () => {
  await served.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function chooseOption(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

async function confirmPopover(page: Page): Promise<void> {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
}

const rowWith = (page: Page, table: string, text: string) => page.getByTestId(`${table}-row`).filter({ hasText: text });

test('imports a GBK CSV through the mapping step, reports it and offers the rejected rows', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByTestId('section-contacts')).toContainText('还没有联系人');
  await page.getByTestId('contacts-import').click();
  await page.getByTestId('import-drop').locator('input[type=file]').setInputFiles(csvPath);

  // The mapping step: GBK detected, the Chinese headers read correctly, 手机 suggested.
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  await expect(page.getByTestId('import-encoding')).toContainText('GB18030');
  const preview = page.getByTestId('import-preview');
  for (const text of ['姓名', '手机', '门店', '张三', '南京路店', '+86 138-0013-8000', '1.38E+10']) await expect(preview).toContainText(text);
  await expect(page.getByTestId('import-mobile')).toContainText('手机');
  await expect(page.getByTestId('import-fields')).toContainText('姓名');
  await expect(page.getByTestId('import-fields')).toContainText('门店');
  await page.screenshot({ path: 'test-results/screens/contacts-mapping.png' });

  // Overriding the encoding re-reads the file: as UTF-8 it cannot be read, and the core
  // says so rather than garble the names; the GBK reading stays.
  await chooseOption(page, 'import-encoding', /^UTF-8$/);
  await expect(page.getByTestId('import-error')).toContainText('UTF-8');
  await expect(page.getByTestId('import-encoding')).toContainText('GB18030');
  await expect(preview).toContainText('张三');
  // As UTF-16 it reads, garbled: the user's choice, and no mobile column found...
  await chooseOption(page, 'import-encoding', 'UTF-16 LE');
  await expect(page.getByTestId('import-encoding-reason')).toContainText('您选择的');
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(preview).not.toContainText('张三');
  // ...and back as GB18030 the names and the suggested mobile column are right again.
  await chooseOption(page, 'import-encoding', 'GB18030');
  await expect(preview).toContainText('张三');
  await expect(page.getByTestId('import-mobile')).toContainText('手机');
  // Without a header row the first line becomes data and the columns 列1, 列2 …
  await page.getByTestId('import-header').click();
  await expect(preview).toContainText('列1');
  await expect(page.getByTestId('import-preview').locator('tbody')).toContainText('姓名');
  await page.getByTestId('import-header').click();
  await expect(page.getByTestId('import-preview').locator('thead')).toContainText('姓名');
  await expect(page.getByTestId('import-mobile')).toContainText('手机');

  // No list yet: the target is a new list named after the file.
  await expect(page.getByTestId('import-new-name')).toHaveValue('会员名单');
  await page.getByTestId('import-start').click();

  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('report-read')).toHaveText('6');
  await expect(page.getByTestId('report-imported')).toHaveText('3');
  await expect(page.getByTestId('report-invalid')).toHaveText('2');
  await expect(page.getByTestId('report-duplicateInFile')).toHaveText('1');
  await expect(page.getByTestId('report-duplicateInList')).toHaveText('0');
  await expect(page.getByTestId('report-optedOut')).toHaveText('0');
  await expect(page.getByTestId('report-rejected')).toHaveText('3');
  await page.screenshot({ path: 'test-results/screens/contacts-report.png' });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const rejected = readFileSync(await download.path(), 'utf8');
  expect(rejected.charCodeAt(0)).toBe(0xfeff);
  expect(rejected).toContain('12345');
  expect(rejected).toContain('1.38E+10');
  expect(rejected).toContain('王五');
  expect(rejected).not.toContain('张三');

  await page.getByTestId('import-done').click();
  await expect(page.getByTestId('import-wizard')).toBeHidden();

  // The new list and its contacts, numbers normalised.
  await expect(page.getByTestId('list-item').filter({ hasText: '会员名单' })).toContainText('3');
  const table = page.getByTestId('contacts-table');
  for (const mobile of ['13800138000', '13900139000', '13700137000']) await expect(table).toContainText(mobile);
  await expect(table).toContainText('张三');
  await expect(table).toContainText('淮海路店');
  await expect(page.getByTestId('contacts-total')).toContainText('3');
  await page.screenshot({ path: 'test-results/screens/contacts-list.png' });

  // Importing the same file again into the same list: everything is already there.
  await page.getByTestId('contacts-import').click();
  await page.getByTestId('import-drop').locator('input[type=file]').setInputFiles(csvPath);
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await page.getByTestId('import-target-existing').click();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('report-imported')).toHaveText('0');
  // 王五 repeats 张三 in the file too; being in the list already is what is reported.
  await expect(page.getByTestId('report-duplicateInList')).toHaveText('4');
  await expect(page.getByTestId('report-invalid')).toHaveText('2');
  await page.getByTestId('import-done').click();
});

test('searches, adds and removes contacts by hand, and marks opted-out ones', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-contacts').click();
  const table = page.getByTestId('contacts-table');
  await expect(table).toContainText('13800138000');

  await page.getByTestId('contacts-search').locator('input').fill('1390');
  await expect(page.getByTestId('contacts-table-row')).toHaveCount(1);
  await expect(table).toContainText('李四');
  await page.getByTestId('contacts-search').locator('input').fill('');
  await expect(page.getByTestId('contacts-table-row')).toHaveCount(3);

  // Add by hand: a messy number is tidied, an invalid one refused with the core's words.
  await page.getByTestId('contact-add').click();
  const form = page.getByTestId('contact-form');
  await page.getByTestId('contact-form-mobile').fill('12345');
  await page.getByTestId('contact-form-save').click();
  await expect(page.getByTestId('contact-form-error')).toBeVisible();
  await page.getByTestId('contact-form-mobile').fill('136 0013 6000');
  await form.getByLabel('姓名').fill('周九');
  await page.getByTestId('contact-form-save').click();
  await expect(table).toContainText('13600136000');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(rowWith(page, 'contacts-table', '13600136000')).toContainText('周九');

  // Remove the checked one.
  await rowWith(page, 'contacts-table', '13600136000').getByRole('checkbox').check();
  await page.getByTestId('contacts-remove').click();
  await confirmPopover(page);
  await expect(table).not.toContainText('13600136000');
  await expect(page.getByTestId('contacts-table-row')).toHaveCount(3);

  // Opt-outs: add one by hand; the contact is then marked in its list.
  await page.getByTestId('tab-optouts').click();
  await page.getByTestId('optouts-add').click();
  await page.getByTestId('optouts-add-mobiles').fill('13700137000\n12345');
  await page.getByTestId('optouts-add-save').click();
  await expect(page.getByText('以下号码无效')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('optouts-table')).toContainText('13700137000');
  await page.screenshot({ path: 'test-results/screens/contacts-optouts.png' });
  await page.getByTestId('tab-lists').click();
  await expect(rowWith(page, 'contacts-table', '13700137000').getByTestId('contact-opted-out')).toBeVisible();
  await expect(rowWith(page, 'contacts-table', '13800138000').getByTestId('contact-opted-out')).toHaveCount(0);

  // And removed again from the opt-out list.
  await page.getByTestId('tab-optouts').click();
  await rowWith(page, 'optouts-table', '13700137000').getByRole('checkbox').check();
  await page.getByTestId('optouts-remove').click();
  await confirmPopover(page);
  await expect(page.getByTestId('optouts-table')).not.toContainText('13700137000');
});

test('creates, merges, renames and deletes lists', async ({ page }) => {
  await page.goto(served.url);
  await page.getByTestId('nav-contacts').click();
  await expect(page.getByTestId('list-item').filter({ hasText: '会员名单' })).toBeVisible();

  await page.getByTestId('list-create').click();
  await page.getByTestId('list-name').fill('新会员');
  await page.getByTestId('list-name-ok').click();
  const fresh = page.getByTestId('list-item').filter({ hasText: '新会员' });
  await expect(fresh).toBeVisible();
  await expect(page.getByTestId('contacts-view')).toContainText('新会员');
  await page.getByTestId('contact-add').click();
  await page.getByTestId('contact-form-mobile').fill('13500135000');
  await page.getByTestId('contact-form-save').click();
  await expect(page.getByTestId('contacts-table')).toContainText('13500135000');
  await page.keyboard.press('Escape');

  // Merge both into a new list: 3 + 1 distinct mobiles.
  await page.getByTestId('list-item').filter({ hasText: '会员名单' }).getByRole('checkbox').check();
  await fresh.getByRole('checkbox').check();
  await page.getByTestId('list-merge').click();
  await page.getByTestId('list-name').fill('全部会员');
  await page.getByTestId('list-name-ok').click();
  const merged = page.getByTestId('list-item').filter({ hasText: '全部会员' });
  await expect(merged).toContainText('4');
  await expect(page.getByTestId('contacts-view')).toContainText('全部会员');
  await expect(page.getByTestId('contacts-table-row')).toHaveCount(4);

  // Rename it.
  await page.getByTestId('list-rename').click();
  await page.getByTestId('list-name').fill('全部顾客');
  await page.getByTestId('list-name-ok').click();
  await expect(page.getByTestId('list-item').filter({ hasText: '全部顾客' })).toBeVisible();

  // Delete 新会员 after confirming.
  await fresh.click();
  await page.getByTestId('list-delete').click();
  await confirmPopover(page);
  await expect(page.getByTestId('list-item').filter({ hasText: '新会员' })).toHaveCount(0);
  await expect(page.getByTestId('list-item')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screens/contacts-lists.png' });
});
