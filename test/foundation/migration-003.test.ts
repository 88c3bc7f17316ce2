// Migration 3: the campaign engine's lease and empty-policy columns, poll state, and the
// per-campaign message counts kept by triggers.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/open';
import { tempDir } from '../helpers/tmp';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('migration 3: campaign engine', () => {
  it('adds the lease columns and the poll state table', () => {
    const d = tempDir();
    dirs.push(d);
    const db = openDatabase(join(d.path, 'q.db'));
    const columns = (db.prepare('PRAGMA table_info(campaigns)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['empty_policy', 'lease_owner', 'lease_until']));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'poll_state'").get()).toBeTruthy();
    db.close();
  });

  it('keeps campaign_counts equal to a count of the journal through inserts, state changes and deletes', () => {
    const d = tempDir();
    dirs.push(d);
    const db = openDatabase(join(d.path, 'q.db'));
    db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('a', 'smsadmin', 'http://x', 'u', x'00', 'x')").run();
    db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('c', 1, 't', 'marketing', 'x')").run();
    const insert = db.prepare("INSERT INTO messages (campaign_id, mobile, text, parts, cost_e4, state) VALUES (1, ?, 't', 1, 0, 'planned')");
    for (let i = 0; i < 10; i++) insert.run(`1380000000${i}`);
    db.prepare("UPDATE messages SET state = 'submitted' WHERE id <= 6").run();
    db.prepare("UPDATE messages SET state = 'delivered' WHERE id <= 2").run();
    db.prepare("UPDATE messages SET state = state WHERE id = 3").run();
    db.prepare('DELETE FROM messages WHERE id = 10').run();
    const kept = db.prepare('SELECT state, n FROM campaign_counts WHERE n > 0 ORDER BY state').all();
    const counted = db.prepare('SELECT state, count(*) AS n FROM messages GROUP BY state ORDER BY state').all();
    expect(kept).toEqual(counted);
    expect(counted).toEqual([
      { state: 'delivered', n: 2 },
      { state: 'planned', n: 3 },
      { state: 'submitted', n: 4 },
    ]);
    db.close();
  });
});
