// Resending a campaign's failed (or unknown …) messages: a new campaign linked message by
// message to the original, planned in chunked transactions as a new campaign is, and
// never a second copy of a message already resent, however often the user asks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WRITE_CHUNK } from '../../src/main/campaigns/plan-writer';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

let core: Awaited<ReturnType<typeof tempCore>>;
let campaignId: number;
const N = 2 * WRITE_CHUNK + 5_000;
const count = (sql: string, ...args: number[]): number => core.db.prepare(sql).pluck().get(...args) as number;

beforeEach(async () => {
  core = tempCore();
  const accountId = core.accounts.add({ name: '门店', provider: 'smsadmin', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', signature: '门店', unitPrice: 0.05, options: {} }).id;
  const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
  campaignId = (await core.campaigns.create({ listId, accountId, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' })).campaign.id;
  // As receipts would leave it: every message failed but the first thousand, delivered.
  core.db.prepare("UPDATE messages SET state = CASE WHEN id - (SELECT min(id) FROM messages) < 1000 THEN 'delivered' ELSE 'failed' END").run();
});
afterEach(() => core.remove());

describe('resending failed messages', () => {
  it('copies each failed one once, linked to it, into a new draft campaign', async () => {
    const resent = await core.campaigns.resend(campaignId, 'failed');
    expect(resent).toMatchObject({ planned: N - 1000, rejected: 0, campaign: { state: 'draft', counts: { planned: N - 1000 } } });
    const id = resent.campaign.id;
    expect(count('SELECT count(DISTINCT resend_of) FROM messages WHERE campaign_id = ?', id)).toBe(N - 1000);
    // The copy of each is its original's number and text.
    expect(count("SELECT count(*) FROM messages r JOIN messages o ON o.id = r.resend_of WHERE r.campaign_id = ? AND (o.mobile <> r.mobile OR o.text <> r.text OR o.state <> 'failed')", id)).toBe(0);
    expect(count("SELECT count(*) FROM messages WHERE campaign_id = ? AND (submission_id IS NULL OR state <> 'planned')", id)).toBe(0);
    expect(core.db.prepare('SELECT resend_of_campaign FROM campaigns WHERE id = ?').pluck().get(id)).toBe(campaignId);
    // The original's page offers them no more.
    expect((await core.campaigns.detail(campaignId)).resent).toEqual({ failed: N - 1000, unknown: 0 });
    expect((await core.campaigns.detail(id)).resent).toEqual({ failed: 0, unknown: 0 });
  });

  it('refuses to resend them again from the original, naming the resend; what fails there is resent from there', async () => {
    const first = await core.campaigns.resend(campaignId, 'failed');
    const before = count('SELECT count(*) FROM messages');
    await expect(core.campaigns.resend(campaignId, 'failed')).rejects.toMatchObject({
      code: 'campaign.already_resent',
      message: expect.stringMatching(new RegExp(`已经重发过（群发 #${first.campaign.id}）.*already resent \\(campaign #${first.campaign.id}\\)`)) as string,
    });
    expect(count('SELECT count(*) FROM messages')).toBe(before);
    expect(core.campaigns.list()).toHaveLength(2);
    // The resend's own failures go again from the resend, once.
    core.db.prepare("UPDATE messages SET state = 'failed' WHERE campaign_id = ? AND id % 2 = 0").run(first.campaign.id);
    const second = await core.campaigns.resend(first.campaign.id, 'failed');
    expect(second.planned).toBe(count("SELECT count(*) FROM messages WHERE campaign_id = ? AND state = 'failed'", first.campaign.id));
    await expect(core.campaigns.resend(first.campaign.id, 'failed')).rejects.toMatchObject({ code: 'campaign.already_resent' });
  });

  it('run twice at once makes one resend; the other is refused', async () => {
    const [a, b] = await Promise.allSettled([core.campaigns.resend(campaignId, 'failed'), core.campaigns.resend(campaignId, 'failed')]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { planned: N - 1000 } });
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'campaign.resend_running' } });
    expect(count('SELECT count(*) FROM messages WHERE resend_of IS NOT NULL')).toBe(N - 1000);
  });

  it('with nothing in that state says so', async () => {
    await expect(core.campaigns.resend(campaignId, 'unknown')).rejects.toMatchObject({ code: 'campaign.nothing_to_resend' });
    expect(core.campaigns.list()).toHaveLength(1);
  });
});
