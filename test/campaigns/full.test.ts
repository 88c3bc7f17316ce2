// A full campaign through each provider's simulated gateway: every message received
// exactly once with the right text, in the fewest requests, every receipt matched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { SimulatedGateway } from '../gateways/harness';
import { members, seedList } from '../helpers/lists';
import { deliver } from '../helpers/push';
import { tempCore } from '../helpers/tmp';
import { CASES } from './cases';

const N = 250;

describe.each(CASES)('a full campaign through $provider', (c) => {
  let core: Core & { remove: () => Promise<void> };
  let gw: SimulatedGateway;
  let campaignId = 0;
  let accountId = 0;
  const rows = members(N);

  beforeAll(async () => {
    gw = await c.start();
    core = tempCore({ poller: { pace: () => 0 } });
    accountId = core.accounts.add({ ...c.account(gw), unitPrice: 0.05, options: {} }).id;
    // One request per text for some providers: lift the default pace of 5 requests/s.
    core.accounts.update({ id: accountId, ratePerSecond: 1000, concurrency: 4 });
  });
  afterAll(async () => {
    await core.remove();
    await gw.close();
  });

  it('plans one journal row per recipient in the fewest requests', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], rows);
    const created = await core.campaigns.create({ listId, accountId, body: c.body, emptyPolicy: { kind: 'refuse' }, kind: c.kind, providerTemplateId: c.providerTemplateId?.(gw) });
    campaignId = created.campaign.id;
    expect(created.planned).toBe(N);
    expect(created.submissions).toBe(c.requests(N));
    expect(core.campaigns.counts(campaignId)).toEqual({ planned: N });
  });

  it('sends: the gateway receives every message exactly once with its own text', async () => {
    const before = gw.requests.length;
    const end = await core.campaigns.send(campaignId).wait;
    expect(end.state).toBe('done');
    expect(end.counts).toEqual({ submitted: N });
    expect(gw.requests.length - before).toBe(c.requests(N));
    const received = new Map<string, string[]>();
    for (const a of gw.accepted) received.set(a.mobile, [...(received.get(a.mobile) ?? []), a.text]);
    expect(received.size).toBe(N);
    for (const [mobile, name, code] of rows) expect(received.get(mobile)).toEqual([c.expected(name, code)]);
  });

  it('matches every delivery receipt to its message', async () => {
    const pushes = gw.reportDelivery(gw.accepted, 'delivered');
    if (c.receipts === 'pull') {
      expect(pushes).toEqual([]);
      const polled = await core.poller.drain(accountId);
      expect(polled.receipts).toBe(N);
    } else {
      expect(pushes.length).toBeGreaterThan(0);
      const info = await core.receiver.start({ port: 0, host: '127.0.0.1' });
      for (const p of pushes) {
        const res = await deliver(info.port, core.receiver.pathFor(accountId), p);
        expect(res.status).toBe(200);
      }
      await core.receiver.stop();
    }
    expect(core.campaigns.counts(campaignId)).toEqual({ delivered: N });
    const detail = await core.campaigns.detail(campaignId);
    expect(detail.funnel).toMatchObject({ planned: N, submitted: N, delivered: N, failed: 0, unknown: 0 });
    expect(detail.cost.spent).toBeCloseTo(N * 0.05, 6);
  });
});
