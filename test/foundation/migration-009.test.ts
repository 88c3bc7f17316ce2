// Migration 9: campaigns saved before it are visible (no planner owns them), and a
// message's links (a resend, a reply) are indexed, so deleting messages is not a scan
// of both tables per row.
import { expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate } from '../../src/main/db/migrate';
import { journalQueries } from '../../src/main/db/journal';
import { overviewQueries } from '../../src/main/db/overview';
import { databaseBefore } from '../helpers/migrations';

it('migration 9: a campaign saved before stays listed; the links to a message are indexed', () => {
  const db = databaseBefore(9);
  db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('门店', 'smsadmin', 'http://x', 'u', x'00', 'x')").run();
  const id = Number(
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, state, created_at) VALUES ('旧群发', 1, '您好', 'notification', 'done', 'x')").run().lastInsertRowid,
  );
  migrate(db);
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  expect(journalQueries(db).campaign(id)).toMatchObject({ name: '旧群发', state: 'done', planning_owner: null });
  expect(overviewQueries(db).campaigns().map((c) => c.name)).toEqual(['旧群发']);
  const plan = (sql: string): string => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
  expect(plan('SELECT id FROM messages WHERE resend_of = 1')).toMatch(/USING (COVERING )?INDEX messages_resend_of/);
  expect(plan('SELECT id FROM replies WHERE message_id = 1')).toMatch(/USING (COVERING )?INDEX replies_message/);
  db.close();
});
