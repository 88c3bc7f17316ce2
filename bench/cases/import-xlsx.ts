// import-xlsx: a 200,000-row .xlsx through the real import path, beside exceljs reading
// the same file with no work per row. Each side in its own process.
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { emit, mobileOf, openCore, peakRssMb, runSide, scaled, tempFolder, time } from '../lib';

const N = scaled(200_000);
const [mode, file, dir] = process.argv.slice(2);

async function generate(path: string): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = book.addWorksheet('联系人');
  sheet.addRow(['姓名', '手机', '门店', '会员等级']).commit();
  for (let i = 0; i < N; i++) sheet.addRow([`顾客${i}`, mobileOf(i, '139'), `南京路${i % 30}号店`, ['金卡', '银卡'][i % 2]]).commit();
  sheet.commit();
  await book.commit();
}

async function main(): Promise<void> {
  if (mode === 'base') {
    const { ms } = await time(async () => {
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
      for await (const sheet of reader) for await (const _row of sheet) void _row;
    });
    process.stdout.write(JSON.stringify({ ms, rss: peakRssMb() }) + '\n');
    return;
  }
  if (mode === 'real') {
    const core = openCore(dir);
    const { ms, result } = await time(async () => {
      const { importId } = core.contacts.startImport(file, { newListName: 'bench', hasHeader: true, mobileColumn: 1 });
      return core.contacts.waitImport(importId);
    });
    await core.close();
    if (result.state !== 'done') throw new Error(`import ${result.state}`);
    process.stdout.write(JSON.stringify({ ms, rss: peakRssMb(), imported: result.imported }) + '\n');
    return;
  }
  const folder = tempFolder('qunfa-bench-xlsx-');
  try {
    const path = join(folder.path, 'contacts.xlsx');
    await generate(path);
    type Side = { ms: number; rss: number; imported?: number };
    const sub = (m: string): Side => runSide<Side>(__filename, m, [path, join(folder.path, 'data')]);
    const b = sub('base');
    const r = sub('real');
    emit([
      {
        case: 'import-xlsx',
        what: `.xlsx ${N.toLocaleString('en')} rows → ${r.imported?.toLocaleString('en')} imported`,
        unit: 'ms',
        value: r.ms,
        baseline: b.ms,
        baselineWhat: 'exceljs reading the file, no work per row',
        ratio: r.ms / b.ms,
        target: '≤ 1.5×',
        ok: r.ms / b.ms <= 1.5,
        peakRssMb: r.rss,
      },
    ]);
  } finally {
    folder.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
