import { RowChecker } from '../src/main/contacts/row-checker';
import { MobileSet } from '../src/main/contacts/mobile-set';
import { RejectedWriter } from '../src/main/contacts/import-files';
import { normalizeMobile } from '../src/shared/mobile';
import type { SourceRow } from '../src/main/contacts/rows';
const plan = { path: '', read: { hasHeader: true }, headers: ['姓名','手机','门店','会员等级','备注'], mobileColumn: 1, columns: [0,2,3,4], alreadyThere: {zh:'',en:''}, existing: new MobileSet().state(), flagged: new MobileSet().state(), rejectedFile: '/tmp/qb/rej.csv' };
const N = 300_000;
const batches: SourceRow[][] = [];
for (let b = 0; b < N / 1000; b++) { const rows: SourceRow[] = []; for (let j = 0; j < 1000; j++) { const i = b * 1000 + j; rows.push({ line: i + 2, cells: [`顾客${i}`, `139${String(i).padStart(8, '0')}`, `南京路${i % 30}号店`, ['金卡', '银卡', '普通'][i % 3], `备注${i % 97}`] }); } batches.push(rows); }
function time(label: string, fn: () => void) { const t = performance.now(); fn(); console.log(label, ((performance.now() - t) / N * 1e6).toFixed(0), 'ns/row'); }
for (let k = 0; k < 2; k++) {
  const checker = new RowChecker(plan, new RejectedWriter('/tmp/qb/rej.csv', plan.headers));
  time('check', () => { for (const rows of batches) checker.check(rows, 0); });
  time('normalize', () => { for (const rows of batches) for (const r of rows) normalizeMobile(r.cells[1]); });
  const s = new MobileSet();
  time('seen', () => { for (const rows of batches) for (const r of rows) s.addOrGet(r.cells[1], r.line); });
  time('fields+json', () => { for (const rows of batches) for (const r of rows) { const f = new Array(4); for (let i = 0; i < 4; i++) f[i] = r.cells[[0,2,3,4][i]].trim(); JSON.stringify(f); } });
}
