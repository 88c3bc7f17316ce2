// Faults while sending: what each class of failure does to the journal, and that no
// fault ever makes a message go out twice.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { nodePlatform } from '../../src/main/core/node-platform';
import { startChuangruiGateway, type ChuangruiGateway } from '../gateways/chuangrui';
import { startPlatformGateway } from '../gateways/platform';
import type { SimulatedGateway } from '../gateways/harness';
import { members, seedList } from '../helpers/lists';
import { HookedProxy } from '../helpers/proxy';
import { tempCore } from '../helpers/tmp';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function chuangruiSetup(n: number, baseUrl?: string, existing?: ChuangruiGateway): Promise<{ core: Core; gw: ChuangruiGateway; accountId: number; campaignId: number }> {
  const gw = existing ?? (await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: 1e6 }));
  const core = tempCore({ http: { responseTimeoutMs: 300, connectTimeoutMs: 300 }, backoff: { baseMs: 1, maxMs: 5, maxAttempts: 3 } });
  if (!existing) cleanups.push(() => gw.close());
  cleanups.push(() => core.remove());
  const account = core.accounts.add({ name: 'cr', provider: 'chuangrui', baseUrl: baseUrl ?? gw.url, username: 'shop', password: 'pw', signature: '创瑞店', unitPrice: 0.05, options: {} });
  core.accounts.update({ id: account.id, ratePerSecond: 1000, concurrency: 1 });
  const listId = seedList(core.db, '会员', ['姓名', 'code'], members(n));
  const campaignId = (await core.campaigns.create({ listId, accountId: account.id, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' })).campaign.id;
  return { core, gw, accountId: account.id, campaignId };
}

/** chuangruiSetup behind a proxy that can act when the gateway answers the n-th request. */
async function proxiedSetup(n: number): Promise<Awaited<ReturnType<typeof chuangruiSetup>> & { proxy: HookedProxy }> {
  const gw = await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: 1e6 });
  const proxy = new HookedProxy(gw.url);
  const url = await proxy.start();
  cleanups.push(() => proxy.close(), () => gw.close());
  return { ...(await chuangruiSetup(n, url, gw)), proxy };
}

function noneTwice(gw: SimulatedGateway): void {
  const mobiles = gw.accepted.map((a) => a.mobile);
  expect(new Set(mobiles).size).toBe(mobiles.length);
}

