// The import's worker thread (src/main/contacts/import-thread.ts): a cancel stops it with
// the report agreeing with the rejected rows it wrote (it reads a few chunks ahead of
// the writes), and where no worker can start the main thread checks the same rows.
// That the built app's bundled worker loads is tested in foundation/electron-build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkedBatches, startWorker } from '../../src/main/contacts/import-thread';
import { MobileSet } from '../../src/main/contacts/mobile-set';
import { checkFile, eachRow, type CheckedBatch, type CheckPlan, type Tally } from '../../src/main/contacts/row-checker';
import { fixture, gbk } from './fixture';

/** n rows, every tenth with a number that is no mobile. */
const csvOf = (n: number): string => '姓名,手机,门店\r\n' + Array.from({ length: n }, (_, i) => `顾客${i},${i % 10 === 3 ? '12345' : `1${3000000000 + i}`},店${i % 7}`).join('\r\n') + '\r\n';

function planFor(dir: string): CheckPlan {
  return {
    mobileColumn: 1,
    columns: [0, 2],
    alreadyThere: { zh: '列表中已有这个号码。', en: 'This mobile is already in the list.' },
    existing: new MobileSet().state(),
    flagged: new MobileSet().state(),
    rejectedFile: join(dir, 'rejected.csv'),
  };
}

/** Every row a run passes, and its final counts. */
async function drain(batches: AsyncGenerator<CheckedBatch, Tally>): Promise<{ rows: string[]; tally: Tally }> {
  const rows: string[] = [];
  for (;;) {
    const next = await batches.next();
    if (next.done) return { rows, tally: next.value };
    eachRow(next.value, (mobile, fields) => rows.push(mobile + fields));
  }
}

describe('import worker thread', () => {
  it('is stopped by a cancel, the report counting the rows it had checked ahead', async () => {
    const f = fixture({ importThread: 'worker' });
    try {
      // Far more than the worker may read ahead of the writes (24 chunks of 64 KiB, about
      // 58,000 of these rows), so the cancel always lands before the end of the file.
      const rows = 240_000;
      const path = f.file('big.csv', gbk(csvOf(rows)));
      const { importId } = f.contacts.startImport(path, { newListName: '取消', hasHeader: true, mobileColumn: 1 });
      f.events.on('import.progress', (p) => {
        if (p.state === 'running') f.contacts.cancelImport(importId);
      });
      const report = await f.contacts.waitImport(importId);
      expect(report).toMatchObject({ state: 'cancelled', imported: 0 });
      expect(report.read).toBeGreaterThan(0);
      expect(report.read).toBeLessThan(rows);
      expect(f.contacts.lists()).toEqual([]);
      // The rows the worker had rejected before it stopped are in the CSV, and counted.
      const rejected = f.contacts.rejected(importId).csv.trim().split('\r\n');
      expect(rejected.length - 1).toBe(report.invalid);
      expect(rejected.slice(1).every((line) => /^\d+,.*,12345,店\d$/.test(line))).toBe(true);
    } finally {
      f.close();
    }
  });

  it('checks in the main thread, the same rows the same way, where no worker can start', async () => {
    const f = fixture();
    try {
      const path = f.file('rows.csv', gbk(csvOf(5_000)));
      const broken = f.file('broken-worker.cjs', "throw new Error('cannot load');");
      const file = { path, read: { hasHeader: true } };
      const plan = planFor(f.dir);
      const decide = (): Promise<CheckPlan> => Promise.resolve(plan);
      expect(await startWorker(join(f.dir, 'no-such-worker.js'), file)).toBeNull();
      expect(await startWorker(broken, file)).toBeNull();

      const inThread = await drain(checkFile(file, decide));
      const rejectedInThread = readFileSync(plan.rejectedFile, 'utf8');
      expect(inThread.tally).toMatchObject({ read: 5_000, invalid: 500 });
      expect(inThread.rows).toHaveLength(4_500);
      for (const entry of [broken, null]) {
        expect(await drain(checkedBatches(file, decide, { totalBytes: 0, where: 'worker', entry }))).toEqual(inThread);
        expect(readFileSync(plan.rejectedFile, 'utf8')).toBe(rejectedInThread);
      }
      // And a worker that starts gives the same again.
      expect(await drain(checkedBatches(file, decide, { totalBytes: 0, where: 'worker' }))).toEqual(inThread);
      expect(readFileSync(plan.rejectedFile, 'utf8')).toBe(rejectedInThread);
    } finally {
      f.close();
    }
  });
});
