import { RowChecker } from '../src/main/contacts/row-checker';
import { MobileSet } from '../src/main/contacts/mobile-set';
import { RejectedWriter } from '../src/main/contacts/import-files';
import { openSource } from '../src/main/contacts/inspect';
import type { SourceRow } from '../src/main/contacts/rows';
const plan = { path: '', read: { hasHeader: true }, headers: ['姓名','手机','门店','会员等级','备注'], mobileColumn: 1, columns: [0,2,3,4], alreadyThere: {zh:'',en:''}, existing: new MobileSet().state(), flagged: new MobileSet().state(), rejectedFile: '/tmp/qb/rej.csv' };
async function main() {
  const src = await openSource('/tmp/qb/c.csv', {});
  const all: SourceRow[][] = []; let n = 0;
  for await (const b of src.batches()) { all.push(b.rows); n += b.rows.length; if (n > 300_000) break; }
  let best = 1e9;
  for (let k = 0; k < 7; k++) {
    const checker = new RowChecker(plan, new RejectedWriter('/tmp/qb/rej.csv', plan.headers));
    const c0 = process.cpuUsage();
    for (const rows of all) checker.check(rows, 0);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / n * 1e3);
  }
  console.log('check best', best.toFixed(0), 'ns/row');
}
main();
