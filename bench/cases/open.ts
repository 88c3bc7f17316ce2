// open: start the core on a data folder holding 5,000,000 messages and answer the
// campaign list, beside the same on an empty folder. Each measured in a fresh process
// (this one is spawned twice by the runner: 'seed' builds the folder, 'measure' opens it).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { emit, mobileOf, openCore, ratioRow, scaled, tempFolder, time } from '../lib';

const mode = process.argv[2] ?? 'run';

async function measure(dir: string): Promise<number> {
  const { ms } = await time(async () => {
    const core = openCore(dir);
    const list = await core.handlers['campaigns.list']({});
    if (!Array.isArray(list)) throw new Error('no list');
    await core.close();
  });
  return ms;
}

async function main(): Promise<void> {
if (mode === 'measure') {
  const ms = await measure(process.argv[3]);
  process.stdout.write(JSON.stringify({ ms }) + '\n');
} else {
  const N = scaled(5_000_000);
  const full = tempFolder('qunfa-bench-open-');
  const empty = tempFolder('qunfa-bench-open-empty-');
  try {
    const core = openCore(full.path);
    const db = core.db;
    const account = core.accounts.add({ name: 'b', provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', unitPrice: 0.04, options: {} });
    const campaigns = 50;
    const per = Math.ceil(N / campaigns);
    const msg = db.prepare("INSERT INTO messages (campaign_id, mobile, text, parts, cost_e4, state, submitted_at) VALUES (?, ?, '您好，本周会员日全场八折【星辰商店】', 1, 400, ?, '2026-11-22T00:00:00Z')");
    for (let c = 0; c < campaigns; c++) {
      const id = Number(db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, state, created_at) VALUES (?, ?, 't', 'notification', 'done', 'x')").run(`c${c}`, account.id).lastInsertRowid);
      db.transaction(() => {
        for (let i = 0; i < per && c * per + i < N; i++) msg.run(id, mobileOf(c * per + i), i % 7 ? 'delivered' : 'failed');
      })();
    }
    await core.close();
    openCore(empty.path).close();
    if (!existsSync(join(full.path, 'qunfa.db'))) throw new Error('seed failed');
    // Fresh processes: nothing cached in this one counts.
    const run = (dir: string): number => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, 'measure', dir], { encoding: 'utf8' });
      return (JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ms: number }).ms;
    };
    const emptyMs = Math.min(run(empty.path), run(empty.path), run(empty.path));
    const fullMs = Math.min(run(full.path), run(full.path), run(full.path));
    emit([
      ratioRow({ case: 'open', what: `open + campaign list, ${N.toLocaleString('en')} messages`, value: fullMs, baseline: emptyMs, baselineWhat: 'the same on an empty folder', target: '≤ 1.2×', maxRatio: 1.2 }),
    ]);
  } finally {
    full.remove();
    empty.remove();
  }
}
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
