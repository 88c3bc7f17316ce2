// Creating a campaign plans it in transactions of WRITE_CHUNK messages, yielding between
// them, under a campaign hidden (migration 9) until the last one reveals it: no read
// sees it half planned, progress is told as it goes, a failure leaves nothing behind,
// and a crashed planner's campaign is gone when the data folder is opened again.
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WRITE_CHUNK } from '../../src/main/campaigns/plan-writer';
import { planCampaign } from '../../src/main/campaigns/planner';
import { createCore } from '../../src/main/core/core';
import { nodePlatform } from '../../src/main/core/node-platform';
import type { CampaignPlanning } from '../../src/shared/contract';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

let core: Awaited<ReturnType<typeof tempCore>>;
let accountId: number;
beforeEach(() => {
  core = tempCore();
  accountId = core.accounts.add({ name: '门店', provider: 'smsadmin', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', signature: '门店', unitPrice: 0.05, options: {} }).id;
});
afterEach(() => core.remove());

const N = 2 * WRITE_CHUNK + 5_000;
const draft = (listId: number) => ({ listId, accountId, body: '<姓名>您好，会员码<code>', emptyPolicy: { kind: 'refuse' as const }, kind: 'notification' as const });
const count = (sql: string): number => core.db.prepare(sql).pluck().get() as number;
const everything = 'SELECT (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM submissions) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM campaign_counts)';

describe('creating a campaign', () => {
  it('tells its progress, and shows the campaign to no read until it is planned whole', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
    const told: CampaignPlanning[] = [];
    const during: { listed: number; rows: number }[] = [];
    const off = core.events.on('campaign.planning', (p) => {
      told.push(p);
      if (p.done < p.of) during.push({ listed: core.campaigns.list().length, rows: count('SELECT count(*) FROM messages') });
    });
    const created = await core.campaigns.create(draft(listId));
    off();
    expect(told.map((p) => p.done)).toEqual([WRITE_CHUNK, 2 * WRITE_CHUNK, N, N]);
    expect(told.every((p) => p.of === N && p.listId === listId && p.accountId === accountId)).toBe(true);
    // Messages written, the campaign in no list and no lookup.
    expect(during).toEqual([
      { listed: 0, rows: WRITE_CHUNK },
      { listed: 0, rows: 2 * WRITE_CHUNK },
    ]);
    expect(created).toMatchObject({ planned: N, rejected: 0, campaign: { state: 'draft', counts: { planned: N } } });
    expect(core.campaigns.list().map((c) => c.id)).toEqual([created.campaign.id]);
    expect(count('SELECT count(*) FROM campaigns WHERE planning_owner IS NOT NULL OR planning_until IS NOT NULL')).toBe(0);
  });

  it('hides a campaign mid-plan from lookups by id, and two planned at once each come out whole', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
    let looked: unknown = null;
    const off = core.events.on('campaign.planning', (p) => {
      if (looked !== null || p.done >= p.of) return;
      const id = count('SELECT max(id) FROM campaigns');
      looked = (() => {
        try {
          return core.campaigns.view(id);
        } catch (err) {
          return (err as Error).message;
        }
      })();
    });
    const [a, b] = await Promise.all([core.campaigns.create(draft(listId)), core.campaigns.create({ ...draft(listId), body: '本周会员日全场八折' })]);
    off();
    expect(looked).toMatch(/No campaign/);
    expect(a.planned).toBe(N);
    expect(b.planned).toBe(N);
    const perCampaign = core.db.prepare('SELECT campaign_id AS c, count(*) AS n, count(DISTINCT contact_id) AS contacts FROM messages GROUP BY campaign_id ORDER BY campaign_id').all();
    expect(perCampaign).toEqual([
      { c: a.campaign.id, n: N, contacts: N },
      { c: b.campaign.id, n: N, contacts: N },
    ]);
    expect(count('SELECT count(DISTINCT key) FROM submissions')).toBe(count('SELECT count(*) FROM submissions'));
  });

  it('that fails mid-plan leaves no campaign, submission or message behind', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
    const planning = planCampaign(core.db, core.accounts, draft(listId), {
      progress: (done) => {
        if (done >= 2 * WRITE_CHUNK) throw new Error('磁盘已满 disk full');
      },
    });
    await expect(planning).rejects.toThrow(/disk full/);
    expect(count(everything)).toBe(0);
  });

  it('removed meanwhile by another process stops with an error saying nothing was sent', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(N));
    const planning = planCampaign(core.db, core.accounts, draft(listId), {
      // As another process would that took the planner for a crashed one.
      progress: () => void core.db.prepare('DELETE FROM campaigns').run(),
    });
    await expect(planning).rejects.toMatchObject({ code: 'campaign.planning_removed', message: expect.stringMatching(/没有发送任何短信.*nothing was sent/) as string });
    expect(count(everything)).toBe(0);
  });
});

describe('a campaign a crashed planner left hidden', () => {
  it('is deleted when the data folder is opened again; one a live planner holds is kept', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(30));
    const { campaign } = await core.campaigns.create(draft(listId));
    const copy = (owner: string): number => {
      const id = Number(
        core.db
          .prepare(
            `INSERT INTO campaigns (name, account_id, list_id, template_body, kind, state, empty_policy, created_at, planning_owner, planning_until)
             SELECT name, account_id, list_id, template_body, kind, 'draft', empty_policy, created_at, ?, ? FROM campaigns WHERE id = ?`,
          )
          .run(owner, Date.now() + 3_600_000, campaign.id).lastInsertRowid,
      );
      core.db.prepare("INSERT INTO submissions (campaign_id, account_id, key, form, state) SELECT ?, account_id, key || '-copy' || ?, form, state FROM submissions WHERE campaign_id = ?").run(id, id, campaign.id);
      core.db
        .prepare('INSERT INTO messages (campaign_id, contact_id, mobile, text, vals, parts, cost_e4, state) SELECT ?, contact_id, mobile, text, vals, parts, cost_e4, state FROM messages WHERE campaign_id = ?')
        .run(id, campaign.id);
      return id;
    };
    const dead = copy(`${hostname()}/999999999/dead`);
    const live = copy(`${hostname()}/${process.pid}/live`);
    expect(count('SELECT count(*) FROM messages')).toBe(90);
    const dataDir = core.dataDir;
    await core.close();
    const again = createCore({ dataDir, platform: nodePlatform(dataDir) });
    try {
      expect(again.campaigns.list().map((c) => c.id)).toEqual([campaign.id]);
      const left = again.db.prepare('SELECT campaign_id AS c, count(*) AS n FROM messages GROUP BY campaign_id ORDER BY c').all();
      expect(left).toEqual([
        { c: campaign.id, n: 30 },
        { c: live, n: 30 },
      ]);
      expect(again.db.prepare('SELECT count(*) FROM submissions WHERE campaign_id = ?').pluck().get(dead)).toBe(0);
    } finally {
      await again.close();
    }
  });
});
