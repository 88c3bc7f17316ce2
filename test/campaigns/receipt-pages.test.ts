// A page of receipts as the store writes it (many receipts to a statement): each matched
// within its own account when two providers' batch ids collide, applied in the order
// they came across the statements of one page, and a page that fails leaves nothing
// behind for the next one.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/open';
import { ReceiptStore } from '../../src/main/receipts/store';
import { CoreEvents } from '../../src/main/core/events';
import type { ReceiptIn } from '../../src/main/providers/types';
import { tempDir } from '../helpers/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Two accounts, each with one campaign of `n` submitted messages in batch 'B1' to the same numbers. */
function twoAccounts(n: number): { db: Db; store: ReceiptStore } {
  const dir = tempDir();
  const db = openDatabase(`${dir.path}/q.db`);
  cleanups.push(() => dir.remove(), () => db.close());
  for (const a of [1, 2]) {
    db.prepare("INSERT INTO accounts (id, name, provider, base_url, username, password_enc, created_at) VALUES (?, ?, 'platform', 'http://x', 'u', x'00', 'x')").run(a, `a${a}`);
    db.prepare("INSERT INTO campaigns (id, name, account_id, template_body, kind, created_at) VALUES (?, 'c', ?, 't', 'notification', 'x')").run(a, a);
    db.prepare("INSERT INTO submissions (id, campaign_id, account_id, key, form, state, provider_batch_id) VALUES (?, ?, ?, ?, 'BatchSms', 'submitted', 'B1')").run(a, a, a, `k${a}`);
    const insert = db.prepare("INSERT INTO messages (campaign_id, submission_id, mobile, text, parts, cost_e4, state, provider_batch_id, submitted_at) VALUES (?, ?, ?, 't', 2, 0, 'submitted', 'B1', 'x')");
    for (let i = 0; i < n; i++) insert.run(a, a, mobile(i));
  }
  return { db, store: new ReceiptStore(db, new CoreEvents()) };
}

const mobile = (i: number): string => `138${String(i).padStart(8, '0')}`;
const receipt = (i: number, status: string, batch = 'B1'): ReceiptIn => ({ mobile: mobile(i), providerBatchId: batch, status, delivered: status.startsWith('DELIV') });

describe('a page of receipts', () => {
  it('matches each receipt within its account although both accounts sent batch B1 to the same numbers', () => {
    const { db, store } = twoAccounts(150);
    expect(store.ingestReceipts(2, Array.from({ length: 150 }, (_, i) => receipt(i, i % 3 ? 'DELIVRD' : 'UNDELIV')))).toEqual({ stored: 150, matched: 150 });
    const counts = db.prepare('SELECT campaign_id, state, n FROM campaign_counts WHERE n > 0 ORDER BY campaign_id, state').all();
    expect(counts).toEqual([
      { campaign_id: 1, state: 'submitted', n: 150 },
      { campaign_id: 2, state: 'delivered', n: 100 },
      { campaign_id: 2, state: 'failed', n: 50 },
    ]);
    const stray = db.prepare('SELECT count(*) FROM receipts r JOIN messages m ON m.id = r.message_id WHERE m.campaign_id <> r.account_id').pluck().get();
    expect(stray).toBe(0);
  });

  it('applies a message’s parts in the order they came, across the statements a long page is written in', () => {
    const { db, store } = twoAccounts(300);
    // 250 filler receipts, with message 0's parts spread over the page: its first failing
    // code is kept. Message 1's two delivered parts: the later status is shown.
    const page = Array.from({ length: 250 }, (_, i) => receipt(i + 2, 'DELIVRD'));
    page.splice(20, 0, receipt(0, 'DELIVRD'), receipt(1, 'DELIV-A'));
    page.splice(150, 0, receipt(0, 'E:FIRST'));
    page.splice(240, 0, receipt(0, 'E:SECOND'), receipt(1, 'DELIV-B'));
    store.ingestReceipts(1, page);
    const shown = db.prepare("SELECT mobile, state, status_code FROM message_view WHERE campaign_id = 1 AND mobile IN (?, ?) ORDER BY mobile").all(mobile(0), mobile(1));
    expect(shown).toEqual([
      { mobile: mobile(0), state: 'failed', status_code: 'E:FIRST' },
      { mobile: mobile(1), state: 'delivered', status_code: 'DELIV-B' },
    ]);
    // Stored in the order they came, as received.
    const stored = db.prepare('SELECT mobile, status FROM receipts ORDER BY id').all();
    expect(stored).toEqual(page.map((r) => ({ mobile: r.mobile, status: r.status })));
  });

  it('keeps unmatched receipts of a page and matches them once their batch is known', () => {
    const { db, store } = twoAccounts(3);
    expect(store.ingestReceipts(1, [receipt(0, 'DELIVRD'), receipt(1, 'DELIVRD', 'B2'), receipt(2, 'UNDELIV', 'B2')])).toEqual({ stored: 3, matched: 1 });
    db.prepare("UPDATE messages SET provider_batch_id = 'B2' WHERE campaign_id = 1 AND mobile <> ?").run(mobile(0));
    expect(store.rematch(1, 'B2')).toBe(2);
    expect(db.prepare('SELECT state, n FROM campaign_counts WHERE campaign_id = 1 AND n > 0 ORDER BY state').all()).toEqual([
      { state: 'delivered', n: 2 },
      { state: 'failed', n: 1 },
    ]);
  });

  it('a page that fails stores none of its receipts, and the next page stores only its own', () => {
    const { db, store } = twoAccounts(200);
    // Account 3 does not exist: the page's statement fails on its first rows of 100, or on a short page's last.
    for (const n of [150, 50]) expect(() => store.ingestReceipts(3, Array.from({ length: n }, (_, i) => receipt(i, 'DELIVRD')))).toThrow(/FOREIGN KEY/);
    expect(store.ingestReceipts(1, [receipt(7, 'DELIVRD')])).toEqual({ stored: 1, matched: 1 });
    expect(db.prepare('SELECT account_id, mobile FROM receipts').all()).toEqual([{ account_id: 1, mobile: mobile(7) }]);
  });
});
