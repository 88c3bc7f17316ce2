// import: a 1,000,000-row CSV saved by Chinese Excel (GBK, no BOM), 5 columns incl.
// Chinese, 2% invalid and 2% duplicate numbers, through the real import path into a new
// list, beside papaparse streaming the same decoded file with an empty step. Each side
// runs in its own process so its peak memory is its own.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { NewListSink } from '../../src/main/contacts/hidden-list';
import { type BenchRow, emit, mobileOf, openCore, peakRssMb, runSide, scaled, tempFolder, time } from '../lib';

const N = scaled(1_000_000);

const [mode, file, dir] = process.argv.slice(2);

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(iconv.encode(text, 'gbk'))) await once(out, 'drain');
  };
  await write('姓名,手机,门店,会员等级,备注\r\n');
  let chunk = '';
  for (let i = 0; i < N; i++) {
    // 2% invalid (too short), 2% repeating the number of a row 1001 before (one that
    // has its own number: i - 1001 is neither 7 nor 9 mod 50).
    const mobile = i % 50 === 7 ? `1380013${i % 1000}` : i % 50 === 9 && i > 1001 ? mobileOf(i - 1001, '139') : mobileOf(i, '139');
    chunk += `顾客${i},${mobile},南京路${i % 30}号店,${['金卡', '银卡', '普通'][i % 3]},备注${i % 97}\r\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

async function baseline(path: string): Promise<number> {
  const { ms } = await time(
    () =>
      new Promise<void>((resolve, reject) => {
        const decoder = new TextDecoder('gb18030');
        const text = createReadStream(path).map((chunk: Buffer) => decoder.decode(chunk, { stream: true }));
        Papa.parse(text as unknown as NodeJS.ReadableStream, { step: () => undefined, complete: () => resolve(), error: reject });
      }),
  );
  return ms;
}

async function real(path: string, dataDir: string): Promise<{ ms: number; imported: number }> {
  const core = openCore(dataDir);
  try {
    const { ms, result } = await time(async () => {
      const { importId } = core.contacts.startImport(path, { newListName: 'bench', hasHeader: true, mobileColumn: 1 });
      return core.contacts.waitImport(importId);
    });
    if (result.state !== 'done') throw new Error(`import ${result.state}: ${JSON.stringify(result.error)}`);
    return { ms, imported: result.imported };
  } finally {
    await core.close();
  }
}

/**
 * Not a target, a reading of it: the rows the real path imports, already checked, written
 * as it writes them (a hidden new list, a transaction per chunk, the WAL written back at
 * the end). What SQLite alone costs, beside the same baseline.
 */
async function floor(dataDir: string, rows: number): Promise<number> {
  const core = openCore(dataDir);
  try {
    const mobiles = Array.from({ length: rows }, (_, i) => mobileOf(i, '139'));
    const fields = mobiles.map((_, i) => JSON.stringify([`顾客${i}`, `南京路${i % 30}号店`, ['金卡', '银卡', '普通'][i % 3], `备注${i % 97}`]));
    const now = (): string => new Date().toISOString();
    const { ms } = await time(async () => {
      const sink = new NewListSink(core.db, now);
      const chunk = core.db.transaction((from: number) => {
        for (let i = from; i < Math.min(from + ROWS_PER_CHUNK, rows); i++) sink.add(mobiles[i], fields[i]);
        sink.flush();
      });
      for (let from = 0; from < rows; from += ROWS_PER_CHUNK) chunk(from);
      await sink.fill(() => false, () => undefined);
      core.db.transaction(() => sink.reveal('floor', ['姓名', '门店', '会员等级', '备注'], now()))();
      sink.close();
    });
    return ms;
  } finally {
    await core.close();
  }
}
/** About as many rows as a 64 KiB chunk of the file holds. */
const ROWS_PER_CHUNK = 1_350;

async function main(): Promise<void> {
  if (mode === 'floor') {
    process.stdout.write(JSON.stringify({ ms: await floor(dir, Number(process.argv[5])), rss: peakRssMb() }) + '\n');
    return;
  }
  if (mode === 'base') {
    process.stdout.write(JSON.stringify({ ms: await baseline(file), rss: peakRssMb() }) + '\n');
    return;
  }
  if (mode === 'real') {
    const r = await real(file, dir);
    process.stdout.write(JSON.stringify({ ...r, rss: peakRssMb() }) + '\n');
    return;
  }
  const folder = tempFolder('qunfa-bench-import-');
  try {
    const path = join(folder.path, 'contacts-gbk.csv');
    await generate(path);
    type Side = { ms: number; rss: number; imported?: number };
    const sub = (m: string): Side => runSide<Side>(__filename, m, [path, join(folder.path, 'data')]);
    const b = sub('base');
    const r = sub('real');
    const f = runSide<Side>(__filename, 'floor', [path, join(folder.path, 'data-floor'), String(r.imported)]);
    const ratio = r.ms / b.ms;
    const row: BenchRow = {
      case: 'import',
      what: `GBK CSV ${N.toLocaleString('en')} rows → ${r.imported?.toLocaleString('en')} imported`,
      unit: 'ms',
      value: r.ms,
      baseline: b.ms,
      baselineWhat: 'papaparse streaming the decoded file, empty step',
      ratio,
      target: '≤ 2.0×, peak RSS ≤ 300 MB',
      ok: ratio <= 2.0 && r.rss <= 300,
      peakRssMb: r.rss,
      notes: `SQLite alone, the same ${r.imported?.toLocaleString('en')} rows already checked and written as the import writes them: ${Math.round(f.ms)} ms = ${(f.ms / b.ms).toFixed(2)}× the baseline`,
    };
    emit([row]);
  } finally {
    folder.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
