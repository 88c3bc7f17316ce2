// The migration that indexes messages by mobile alone (instead of mobile and send time,
// which every answered message rewrote): an upgraded journal keeps its rows and the
// reply lookup (the last message to a number) uses the new index.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/main/db/migrate';
import { tempDir } from '../helpers/tmp';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const mobileIndex = MIGRATIONS.find((m) => m.name === 'messages: index by mobile only');

describe('migration: messages indexed by mobile only', () => {
  it('replaces messages_mobile_time on a journal written before it, keeping every row', () => {
    expect(mobileIndex).toBeDefined();
    const d = tempDir();
    dirs.push(d);
    const db = new Database(join(d.path, 'q.db'));
    migrate(db, MIGRATIONS.filter((m) => m.version < mobileIndex!.version));
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
    db.close();
  });
});
