// send: 200,000 messages through each provider's driver to its simulated gateway (in a
// process of its own), with the journal on disk, beside the same requests sent by a
// bare undici Pool with no journal.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool, request } from 'undici';
import type { AccountInput } from '../../src/shared/contract';
import { PROVIDERS, type ProviderName } from '../../src/shared/providers';
import { type BenchRow, emit, mobileOf, openCore, peakRssMb, scaled, tempFolder, time } from '../lib';

const N = scaled(200_000);
const CONCURRENCY = 8;

interface Host {
  url: string;
  control: string;
  templateId?: string;
  child: ChildProcess;
}

function startHost(provider: ProviderName): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'gateway-host.ts'), provider], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ ...(JSON.parse(line) as Omit<Host, 'child'>), child }));
    child.once('exit', (code) => reject(new Error(`gateway host exited ${code}`)));
  });
}

function account(provider: ProviderName, url: string): AccountInput {
  const base = { name: provider, provider, baseUrl: url, username: 'shop', password: 'pw', unitPrice: 0.05, options: {} };
  if (provider === 'platform') return { ...base, userid: '12', signature: '星辰商店' };
  if (provider === 'smsadmin') return { ...base, signature: '门店' };
  if (provider === 'chuangrui') return { ...base, signature: '创瑞店' };
  if (provider === 'smscn') return { ...base, secret: 'SECRETKEY0123456789' };
  return { ...base, signature: '星巴克' };
}

async function replay(url: string, control: string): Promise<{ ms: number; count: number }> {
  const res = await request(`${control}/requests`);
  const lines = (await res.body.text()).trim().split('\n');
  const reqs = lines.map((l) => JSON.parse(l) as { method: string; path: string; rawQuery: string; contentType: string; body: string }).map((r) => ({ ...r, body: Buffer.from(r.body, 'base64') }));
  const pool = new Pool(url, { connections: CONCURRENCY });
  let next = 0;
  const { ms } = await time(() =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < reqs.length) {
          const r = reqs[next++];
          const answer = await pool.request({ method: r.method as 'POST', path: r.path + (r.rawQuery ? '?' + r.rawQuery : ''), headers: r.contentType ? { 'content-type': r.contentType } : {}, body: r.method === 'GET' ? undefined : r.body });
          await answer.body.arrayBuffer();
        }
      }),
    ),
  );
  await pool.close();
  return { ms, count: reqs.length };
}

/**
 * Each provider in a process of its own (this file again, with QUNFA_BENCH_PROVIDER set):
 * a process's peak RSS never comes down, so in one process every row after the first
 * would show the largest before it.
 */
function eachInItsOwnProcess(providers: readonly ProviderName[]): BenchRow[] {
  return providers.flatMap((provider) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, QUNFA_BENCH_PROVIDER: provider } });
    const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
    if (r.status !== 0 || !line) throw new Error(`send ${provider}: exited ${r.status}`);
    return JSON.parse(line.slice(6)) as BenchRow[];
  });
}

/** One provider's run: its campaign sent, then its requests replayed bare. */
async function measure(provider: ProviderName): Promise<BenchRow> {
  const host = await startHost(provider);
  const folder = tempFolder(`qunfa-bench-send-${provider}-`);
  // The gateway host is stopped whatever fails, opening the core too: left running, it
  // kept this process, and the parent waiting on it, alive for ever.
  let opened: ReturnType<typeof openCore> | undefined;
  try {
    const core = (opened = openCore(folder.path));
    const acc = core.accounts.add({ ...account(provider, host.url), unitPrice: 0.05, options: {} });
    // Pacing off (above what the UI allows): the figure is the engine's own cost.
    core.db.prepare('UPDATE accounts SET rate_per_second = 1e9, concurrency = ? WHERE id = ?').run(CONCURRENCY, acc.id);
    const now = new Date().toISOString();
    const listId = Number(core.db.prepare("INSERT INTO lists (name, fields, created_at, updated_at) VALUES ('b', '[\"姓名\",\"code\"]', ?, ?)").run(now, now).lastInsertRowid);
    const ins = core.db.prepare('INSERT INTO contacts (list_id, mobile, fields) VALUES (?, ?, ?)');
    core.db.transaction(() => {
      for (let i = 0; i < N; i++) ins.run(listId, mobileOf(i), JSON.stringify([`顾客${i}`, String(100000 + i)]));
    })();
    const created = await core.campaigns.create({ listId, accountId: acc.id, body: '<姓名>您好，验证码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'verification', providerTemplateId: host.templateId });
    const sent = await time(() => core.campaigns.send(created.campaign.id).wait);
    const got = (await (await request(`${host.control}/accepted`)).body.json()) as { accepted: number; unique: number };
    const base = await replay(host.url, host.control);
    const ratio = sent.ms / base.ms;
    return {
      case: 'send',
      what: `${provider}: ${N.toLocaleString('en')} messages in ${created.submissions.toLocaleString('en')} requests (${got.unique.toLocaleString('en')} received once each)`,
      unit: 'ms',
      value: sent.ms,
      baseline: base.ms,
      baselineWhat: `the same ${base.count.toLocaleString('en')} requests by a bare undici Pool, no journal`,
      ratio,
      target: '≤ 1.3×',
      ok: ratio <= 1.3 && got.unique === N && sent.result.state === 'done',
      peakRssMb: peakRssMb(),
    };
  } finally {
    await opened?.close();
    folder.remove();
    host.child.kill();
  }
}

async function main(): Promise<void> {
  const one = process.env.QUNFA_BENCH_PROVIDER as ProviderName | undefined;
  const only = process.env.QUNFA_BENCH_PROVIDERS?.split(',');
  emit(one ? [await measure(one)] : eachInItsOwnProcess(PROVIDERS.filter((p) => !only || only.includes(p))));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
