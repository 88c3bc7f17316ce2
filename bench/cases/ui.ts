// ui: in Chromium via the browser host, open a 1,000,000-contact list and scroll to the
// end. Targets: first rows in under 500 ms; no long task over 100 ms while scrolling.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { emit, openCore, peakRssMb, scaled, seedContacts, tempFolder } from '../lib';

const N = scaled(1_000_000);

async function main(): Promise<void> {
  const folder = tempFolder('qunfa-bench-ui-');
  const core = openCore(folder.path);
  seedContacts(core.db, '百万会员', N);
  await core.close();
  const host = spawn(process.execPath, [join(__dirname, '../../bin/qunfa.cjs'), 'serve', '--json', '--data-dir', folder.path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const { url } = await new Promise<{ url: string }>((resolve) => {
    createInterface({ input: host.stdout! }).on('line', (line) => {
      text += line;
      try {
        resolve(JSON.parse(text) as { url: string });
      } catch {
        // the JSON document is not complete yet
      }
    });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ entryTypes: ['longtask'] });
    });
    await page.goto(url);
    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('list-item').first().waitFor();
    const t0 = Date.now();
    await page.getByTestId('list-item').first().click();
    await page.locator('[data-testid=contacts-table-row] [role=cell]').first().waitFor();
    const firstRows = Date.now() - t0;

    await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
    const scroller = page.locator('[data-testid=contacts-table] [role=rowgroup]');
    // Scroll to the end in steps, as a user dragging the scrollbar would, then wait for the last row's data.
    for (let step = 1; step <= 40; step++) {
      await scroller.evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, step / 40);
      await page.waitForTimeout(50);
    }
    await page.locator(`[data-testid=contacts-table-row][data-index="${N - 1}"] [role=cell]`).first().waitFor({ timeout: 15_000 });
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    emit([
      {
        case: 'ui',
        what: `open a ${N.toLocaleString('en')}-contact list; scroll to the end (longest task ${Math.round(longest)} ms)`,
        unit: 'ms',
        value: firstRows,
        baseline: null,
        baselineWhat: '—',
        ratio: null,
        target: 'first rows < 500 ms; no long task > 100 ms',
        ok: firstRows < 500 && longest <= 100,
        peakRssMb: peakRssMb(),
      },
    ]);
  } finally {
    await browser.close();
    host.kill('SIGTERM');
    folder.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
