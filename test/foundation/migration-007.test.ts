// Migration 7: receipt outcomes without a foreign key (and without the campaign column
// nothing read). An upgraded journal keeps every outcome and what each message shows;
// a message still leaves with its outcome, its count taken off the state it showed;
// and receipts settle messages afterwards.
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate } from '../../src/main/db/migrate';
import { ReceiptStore } from '../../src/main/receipts/store';
import { CoreEvents } from '../../src/main/core/events';
import { databaseBefore } from '../helpers/migrations';

describe('migration 7: receipt outcomes without a foreign key', () => {
  it('keeps every outcome of a version-6 journal, and a deleted message still takes its outcome and count along', () => {
    const db = databaseBefore(7);
    db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('a', 'smsadmin', 'http://x', 'u', x'00', 'x')").run();
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('c', 1, 't', 'marketing', 'x')").run();
    db.prepare("INSERT INTO submissions (campaign_id, account_id, key, form, state, provider_batch_id) VALUES (1, 1, 'k1', 'BatchSms', 'submitted', 'B1')").run();
    const insert = db.prepare("INSERT INTO messages (campaign_id, submission_id, mobile, text, parts, cost_e4, state, provider_batch_id, submitted_at) VALUES (1, 1, ?, 't', 1, 0, 'submitted', 'B1', 'x')");
    for (let i = 0; i < 4; i++) insert.run(`1380000000${i}`);
    // Settled by receipts before the upgrade, as the version-6 store wrote it: message 2
    // delivered, message 3 failed, their counts moved.
    db.prepare("INSERT INTO message_outcomes (message_id, campaign_id, state, status_code, final_at) VALUES (2, 1, 'delivered', 'DELIVRD', 't1'), (3, 1, 'failed', 'UNDELIV', 't2')").run();
    db.prepare("UPDATE campaign_counts SET n = n - 2 WHERE campaign_id = 1 AND state = 'submitted'").run();
    db.prepare("INSERT INTO campaign_counts (campaign_id, state, n) VALUES (1, 'delivered', 1), (1, 'failed', 1)").run();
    const shown = () => db.prepare('SELECT id, state, status_code, final_at FROM message_view ORDER BY id').all();
    const before = shown();
    const fks = () => db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all('message_outcomes');
    expect(fks()).toEqual(['messages']);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(fks()).toEqual([]);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('message_outcomes')).toEqual(['message_id', 'state', 'status_code', 'final_at']);
    expect(shown()).toEqual(before);

    // Receipts settle after the upgrade.
    const store = new ReceiptStore(db, new CoreEvents());
    expect(store.ingestReceipts(1, [{ mobile: '13800000003', providerBatchId: 'B1', status: 'DELIVRD', delivered: true }])).toEqual({ stored: 1, matched: 1 });
    const counts = () => Object.fromEntries((db.prepare('SELECT state, n FROM campaign_counts WHERE n > 0').all() as { state: string; n: number }[]).map((c) => [c.state, c.n]));
    expect(counts()).toEqual({ submitted: 1, delivered: 2, failed: 1 });

    // A message leaves with its outcome.
    db.prepare("DELETE FROM messages WHERE mobile = '13800000002'").run();
    expect(db.prepare('SELECT count(*) FROM message_outcomes').pluck().get()).toBe(2);
    expect(counts()).toEqual({ submitted: 1, delivered: 2 });
  });
});
