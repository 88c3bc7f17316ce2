// npm run bench [-- --json] [--case NAME …] [--scale 0.1]
// Runs each case in a fresh process; each measures itself beside its own baseline in
// the same run, so the figure is a ratio that holds on a noisy machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchRow } from './lib';

const ALL = ['import', 'import-xlsx', 'render', 'plan', 'send', 'receipts', 'open', 'ui'];
// A leading '--' (as `npm run bench -- --json` passes it) is not an argument.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();
const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, case: { type: 'string', multiple: true }, scale: { type: 'string' } } });
const cases = values.case?.length ? values.case : ALL;
const rows: BenchRow[] = [];
const failures: { case: string; error: string }[] = [];

for (const name of cases) {
  const file = join(__dirname, 'cases', `${name}.ts`);
  if (!existsSync(file)) {
    failures.push({ case: name, error: 'not written yet' });
    continue;
  }
  if (!values.json) process.stderr.write(`… ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
    encoding: 'utf8',
    env: { ...process.env, ...(values.scale ? { QUNFA_BENCH_SCALE: values.scale } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) {
    failures.push({ case: name, error: (r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ') });
    continue;
  }
  rows.push(...(JSON.parse(line.slice(6)) as BenchRow[]));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
if (values.json) {
  process.stdout.write(JSON.stringify({ machine, rows, failures }, null, 2) + '\n');
} else {
  const fmt = (r: BenchRow): string[] => [
    r.case,
    r.what,
    r.unit === 'ms' ? `${Math.round(r.value)} ms` : String(r.value),
    r.baseline === null ? '—' : r.unit === 'ms' ? `${Math.round(r.baseline)} ms` : String(r.baseline),
    r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
    r.target,
    `${r.peakRssMb} MB`,
    r.ok ? 'ok' : 'MISSED',
  ];
  const table = [['case', 'what', 'measured', 'baseline', 'ratio', 'target', 'peak RSS', ''], ...rows.map(fmt)];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  process.stdout.write(`machine: ${machine}\n\n`);
  for (const row of table) process.stdout.write(row.map((c, i) => c.padEnd(widths[i])).join('  ') + '\n');
  for (const r of rows) if (r.notes) process.stdout.write(`${r.case}: ${r.notes}\n`);
  for (const f of failures) process.stdout.write(`${f.case}: ${f.error}\n`);
}
process.exitCode = failures.some((f) => f.error !== 'not written yet') ? 1 : 0;