describe('faults while sending', () => {
  it('HTTP 503 and 429 (not processed) are retried: every message goes out once', async () => {
    const { core, gw, campaignId } = await chuangruiSetup(6);
    gw.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 429 });
    const end = await core.campaigns.send(campaignId).wait;
    expect(end).toMatchObject({ state: 'done', counts: { submitted: 6 } });
    expect(gw.accepted).toHaveLength(6);
    noneTwice(gw);
  });

  it('a reset after the request was written, a timeout, HTTP 500 and a garbage answer are unknown, never resent', async () => {
    const { core, gw, campaignId } = await chuangruiSetup(6);
    gw.faults.push({ kind: 'reset-after' }, { kind: 'hang' }, { kind: 'status', status: 500 }, { kind: 'garbage' });
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('done');
    expect(end.counts).toEqual({ unknown: 4, submitted: 2 });
    // reset-after, hang and garbage were processed by the gateway; the 500 was not: 5 accepted, none twice.
    expect(gw.accepted).toHaveLength(5);
    noneTwice(gw);
    const unknown = core.campaigns.messages(campaignId, { state: 'unknown' }, 0, 10).rows;
    expect(unknown.every((m) => (m.errorText ?? '').length > 0)).toBe(true);
    // The user decides: resend the unknown ones as a new campaign linked to the originals.
    const resend = await core.campaigns.resend(campaignId, 'unknown');
    expect(resend.planned).toBe(4);
    const history = core.campaigns.history(unknown[0].id);
    expect(history.resentAs).toHaveLength(1);
  });

  it('a provider that cannot be reached is retried with backoff, then the campaign pauses and says why; resuming finishes it once', async () => {
    const { core, gw, accountId, campaignId } = await chuangruiSetup(5, 'http://127.0.0.1:9');
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('paused');
    expect(end.reason?.code).toBe('retries-exhausted');
    expect(end.counts).toEqual({ planned: 5 });
    expect((await core.campaigns.detail(campaignId)).pauseReason?.zh).toContain('网络');
    core.accounts.update({ id: accountId, baseUrl: gw.url });
    const resumed = await core.campaigns.send(campaignId).wait;
    expect(resumed).toMatchObject({ state: 'done', counts: { submitted: 5 } });
    noneTwice(gw);
    expect(gw.accepted).toHaveLength(5);
  });

  it('a request refused (bad password) pauses the campaign with the provider’s reason; nothing is marked sent', async () => {
    const { core, gw, accountId, campaignId } = await chuangruiSetup(3);
    core.accounts.update({ id: accountId, password: 'wrong' });
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('paused');
    expect(end.reason?.providerCode).toBeTruthy();
    expect(end.counts).toEqual({ planned: 3 });
    expect(gw.accepted).toHaveLength(0);
  });

  it('the balance running out halfway pauses with the balance reason; after a top-up, resume sends the rest once', async () => {
    const gw = await startPlatformGateway({ account: 'shop', password: 'pw', balance: 700 });
    const core = tempCore();
    cleanups.push(() => gw.close(), () => core.remove());
    const account = core.accounts.add({ name: 'pf', provider: 'platform', baseUrl: gw.url, username: 'shop', password: 'pw', userid: '12', signature: '星辰商店', unitPrice: 0.04, options: {} });
    core.accounts.update({ id: account.id, ratePerSecond: 1000, concurrency: 1 });
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(1200));
    const created = await core.campaigns.create({ listId, accountId: account.id, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    expect(created.submissions).toBe(3);
    const end = await core.campaigns.send(created.campaign.id).wait;
    expect(end.state).toBe('paused');
    // BatchSms answers in XML with the ResultCode's text, not its number.
    expect(end.reason?.providerText).toBe('额度不足');
    expect(end.reason?.zh).toContain('余额');
    expect(end.counts).toEqual({ submitted: 500, planned: 700 });
    gw.balance += 10_000;
    const resumed = await core.campaigns.send(created.campaign.id).wait;
    expect(resumed).toMatchObject({ state: 'done', counts: { submitted: 1200 } });
    noneTwice(gw);
    expect(gw.accepted).toHaveLength(1200);
  });

  it('an unexpected error while recording an answer pauses the campaign with the error; resuming marks that request unknown and sends the rest once', async () => {
    const { core, gw, campaignId } = await chuangruiSetup(5);
    // Fault injection: recording the second answer (by its batch id) throws, as a full disk would.
    const rematch = core.receipts.rematch.bind(core.receipts);
    const batches: string[] = [];
    core.receipts.rematch = (accountId, batchId) => {
      if (batchId && !batches.includes(batchId)) batches.push(batchId);
      if (batchId === batches[1]) throw new Error('disk full');
      return rematch(accountId, batchId);
    };
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('paused');
    expect(end.reason).toMatchObject({ code: 'internal', providerText: 'disk full' });
    expect(gw.accepted.length).toBeGreaterThanOrEqual(2);
    // The request whose answer was lost left; on resume it is unknown, never resent.
    const resumed = await core.campaigns.send(campaignId).wait;
    expect(resumed).toMatchObject({ state: 'done', counts: { submitted: 4, unknown: 1 } });
    expect(gw.accepted).toHaveLength(5);
    noneTwice(gw);
  });

  it('a pause written by another process (the CLI beside the app) stops the sender within a millisecond: the requests after it are not sent', async () => {
    const { core, gw, campaignId, proxy } = await proxiedSetup(20);
    // A second core on the same folder: its own connection, as another process has.
    const other = createCore({ dataDir: core.dataDir, platform: nodePlatform(core.dataDir) });
    cleanups.push(() => other.close());
    proxy.onAnswered = (n) => {
      if (n === 3) other.campaigns.pause(campaignId);
      return 'relay';
    };
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('paused');
    const left = end.counts.planned ?? 0;
    expect(left).toBeGreaterThan(0);
    expect(gw.accepted).toHaveLength(20 - left);
    // Resumed, the rest goes out once.
    const resumed = await core.campaigns.send(campaignId).wait;
    expect(resumed).toMatchObject({ state: 'done', counts: { submitted: 20 } });
    noneTwice(gw);
  });

  it('pause stops taking new requests; cancel marks what has not left as cancelled and recalls nothing', async () => {
    const { core, gw, campaignId, proxy } = await proxiedSetup(20);
    // The user presses pause while the third request is out.
    proxy.onAnswered = (n) => {
      if (n === 3) core.campaigns.pause(campaignId);
      return 'relay';
    };
    const paused = await core.campaigns.send(campaignId).wait;
    expect(paused.state).toBe('paused');
    const leftAfterPause = paused.counts.planned ?? 0;
    expect(leftAfterPause).toBeGreaterThan(0);
    expect(gw.accepted).toHaveLength(20 - leftAfterPause);
    // At 1000 requests/s marks are committed ahead in windows (durable.ts); those whose
    // requests never started are undone by the pause, as if never marked.
    const notSent = core.db.prepare("SELECT state, attempts, count(*) AS n FROM submissions WHERE campaign_id = ? AND state IN ('planned', 'submitting') GROUP BY state, attempts").all(campaignId);
    expect(notSent).toEqual([{ state: 'planned', attempts: 0, n: leftAfterPause }]);
    const cancelled = core.campaigns.cancel(campaignId);
    expect(cancelled.state).toBe('cancelled');
    expect(core.campaigns.counts(campaignId)).toEqual({ submitted: 20 - leftAfterPause, cancelled: leftAfterPause });
    expect(gw.accepted).toHaveLength(20 - leftAfterPause);
  });
});

