// Unknown messages checked against the provider's send records (sms.cn ac=query, handed
// out once): a record settles its message as submitted or refused, a message without one
// stays unknown, and every unknown message of the account is checked with the same
// records, whichever its campaign. A provider without records says so.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { SmscnGateway } from '../gateways/smscn';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';
import { CASES } from './cases';

const smscn = CASES.find((c) => c.provider === 'smscn')!;
const smsadmin = CASES.find((c) => c.provider === 'smsadmin')!;
let core: Core & { remove: () => Promise<void> };
let lists = 0;
const gateways: { close(): Promise<void> }[] = [];
beforeEach(() => {
  core = tempCore({ poller: { pace: () => 0 } });
});
afterEach(async () => {
  await core.remove();
  for (const gw of gateways.splice(0)) await gw.close();
});

async function sentCampaign(c: typeof smscn, gw: Awaited<ReturnType<typeof smscn.start>>, accountId: number, rows: string[][]): Promise<number> {
  const listId = seedList(core.db, `会员${++lists}`, ['姓名', 'code'], rows);
  const { campaign } = await core.campaigns.create({ listId, accountId, body: c.body, emptyPolicy: { kind: 'refuse' }, kind: c.kind, providerTemplateId: c.providerTemplateId?.(gw) });
  expect((await core.campaigns.send(campaign.id).wait).state).toBe('done');
  return campaign.id;
}

/** As after a crash with these requests in flight: their answers never recorded. */
function lose(campaignId: number, mobiles: string[]): void {
  const lost = core.db.prepare("UPDATE messages SET state = 'unknown' WHERE campaign_id = ? AND mobile = ?");
  for (const m of mobiles) lost.run(campaignId, m);
}

it('settles what the records name, leaves the rest unknown, and checks the account’s other campaigns with the same records', async () => {
  const gw = (await smscn.start()) as SmscnGateway;
  gateways.push(gw);
  const accountId = core.accounts.add({ ...smscn.account(gw), unitPrice: 0.05, options: {} }).id;
  core.accounts.update({ id: accountId, ratePerSecond: 1000 });
  const first = members(4);
  const second = members(2, 100);
  const a = await sentCampaign(smscn, gw, accountId, first);
  const b = await sentCampaign(smscn, gw, accountId, second);
  const [m0, m1, m2, m3] = first.map((r) => r[0]);
  lose(a, [m0, m1, m2]);
  lose(b, [second[0][0]]);
  // The provider took m0; it lists m1 as not submitted; it has no record of m2.
  gw.records.find((r) => r.mobile === m1)!.status = '0';
  gw.records.splice(gw.records.findIndex((r) => r.mobile === m2), 1);

  const found = await core.handlers['campaigns.checkUnknown']({ id: a });
  expect(found).toEqual({ checked: 4, submitted: 2, rejected: 1, unknown: 1 });
  expect(core.campaigns.counts(a)).toEqual({ submitted: 2, rejected: 1, unknown: 1 });
  expect(core.campaigns.counts(b)).toEqual({ submitted: 2 });
  const state = (campaignId: number, mobile: string) => core.db.prepare('SELECT state, error_text FROM message_view WHERE campaign_id = ? AND mobile = ?').get(campaignId, mobile);
  expect(state(a, m0)).toMatchObject({ state: 'submitted', error_text: expect.stringContaining('send records: submitted') as string });
  expect(state(a, m1)).toMatchObject({ state: 'rejected' });
  expect(state(a, m2)).toMatchObject({ state: 'unknown' });
  expect(state(a, m3)).toMatchObject({ state: 'submitted', error_text: null });
  // Only the numbers concerned were asked for: the untouched message's record is still there.
  expect(gw.records.map((r) => r.mobile)).toEqual(expect.arrayContaining([m3, second[1][0]]));
  // Nothing was sent again.
  expect(gw.accepted).toHaveLength(6);

  // Checking again finds no record for the one left: it stays unknown, nothing else changes.
  expect(await core.handlers['campaigns.checkUnknown']({ id: a })).toEqual({ checked: 1, submitted: 0, rejected: 0, unknown: 1 });
});

it('never settles a message by the record of the same text sent to the same number before', async () => {
  const gw = (await smscn.start()) as SmscnGateway;
  gateways.push(gw);
  const accountId = core.accounts.add({ ...smscn.account(gw), unitPrice: 0.05, options: {} }).id;
  core.accounts.update({ id: accountId, ratePerSecond: 1000 });
  const rows = members(1);
  await sentCampaign(smscn, gw, accountId, rows);
  const again = await sentCampaign(smscn, gw, accountId, rows);
  expect(gw.accepted.map((m) => m.text)).toEqual([gw.accepted[0].text, gw.accepted[0].text]);
  lose(again, [rows[0][0]]);
  // The provider lists one sending of the two: the first campaign's, whose outcome is known.
  gw.records.pop();
  expect(await core.handlers['campaigns.checkUnknown']({ id: again })).toEqual({ checked: 1, submitted: 0, rejected: 0, unknown: 1 });
  expect(core.campaigns.counts(again)).toEqual({ unknown: 1 });
});

it('says plainly when the provider keeps no send records', async () => {
  const gw = await smsadmin.start();
  gateways.push(gw);
  const accountId = core.accounts.add({ ...smsadmin.account(gw), unitPrice: 0.05, options: {} }).id;
  core.accounts.update({ id: accountId, ratePerSecond: 1000 });
  const rows = members(2);
  const id = await sentCampaign(smsadmin, gw, accountId, rows);
  lose(id, [rows[0][0]]);
  await expect(core.handlers['campaigns.checkUnknown']({ id })).rejects.toMatchObject({ code: 'campaigns.no_send_records', messages: { zh: expect.stringContaining('标记为已发送') as string } });
  expect(core.campaigns.counts(id)).toEqual({ submitted: 1, unknown: 1 });
});
