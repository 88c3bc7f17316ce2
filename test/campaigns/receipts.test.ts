// Receipts and replies: matching (also a receipt that arrives before its send's answer),
// long-message parts rolled up, nothing dropped, opt-out replies, expiry, scheduling.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function smsadmin(n: number, engineNow?: () => Date): Promise<{ core: Core; gw: SmsadminGateway; accountId: number; listId: number }> {
  const gw = await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: 1e6 });
  const core = tempCore({ poller: { pace: () => 0 }, ...(engineNow ? { now: engineNow } : {}) });
  cleanups.push(() => gw.close(), () => core.remove());
  const accountId = core.accounts.add({ name: 'sa', provider: 'smsadmin', baseUrl: gw.url, username: 'shop', password: 'pw', signature: '门店', unitPrice: 0.05, options: {} }).id;
  core.accounts.update({ id: accountId, ratePerSecond: 1000 });
  const listId = seedList(core.db, '会员', ['姓名', 'code'], members(n));
  return { core, gw, accountId, listId };
}

describe('receipts', () => {
  it('keeps a receipt that arrives before its send was answered, and matches it once the answer is in', async () => {
    const { core, accountId, listId } = await smsadmin(3);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    // smsadmin's batch id is our linkid, known before sending.
    const key = (core.db.prepare('SELECT key FROM submissions WHERE campaign_id = ?').get(campaign.id) as { key: string }).key;
    core.receipts.ingestReceipts(accountId, [{ mobile: '13800000001', providerBatchId: key, status: 'DELIVRD', delivered: true }]);
    expect(core.db.prepare('SELECT count(*) AS n FROM receipts WHERE message_id IS NULL').get()).toEqual({ n: 1 });
    await core.campaigns.send(campaign.id).wait;
    expect(core.campaigns.counts(campaign.id)).toEqual({ submitted: 2, delivered: 1 });
    expect(core.db.prepare('SELECT count(*) AS n FROM receipts WHERE message_id IS NULL').get()).toEqual({ n: 0 });
  });

  it('rolls a long message’s parts up to one message: delivered only if no part failed', async () => {
    const { core, gw, accountId, listId } = await smsadmin(2);
    const long = '<姓名>' + '长'.repeat(100);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: long, emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    await core.campaigns.send(campaign.id).wait;
    const [a, b] = gw.accepted;
    gw.reportStatus([a, a], 'DELIVRD');
    gw.reportStatus([b], 'DELIVRD');
    gw.reportStatus([b], 'UNDELIV');
    await core.poller.drain(accountId);
    const rows = core.campaigns.messages(campaign.id, {}, 0, 10).rows;
    expect(rows.find((m) => m.mobile === a.mobile)?.state).toBe('delivered');
    expect(rows.find((m) => m.mobile === b.mobile)).toMatchObject({ state: 'failed', statusCode: 'UNDELIV' });
    expect(core.campaigns.history(rows[0].id).receipts).toHaveLength(2);
    const detail = await core.campaigns.detail(campaign.id);
    expect(detail.failureReasons[0]).toMatchObject({ code: 'UNDELIV', count: 1 });
    expect(detail.failureReasons[0].explain.zh).toContain('无法送达');
  });

  it('the message list pages by state with exact totals once receipts have settled messages', async () => {
    const { core, gw, accountId, listId } = await smsadmin(30);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    await core.campaigns.send(campaign.id).wait;
    // Every third message fails, the others are delivered, in the order they were accepted.
    gw.accepted.forEach((a, i) => gw.reportStatus([a], i % 3 === 0 ? 'UNDELIV' : 'DELIVRD'));
    await core.poller.drain(accountId);
    const all = core.campaigns.messages(campaign.id, {}, 0, 100);
    expect(all.total).toBe(30);
    const failed = all.rows.filter((m) => m.state === 'failed');
    expect(failed).toHaveLength(10);
    const page = (state: 'failed' | 'delivered', offset: number, limit: number) => core.campaigns.messages(campaign.id, { state }, offset, limit);
    expect(page('failed', 0, 4)).toMatchObject({ total: 10, rows: failed.slice(0, 4) });
    expect(page('failed', 8, 4)).toMatchObject({ total: 10, rows: failed.slice(8) });
    expect(page('delivered', 18, 10).rows.map((m) => m.id)).toEqual(all.rows.filter((m) => m.state === 'delivered').slice(18).map((m) => m.id));
    expect(core.campaigns.messages(campaign.id, {}, 25, 10).rows.map((m) => m.id)).toEqual(all.rows.slice(25).map((m) => m.id));
  });

  it('never drops a receipt that matches nothing', async () => {
    const { core, accountId } = await smsadmin(1);
    core.receipts.ingestReceipts(accountId, [{ mobile: '13900000000', providerBatchId: 'nobody', status: 'DELIVRD', delivered: true }]);
    expect(core.db.prepare('SELECT count(*) AS n FROM receipts').get()).toEqual({ n: 1 });
    expect(core.receipts.rematch(accountId)).toBe(0);
  });

  it('settles an unknown message when a receipt proves it went out', async () => {
    const { core, gw, accountId, listId } = await smsadmin(1);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    gw.faults.push({ kind: 'reset-after' });
    await core.campaigns.send(campaign.id).wait;
    expect(core.campaigns.counts(campaign.id)).toEqual({ unknown: 1 });
    // The gateway did accept it, under our linkid: its report settles the message.
    gw.reportDelivery(gw.accepted, 'delivered');
    await core.poller.drain(accountId, ['receipts']);
    expect(core.campaigns.counts(campaign.id)).toEqual({ delivered: 1 });
  });

  it('expires messages with no receipt after the configured time', async () => {
    let now = new Date('2026-11-22T08:00:00Z');
    const { core, accountId, listId } = await smsadmin(2, () => now);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    await core.campaigns.send(campaign.id).wait;
    now = new Date(now.getTime() + 71 * 3600_000);
    expect(core.receipts.expire(72)).toBe(0);
    now = new Date(now.getTime() + 2 * 3600_000);
    expect(core.receipts.expire(72)).toBe(2);
    expect(core.campaigns.counts(campaign.id)).toEqual({ expired: 2 });
  });

  it('polls only while messages await receipts, drains in pages, and persists the next run', async () => {
    const { core, gw, accountId, listId } = await smsadmin(45);
    expect((await core.poller.runDue()).calls).toBe(0);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    await core.campaigns.send(campaign.id).wait;
    gw.reportDelivery(gw.accepted, 'delivered');
    const r = await core.poller.runDue();
    // 45 reports at 20 per call: 3 calls with reports and the last partial page ends the drain.
    expect(r.receipts).toBe(45);
    expect(r.calls).toBe(3 + 1); // + one replies call (the account sent recently)
    expect(core.campaigns.counts(campaign.id)).toEqual({ delivered: 45 });
    const state = core.db.prepare("SELECT next_run_at FROM poll_state WHERE account_id = ? AND kind = 'receipts'").get(accountId) as { next_run_at: number };
    expect(state.next_run_at).toBeGreaterThan(Date.now());
    await core.poller.whenIdle();
  });
});