describe('failover', () => {
  it('after two failed attempts that were never accepted, a submission moves to the backup account and goes out once', async () => {
    const gw = await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: 1e6 });
    const core = tempCore({ http: { connectTimeoutMs: 300 }, backoff: { baseMs: 1, maxMs: 5, maxAttempts: 6 } });
    cleanups.push(() => gw.close(), () => core.remove());
    const backup = core.accounts.add({ name: '备用', provider: 'chuangrui', baseUrl: gw.url, username: 'shop', password: 'pw', signature: '创瑞店', unitPrice: 0.05, options: {} });
    const main = core.accounts.add({ name: '主账户', provider: 'chuangrui', baseUrl: 'http://127.0.0.1:9', username: 'shop', password: 'pw', signature: '创瑞店', unitPrice: 0.05, options: {} });
    core.accounts.update({ id: main.id, ratePerSecond: 1000, backupAccountId: backup.id });
    core.accounts.update({ id: backup.id, ratePerSecond: 1000 });
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(3));
    const { campaign } = await core.campaigns.create({ listId, accountId: main.id, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    const end = await core.campaigns.send(campaign.id).wait;
    expect(end).toMatchObject({ state: 'done', counts: { submitted: 3 } });
    noneTwice(gw);
    expect(gw.accepted).toHaveLength(3);
    const moved = core.db.prepare("SELECT count(*) AS n FROM submissions WHERE campaign_id = ? AND error_class = 'moved'").get(campaign.id) as { n: number };
    expect(moved.n).toBe(3);
    const sentVia = core.db.prepare("SELECT DISTINCT account_id FROM submissions WHERE campaign_id = ? AND state = 'submitted'").all(campaign.id);
    expect(sentVia).toEqual([{ account_id: backup.id }]);
  });

  it('an account cannot be its own backup', () => {
    const core = tempCore();
    cleanups.push(() => core.remove());
    const a = core.accounts.add({ name: 'a', provider: 'smsadmin', username: 'u', password: 'p', unitPrice: 0, options: {} });
    expect(() => core.accounts.update({ id: a.id, backupAccountId: a.id })).toThrow(/backup/);
  });
});
