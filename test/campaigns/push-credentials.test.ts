// 创瑞's pushes carry passwords the user had 创瑞 configure (its status-report pwd, its
// reply name and pwd): set on the account as push credentials, sealed like the password,
// and checked by the push receiver on every push, the latest values as soon as they are set.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { startChuangruiGateway, type ChuangruiGateway } from '../gateways/chuangrui';
import { members, seedList } from '../helpers/lists';
import { deliver } from '../helpers/push';
import { tempCore } from '../helpers/tmp';

let core: Core & { remove: () => Promise<void> };
let gw: ChuangruiGateway;
beforeEach(async () => {
  gw = await startChuangruiGateway({ name: 'shop', pwd: 'pw-1', balance: 1e6, reportPwd: 'Report-Pw-3', moName: 'mo-user', moPwd: 'Mo-Pw-5' });
  core = tempCore({ poller: { pace: () => 0 } });
});
afterEach(async () => {
  await core.remove();
  await gw.close();
});

async function sent(accountId: number, n: number): Promise<number> {
  const listId = seedList(core.db, '会员', ['姓名', 'code'], members(n));
  const { campaign } = await core.campaigns.create({ listId, accountId, body: '<姓名>您好，会员码<code>。', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
  expect((await core.campaigns.send(campaign.id).wait).state).toBe('done');
  return campaign.id;
}

it('refuses pushes with another password, takes them once the account has the right one, and checks reply names too', async () => {
  const account = core.accounts.add({
    name: '创瑞店',
    provider: 'chuangrui',
    baseUrl: gw.url,
    username: 'shop',
    password: 'pw-1',
    signature: '创瑞店',
    unitPrice: 0.05,
    options: {},
    pushCredentials: { reportPwd: 'Old-Pw', moName: 'mo-user', moPwd: 'Mo-Pw-5' },
  });
  expect(account.pushCredentials).toEqual(['moName', 'moPwd', 'reportPwd']);
  const campaignId = await sent(account.id, 3);
  const info = await core.receiver.start({ port: 0, host: '127.0.0.1' });
  const path = core.receiver.pathFor(account.id);
  const pushes = gw.reportDelivery(gw.accepted, 'delivered');
  expect(pushes.length).toBeGreaterThan(0);
  for (const p of pushes) expect((await deliver(info.port, path, p)).status).toBe(400);
  expect(core.campaigns.counts(campaignId)).toEqual({ submitted: 3 });

  // The right password, set while the receiver runs: the next push is checked with it.
  core.accounts.update({ id: account.id, pushCredentials: { reportPwd: 'Report-Pw-3' } });
  for (const p of pushes) expect((await deliver(info.port, path, p)).status).toBe(200);
  expect(core.campaigns.counts(campaignId)).toEqual({ delivered: 3 });

  // Replies: the name and pwd as 创瑞 sends them pass; another pwd does not; with the pwd cleared, any pwd does.
  const reply = async (text: string): Promise<number[]> => Promise.all(gw.reply(gw.accepted[0].mobile, text).map(async (p) => (await deliver(info.port, path, p)).status));
  expect(await reply('好的')).toEqual([200]);
  core.accounts.update({ id: account.id, pushCredentials: { moPwd: 'Another-Pw' } });
  expect(await reply('收到')).toEqual([400]);
  const cleared = core.accounts.update({ id: account.id, pushCredentials: { moPwd: '' } });
  expect(cleared.pushCredentials).toEqual(['moName', 'reportPwd']);
  expect(await reply('谢谢')).toEqual([200]);
  await core.receiver.stop();
});
