// The test command: builds the app, runs vitest (unit and integration) and Playwright
// (end to end in Debian's Chromium), and ends with one line totalling both:
// "N passed, N failed". Exits non-zero if anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const work = mkdtempSync(join(tmpdir(), 'qunfa-test-'));
const run = (args, env = {}) => spawnSync(npx, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status;

let passed = 0;
let failed = 0;
let broken = false;

if (run(['electron-vite', 'build']) !== 0) {
  console.error('build failed');
  broken = true;
}

const vitestJson = join(work, 'vitest.json');
const vitestStatus = run(['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
try {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numTotalTests === 0) broken = true;
} catch {
  broken = true;
}
if (vitestStatus !== 0 && failed === 0) broken = true;

const pwJson = join(work, 'playwright.json');
const pwStatus = run(['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
try {
  const stats = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  // Skipped specs (the Electron fixture where no Electron binary exists) print their reason.
  if (stats.expected + stats.unexpected + stats.flaky === 0) broken = true;
} catch {
  broken = true;
}
if (pwStatus !== 0 && failed === 0) broken = true;

rmSync(work, { recursive: true, force: true });
if (broken && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
