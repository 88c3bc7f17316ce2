// Shared by the benchmark cases: timing, data folders, seeding, and the one JSON line a
// case prints for the runner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../src/main/core/core';
import { nodePlatform } from '../src/main/core/node-platform';
import type { Db } from '../src/main/db/open';

export interface BenchRow {
  case: string;
  /** What was measured, e.g. 'import 1,000,000 rows'. */
  what: string;
  /** 'ms' (lower is better, compared to the baseline) or 'count' (must equal the baseline). */
  unit: 'ms' | 'count';
  value: number;
  baseline: number | null;
  baselineWhat: string;
  ratio: number | null;
  /** The target: the largest ratio allowed, or absolute limits in `limits`. */
  target: string;
  ok: boolean;
  peakRssMb: number;
  notes?: string;
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

export function tempFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(process.env.QUNFA_BENCH_DIR ?? tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openCore(dataDir: string, engine: Parameters<typeof createCore>[0]['engine'] = {}): Core {
  return createCore({ dataDir, platform: nodePlatform(dataDir), engine });
}

/**
 * The i-th row's mobile, in no order: a shop's member list is sorted by member, not by
 * number. In number order every row lands at the end of a mobile index, the cheapest
 * case there is; the benches once used it and hid a 10× cost of the import. i ↦ i·K
 * mod 10^digits is a bijection (K is odd and no multiple of 5): numbers never repeat.
 */
export function mobileOf(i: number, prefix = '13'): string {
  const digits = 11 - prefix.length;
  return prefix + String((i * 611_953) % 10 ** digits).padStart(digits, '0');
}

/** n contacts with name, code and store fields, written straight to the database. */
export function seedContacts(db: Db, name: string, n: number): number {
  const now = new Date().toISOString();
  const listId = Number(db.prepare('INSERT INTO lists (name, fields, created_at, updated_at) VALUES (?, ?, ?, ?)').run(name, JSON.stringify(['姓名', 'code', '门店']), now, now).lastInsertRowid);
  const insert = db.prepare('INSERT INTO contacts (list_id, mobile, fields) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(listId, mobileOf(i), JSON.stringify([`顾客${i}`, String(100000 + (i % 900000)), `门店${i % 50}`]));
  })();
  return listId;
}

export function emit(rows: BenchRow[]): void {
  process.stdout.write('BENCH ' + JSON.stringify(rows) + '\n');
}

export function ratioRow(base: Omit<BenchRow, 'ratio' | 'ok' | 'peakRssMb' | 'unit'> & { maxRatio: number; maxRssMb?: number }): BenchRow {
  const ratio = base.baseline ? base.value / base.baseline : null;
  const rss = peakRssMb();
  const { maxRatio, maxRssMb, ...rest } = base;
  return { ...rest, unit: 'ms', ratio, peakRssMb: rss, ok: ratio !== null && ratio <= maxRatio && (maxRssMb === undefined || rss <= maxRssMb) };
}

/** The scale factor (`--scale 0.1` for a quick run): sizes are multiplied by it. */
export function scaled(n: number): number {
  const scale = Number(process.env.QUNFA_BENCH_SCALE ?? '1');
  return Math.max(1, Math.round(n * scale));
}

/**
 * Runs one side of a case (`mode`) as a fresh process of the same file, so its time and
 * peak memory are its own; returns the JSON line it printed.
 */
export function runSide<T>(file: string, mode: string, args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, mode, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as T;
}
