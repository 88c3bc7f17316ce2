// Migration 4: receipt outcomes beside the journal. A version-3 database holding
// settled and waiting messages upgrades with its counts and message views unchanged, and
// receipts settle its messages afterwards with the counts kept exact.
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate, schemaVersionOf } from '../../src/main/db/migrate';
import { campaignViewQueries } from '../../src/main/db/campaign-views';
import { ReceiptStore } from '../../src/main/receipts/store';
import { CoreEvents } from '../../src/main/core/events';
import { databaseBefore } from '../helpers/migrations';

describe('migration 4: receipt outcomes', () => {
  it('upgrades a version-3 journal and keeps campaign_counts equal to the states shown', () => {
    const db = databaseBefore(4);
    expect(schemaVersionOf(db)).toBe(3);
    db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('a', 'smsadmin', 'http://x', 'u', x'00', 'x')").run();
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('c', 1, 't', 'marketing', 'x')").run();
    db.prepare("INSERT INTO submissions (campaign_id, account_id, key, form, state, provider_batch_id) VALUES (1, 1, 'k1', 'BatchSms', 'submitted', 'B1')").run();
    const insert = db.prepare("INSERT INTO messages (campaign_id, submission_id, mobile, text, parts, cost_e4, state, provider_batch_id, status_code, submitted_at) VALUES (1, 1, ?, 't', 1, 0, ?, 'B1', ?, '2026-01-01T00:00:00Z')");
    const states = ['submitted', 'submitted', 'delivered', 'failed', 'unknown', 'planned'];
    states.forEach((s, i) => insert.run(`1380000000${i}`, s, s === 'failed' ? 'OLD' : null));

    migrate(db);
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    const views = campaignViewQueries(db);
    expect(views.page(1, { state: 'failed' }, 0, 10).rows.map((m) => [m.mobile, m.statusCode])).toEqual([['13800000003', 'OLD']]);

    const store = new ReceiptStore(db, new CoreEvents(), () => new Date('2026-01-02T00:00:00Z'));
    const receipt = (i: number, delivered: boolean) => ({ mobile: `1380000000${i}`, providerBatchId: 'B1', status: delivered ? 'DELIVRD' : 'UNDELIV', delivered });
    // Two parts of message 0 (one failed), message 2 re-reported failed, the failed one
    // re-reported delivered (failed wins, its old code kept), the unknown one settled, the
    // planned one not.
    expect(store.ingestReceipts(1, [receipt(0, true), receipt(0, false), receipt(2, false), receipt(3, true), receipt(4, true), receipt(5, true)])).toEqual({ stored: 6, matched: 6 });
    const shown = (mobile: string) => views.page(1, { search: mobile }, 0, 1).rows[0];
    expect([0, 1, 2, 3, 4, 5].map((i) => [shown(`1380000000${i}`).state, shown(`1380000000${i}`).statusCode])).toEqual([
      ['failed', 'UNDELIV'],
      ['submitted', null],
      ['failed', 'UNDELIV'],
      ['failed', 'OLD'],
      ['delivered', 'DELIVRD'],
      ['planned', null],
    ]);
    expect(shown('13800000000').finalAt).toBe('2026-01-02T00:00:00.000Z');
    // The journal's own later changes do not move a settled message's count.
    db.prepare("UPDATE messages SET state = 'submitted' WHERE state = 'unknown'").run();
    expect(store.expire(1)).toBe(1);

    const kept = db.prepare('SELECT state, n FROM campaign_counts WHERE n > 0 ORDER BY state').all();
    const counted = db.prepare('SELECT state, count(*) AS n FROM message_view GROUP BY state ORDER BY state').all();
    expect(kept).toEqual(counted);
    expect(counted).toEqual([
      { state: 'delivered', n: 1 },
      { state: 'expired', n: 1 },
      { state: 'failed', n: 3 },
      { state: 'planned', n: 1 },
    ]);
    // A message leaves with its outcome, its count taken off the state it showed.
    db.prepare('DELETE FROM receipts WHERE message_id = 1').run();
    db.prepare('DELETE FROM messages WHERE id IN (1, 2)').run();
    expect(db.prepare('SELECT state, n FROM campaign_counts WHERE n > 0 ORDER BY state').all()).toEqual(db.prepare('SELECT state, count(*) AS n FROM message_view GROUP BY state ORDER BY state').all());
    expect(db.prepare('SELECT count(*) AS n FROM message_outcomes').get()).toEqual({ n: 3 });
  });
});
