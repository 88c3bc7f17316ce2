// A campaign's summary (cost, failure reasons, timeline) is read a range of message ids
// at a time so that a million-message campaign never holds the event loop: the sums over
// several ranges must equal one pass over the whole journal.
import { afterEach, describe, expect, it } from 'vitest';
import { SUMMARY_RANGE } from '../../src/main/db/campaign-views';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('campaign summary', () => {
  it('over several ranges of ids equals one pass, and lets other work run between ranges', async () => {
    const core = tempCore();
    cleanups.push(() => core.remove());
    const account = core.accounts.add({ name: 'sa', provider: 'smsadmin', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', signature: '门店', unitPrice: 0.05, options: {} });
    const n = Math.round(SUMMARY_RANGE * 2.5);
    // Another campaign's messages beside it: only this campaign's are summed.
    const other = await core.campaigns.create({ listId: seedList(core.db, '其他', ['姓名', 'code'], members(300)), accountId: account.id, body: '<姓名>', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    const { campaign } = await core.campaigns.create({ listId: seedList(core.db, '会员', ['姓名', 'code'], members(n)), accountId: account.id, body: '<姓名>好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    const db = core.db;
    // A journal with every kind of row: sent over several minutes, some failed with codes, some still planned.
    db.prepare(
      `UPDATE messages SET state = CASE WHEN id % 11 = 0 THEN 'planned' WHEN id % 7 = 0 THEN 'failed' ELSE 'submitted' END,
         status_code = CASE WHEN id % 7 = 0 THEN 'E' || (id % 3) END,
         submitted_at = CASE WHEN id % 11 = 0 THEN NULL ELSE '2026-11-22T08:' || printf('%02d', id % 13) || ':00.000Z' END
       WHERE campaign_id = ?`,
    ).run(campaign.id);
    db.prepare("UPDATE messages SET state = 'submitted', submitted_at = '2026-11-22T08:00:00.000Z' WHERE campaign_id = ?").run(other.campaign.id);

    let ticks = 0;
    let done = false;
    const tick = (): void => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const detail = await core.campaigns.detail(campaign.id);
    done = true;
    expect(ticks).toBeGreaterThan(1);

    const onePass = {
      cost: db.prepare("SELECT sum(cost_e4) / 10000.0 AS planned, sum(CASE WHEN state <> 'planned' THEN cost_e4 ELSE 0 END) / 10000.0 AS spent FROM messages WHERE campaign_id = ?").get(campaign.id),
      reasons: db.prepare("SELECT status_code AS code, count(*) AS count FROM messages WHERE campaign_id = ? AND state = 'failed' GROUP BY code ORDER BY count DESC, code").all(campaign.id),
      timeline: db
        .prepare("SELECT substr(submitted_at, 1, 16) AS minute, count(*) AS submitted, 0 AS delivered, sum(state = 'failed') AS failed FROM messages WHERE campaign_id = ? AND submitted_at IS NOT NULL GROUP BY minute ORDER BY minute")
        .all(campaign.id),
    };
    expect(detail.cost).toEqual(onePass.cost);
    expect(detail.failureReasons.map((r) => ({ code: r.code, count: r.count }))).toEqual(onePass.reasons);
    expect(detail.timeline).toEqual(onePass.timeline);
    expect(detail.timeline).toHaveLength(13);
  });
});
