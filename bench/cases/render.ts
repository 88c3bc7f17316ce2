// render: merge a 3-placeholder template for 1,000,000 contacts, count parts, write the
// journal (the real planning path), beside writing the same rows pre-rendered into an
// empty journal by the same multi-row writer, so the ratio is what merging and planning
// add; beside it the longest the thread was held (planning yields between transactions:
// the window stays responsive meanwhile). Each side runs in a fresh process on a fresh folder: its time and peak memory are
// its own.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { journalQueries, type NewMessage } from '../../src/main/db/journal';
import { emit, openCore, peakRssMb, ratioRow, runSide, scaled, seedContacts, tempFolder, time } from '../lib';

const N = scaled(1_000_000);
const BODY = '<姓名>您好，您的验证码是<code>，<门店>欢迎您。';
const [mode, dir, rowsFile] = process.argv.slice(2);

type Row = Omit<Required<NewMessage>, 'campaign_id' | 'state' | 'error_text' | 'resend_of'>;
interface Side {
  ms: number;
  rss: number;
  planned?: number;
  submissions?: number;
  /** The longest the event loop waited during planning. */
  blockMs?: number;
}

function account(core: ReturnType<typeof openCore>): number {
  return core.accounts.add({ name: 'b', provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', signature: '星辰商店', unitPrice: 0.04, options: {} }).id;
}

async function real(): Promise<Side> {
  const core = openCore(dir);
  try {
    const listId = seedContacts(core.db, 'bench', N);
    const accountId = account(core);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const { ms, result } = await time(() => core.campaigns.create({ listId, accountId, body: BODY, emptyPolicy: { kind: 'refuse' }, kind: 'notification' }));
    loop.disable();
    const rss = peakRssMb();
    // The rendered rows, for the baseline to write again (not timed).
    const out = createWriteStream(rowsFile);
    const rows = core.db.prepare('SELECT submission_id, contact_id, mobile, text, vals, parts, cost_e4 FROM messages WHERE campaign_id = ? ORDER BY id').iterate(result.campaign.id);
    for (const r of rows) if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    return { ms, rss, planned: result.planned, submissions: result.submissions, blockMs: loop.max / 1e6 };
  } finally {
    await core.close();
  }
}

async function base(submissions: number): Promise<Side> {
  const core = openCore(dir);
  try {
    const accountId = account(core);
    const campaignId = Number(core.db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('baseline', ?, 't', 'notification', 'x')").run(accountId).lastInsertRowid);
    // The same submission ids as the real side's fresh journal (messages refer to them).
    const sub = core.db.prepare("INSERT INTO submissions (campaign_id, account_id, key, form) VALUES (?, ?, ?, 'BatchSms')");
    core.db.transaction(() => {
      for (let i = 0; i < submissions; i++) sub.run(campaignId, accountId, `b${i}`);
    })();
    const rows: Row[] = [];
    for await (const line of createInterface({ input: createReadStream(rowsFile) })) rows.push(JSON.parse(line) as Row);
    const journal = journalQueries(core.db);
    const { ms } = await time(() =>
      core.db.transaction(() => {
        const writer = journal.messageWriter();
        for (const r of rows) writer.add({ ...r, campaign_id: campaignId, state: 'planned', error_text: null, resend_of: null });
        writer.flush();
      })(),
    );
    return { ms, rss: peakRssMb() };
  } finally {
    await core.close();
  }
}

async function main(): Promise<void> {
  if (mode === 'real') return void process.stdout.write(JSON.stringify(await real()) + '\n');
  if (mode === 'base') return void process.stdout.write(JSON.stringify(await base(Number(process.argv[5]))) + '\n');
  const folder = tempFolder('qunfa-bench-render-');
  try {
    const rowsPath = join(folder.path, 'rows.ndjson');
    const r = runSide<Side>(__filename, 'real', [join(folder.path, 'real'), rowsPath]);
    const b = runSide<Side>(__filename, 'base', [join(folder.path, 'base'), rowsPath, String(r.submissions)]);
    const row = ratioRow({
      case: 'render',
      what: `merge + count + journal ${N.toLocaleString('en')} messages (${(r.planned ?? 0).toLocaleString('en')} planned; thread held ≤ ${Math.round(r.blockMs ?? 0)} ms at a time)`,
      value: r.ms,
      baseline: b.ms,
      baselineWhat: 'writing the same rows pre-rendered, same writer, empty journal',
      target: '≤ 1.5×',
      maxRatio: r.planned === N ? 1.5 : 0,
    });
    emit([{ ...row, peakRssMb: r.rss }]);
  } finally {
    folder.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
