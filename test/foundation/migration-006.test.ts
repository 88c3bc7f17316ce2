// The migration of the send path's indexes: messages by mobile alone (instead of mobile
// and send time, which every answered message rewrote), unmatched receipts by batch. An
// upgraded journal keeps its rows and both lookups use the new indexes.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/db/migrate';
import { databaseBefore } from '../helpers/migrations';

describe('migration 6: indexes for the send path', () => {
  it('replaces messages_mobile_time on a journal written before it, keeping every row', () => {
    const db = databaseBefore(6);
    db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('a', 'smsadmin', 'http://x', 'u', x'00', 'x')").run();
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('c', 1, 't', 'marketing', 'x')").run();
    db.prepare("INSERT INTO messages (campaign_id, mobile, text, parts, cost_e4, state, submitted_at) VALUES (1, '13800000001', 't', 1, 0, 'submitted', '2026-11-22T00:00:00Z')").run();
    const indexes = (): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name").pluck().all() as string[]);
    expect(indexes()).toContain('messages_mobile_time');

    migrate(db);
    expect(indexes()).toContain('messages_mobile');
    expect(indexes()).not.toContain('messages_mobile_time');
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM messages WHERE mobile = '13800000001' AND submitted_at IS NOT NULL ORDER BY submitted_at DESC LIMIT 1").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('messages_mobile');
    // Unmatched receipts of one batch: a probe of (account, batch), not a scan of the account's.
    const rematch = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM receipts WHERE account_id = 1 AND message_id IS NULL AND provider_batch_id = 'B1'").all() as { detail: string }[];
    expect(rematch.map((p) => p.detail).join(' ')).toMatch(/receipts_unmatched \(account_id=\? AND provider_batch_id=\?\)/);
  });
});