describe('replies', () => {
  it('stores replies against the last campaign to that number; R, TD, T, 退订, N (any width) opt the number out', async () => {
    const { core, gw, accountId, listId } = await smsadmin(4);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'marketing' });
    await core.campaigns.send(campaign.id).wait;
    const [a, b, c, d] = gw.accepted.map((m) => m.mobile);
    gw.reply(a, 'TD');
    gw.reply(b, 'ｒ');
    gw.reply(c, '好的，谢谢');
    gw.reply(d, ' 退订 ');
    const r = await core.poller.drain(accountId, ['replies']);
    expect(r.replies).toBe(4);
    const optouts = (core.db.prepare('SELECT mobile FROM optouts ORDER BY mobile').all() as { mobile: string }[]).map((o) => o.mobile);
    expect(optouts).toEqual([a, b, d].sort());
    expect((await core.campaigns.detail(campaign.id)).funnel).toMatchObject({ replied: 4, optedOut: 3 });
    // The next marketing campaign leaves them out.
    const next = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'marketing' });
    expect(next).toMatchObject({ planned: 1, skippedOptedOut: 3 });
  });
});

describe('scheduling', () => {
  it('a scheduled campaign starts at its time', async () => {
    let now = new Date('2026-11-22T01:00:00Z'); // 09:00 Beijing
    const { core, gw, accountId, listId } = await smsadmin(2, () => now);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification', at: new Date('2026-11-22T02:00:00Z') });
    expect(campaign.state).toBe('scheduled');
    expect(core.schedule.tick()).toEqual([]);
    now = new Date('2026-11-22T02:00:30Z');
    expect(core.schedule.tick()).toEqual([campaign.id]);
    await core.dispatcher.send(campaign.id);
    expect(gw.accepted).toHaveLength(2);
  });

  it('one that came due while Qunfa was closed is not sent late silently: it pauses and asks', async () => {
    let now = new Date('2026-11-22T01:00:00Z');
    const { core, gw, accountId, listId } = await smsadmin(2, () => now);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification', at: new Date('2026-11-22T02:00:00Z') });
    now = new Date('2026-11-22T05:00:00Z');
    expect(core.schedule.tick()).toEqual([]);
    const detail = await core.campaigns.detail(campaign.id);
    expect(detail.state).toBe('paused');
    expect(detail.pauseReason?.code).toBe('missed-schedule');
    expect(gw.accepted).toHaveLength(0);
  });

  it('the provider’s own scheduled send gets the time in Beijing time', async () => {
    const now = new Date('2026-11-22T01:00:00Z');
    const { core, gw, accountId, listId } = await smsadmin(1, () => now);
    const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification', at: new Date('2026-12-01T01:00:00Z'), providerSchedule: true });
    expect(campaign.state).toBe('draft');
    await core.campaigns.send(campaign.id).wait;
    const body = gw.requests[gw.requests.length - 1].body.toString('latin1');
    expect(decodeURIComponent(body.match(/dtime=([^&]*)/)?.[1] ?? '').replace(/\+/g, ' ')).toBe('2026-12-01 09:00:00');
  });
});
