// Planning a window of contacts at a time (PLAN_WINDOW): across the windows no message
// is lost or planned twice, messages keep list order, submission keys never repeat,
// and where the window is a multiple of the provider's limits there are no more
// requests than planning the campaign whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCampaign } from '../../src/main/campaigns/planner';
import type { Core } from '../../src/main/core/core';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

let core: Core & { remove: () => Promise<void> };
let accountId: number;
beforeEach(() => {
  core = tempCore();
  // platform: personalised texts 500 lines to a BatchSms, one text 1000 numbers to sms.aspx.
  accountId = core.accounts.add({ name: 'p', provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', signature: '星辰商店', unitPrice: 0.05, options: {} }).id;
});
afterEach(() => core.remove());

interface Planned {
  submissions: number;
  rows: { id: number; contact_id: number; submission_id: number | null; state: string }[];
  keys: string[];
}

async function plan(listId: number, body: string, window: number): Promise<Planned> {
  const { campaignId, submissions } = await planCampaign(core.db, core.accounts, { listId, accountId, body, emptyPolicy: { kind: 'refuse' }, kind: 'notification' }, { window });
  const rows = core.db.prepare('SELECT id, contact_id, submission_id, state FROM messages WHERE campaign_id = ? ORDER BY id').all(campaignId) as Planned['rows'];
  const keys = core.db.prepare('SELECT key FROM submissions WHERE campaign_id = ? ORDER BY id').pluck().all(campaignId) as string[];
  return { submissions, rows, keys };
}

describe('planning in windows', () => {
  it('plans every contact once, in list order, each submission under a key of its own', async () => {
    const rows = members(2_500);
    // Every 7th has no name: refused by the template's policy, attached to nothing.
    for (let i = 0; i < rows.length; i += 7) rows[i][1] = '';
    const listId = seedList(core.db, '会员', ['姓名', 'code'], rows);
    const contactIds = core.db.prepare('SELECT id FROM contacts WHERE list_id = ? ORDER BY id').pluck().all(listId);
    const whole = await plan(listId, '<姓名>您好，会员码<code>', 1_000_000);
    for (const window of [1_000, 333]) {
      const windowed = await plan(listId, '<姓名>您好，会员码<code>', window);
      expect(windowed.rows.map((r) => r.contact_id)).toEqual(contactIds);
      expect(windowed.rows.map((r) => r.state)).toEqual(whole.rows.map((r) => r.state));
      expect(windowed.rows.filter((r) => r.state === 'rejected').every((r) => r.submission_id === null)).toBe(true);
      expect(windowed.rows.filter((r) => r.state === 'planned').every((r) => r.submission_id !== null)).toBe(true);
      expect(new Set(windowed.keys).size).toBe(windowed.submissions);
      // At most 500 lines to a request, in either window size.
      const perSubmission = new Map<number, number>();
      for (const r of windowed.rows) if (r.submission_id !== null) perSubmission.set(r.submission_id, (perSubmission.get(r.submission_id) ?? 0) + 1);
      expect(Math.max(...perSubmission.values())).toBeLessThanOrEqual(500);
      expect(perSubmission.size).toBe(windowed.submissions);
    }
    // 2,142 planned (358 refused): 5 requests of up to 500 lines. 1,000 is a multiple of
    // the limit: as few requests in windows.
    expect(whole.submissions).toBe(5);
    expect((await plan(listId, '<姓名>您好，会员码<code>', 1_000)).submissions).toBe(whole.submissions);
  });

  it('sends one text to as few requests as planned whole when the window is a multiple of the limit', async () => {
    const listId = seedList(core.db, '会员', ['姓名', 'code'], members(2_500));
    const whole = await plan(listId, '本周会员日全场八折', 1_000_000);
    expect(whole.submissions).toBe(3);
    expect((await plan(listId, '本周会员日全场八折', 1_000)).submissions).toBe(3);
  });
});
