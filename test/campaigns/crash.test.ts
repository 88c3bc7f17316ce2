// Crash safety: the sending process is killed (SIGKILL) at many points of a campaign and
// restarted. The gateway must receive no message twice, and every message must be
// accounted for: sent once, or 'unknown' and shown to the user.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChuangruiGateway, type ChuangruiGateway } from '../gateways/chuangrui';
import { members, seedList } from '../helpers/lists';
import { HookedProxy } from '../helpers/proxy';
import { tempCore } from '../helpers/tmp';

const CHILD = resolve(__dirname, 'crash-child.cjs');
const N = 40;

/** Kills the current sender once the gateway has accepted one of the chosen requests. */
class Killer {
  child: ChildProcess | null = null;
  killed = 0;
  constructor(private readonly at: Set<number>) {}
  onAnswered = (n: number): 'relay' | 'drop' => {
    if (!this.at.has(n) || !this.child) return 'relay';
    this.killed++;
    this.child.kill('SIGKILL');
    return 'drop';
  };
}

function runChild(dataDir: string, campaignId: number, killer: Killer): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CHILD, dataDir, String(campaignId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    killer.child = child;
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code, signal) => resolvePromise({ code, signal, out }));
  });
}

describe('crash safety: SIGKILL while sending', () => {
  let gw: ChuangruiGateway;
  let proxy: HookedProxy;
  const killer = new Killer(new Set([1, 2, 9, 23, 40]));
  const core = tempCore();
  let campaignId = 0;

  beforeAll(async () => {
    gw = await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: 1e6 });
    proxy = new HookedProxy(gw.url);
    proxy.onAnswered = killer.onAnswered;
    const url = await proxy.start();
    const account = core.accounts.add({ name: 'cr', provider: 'chuangrui', baseUrl: url, username: 'shop', password: 'pw', signature: '创瑞店', unitPrice: 0.05, options: {} });
    core.accounts.update({ id: account.id, ratePerSecond: 1000, concurrency: 1 });
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
    // Every text differs: one request per message, so there are many points to die at.
    campaignId = core.campaigns.create({ listId, accountId: account.id, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' }).campaign.id;
    await core.close();
  });
  afterAll(async () => {
    await proxy.close();
    await gw.close();
    await core.remove();
  });

  it('kills the sender at requests 1, 2, 9, 23 and 40, restarts it each time, and ends with nothing sent twice and nothing lost', async () => {
    const runs: { code: number | null; signal: string | null }[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await runChild(core.dataDir, campaignId, killer);
      runs.push({ code: r.code, signal: r.signal });
      if (r.signal === null) {
        // A clean end: either done, or paused by the recovery of an interrupted run and resumed next time.
        const end = JSON.parse(r.out.trim().split('\n').pop() ?? '{}') as { state?: string };
        if (end.state === 'done') break;
      }
    }
    expect(killer.killed).toBe(5);
    expect(runs.filter((r) => r.signal === 'SIGKILL')).toHaveLength(5);

    // The gateway received no message twice.
    const mobiles = gw.accepted.map((a) => a.mobile);
    expect(new Set(mobiles).size).toBe(mobiles.length);

    // Every message is accounted for: sent once, or unknown (the five killed in flight).
    const { createCore } = await import('../../src/main/core/core');
    const { nodePlatform } = await import('../../src/main/core/node-platform');
    const after = createCore({ dataDir: core.dataDir, platform: nodePlatform(core.dataDir) });
    try {
      const counts = after.campaigns.counts(campaignId);
      expect(counts).toEqual({ submitted: N - 5, unknown: 5 });
      const detail = after.campaigns.detail(campaignId);
      expect(detail.state).toBe('done');
      const journal = after.campaigns.messages(campaignId, {}, 0, 1000).rows;
      const accepted = new Set(mobiles);
      for (const m of journal) {
        if (m.state === 'submitted') expect(accepted.has(m.mobile)).toBe(true);
        else {
          expect(m.state).toBe('unknown');
          expect(m.errorText).toContain('Interrupted');
        }
      }
      // The gateway did take the unknown ones (they died after it accepted): a resend would have doubled them.
      expect(accepted.size).toBe(N);
    } finally {
      await after.close();
    }
  }, 120_000);
});
