// receipts: ingest and match 1,000,000 receipts, pulled in the documented page sizes
// (platform: 1000 per call; smsadmin: 20), beside inserting the same rows unmatched.
import type { ReceiptIn } from '../../src/main/providers/types';
import { emit, mobileOf, openCore, ratioRow, scaled, tempFolder, time } from '../lib';

async function main(): Promise<void> {
  const N = scaled(1_000_000);
  const folder = tempFolder('qunfa-bench-receipts-');
  const core = openCore(folder.path);
  try {
    const db = core.db;
    const account = core.accounts.add({ name: 'b', provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', unitPrice: 0.04, options: {} });
    const campaignId = Number(db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, state, created_at) VALUES ('b', ?, 't', 'notification', 'done', 'x')").run(account.id).lastInsertRowid);
    // A journal of N submitted messages in batches of 500 (as BatchSms sends them).
    const sub = db.prepare("INSERT INTO submissions (campaign_id, account_id, key, form, state, provider_batch_id) VALUES (?, ?, ?, 'BatchSms', 'submitted', ?)");
    const msg = db.prepare("INSERT INTO messages (campaign_id, submission_id, mobile, text, parts, cost_e4, state, provider_batch_id, submitted_at) VALUES (?, ?, ?, 't', 1, 400, 'submitted', ?, '2026-11-22T00:00:00Z')");
    db.transaction(() => {
      let submissionId = 0;
      for (let i = 0; i < N; i++) {
        const batch = `T${Math.floor(i / 500)}`;
        if (i % 500 === 0) submissionId = Number(sub.run(campaignId, account.id, `k${i}`, batch).lastInsertRowid);
        msg.run(campaignId, submissionId, mobileOf(i), batch);
      }
    })();
    const receipts: ReceiptIn[] = Array.from({ length: N }, (_, i) => ({ mobile: mobileOf(i), providerBatchId: `T${Math.floor(i / 500)}`, status: i % 10 ? 'DELIVRD' : 'UNDELIV', delivered: i % 10 !== 0 }));

    const PAGE = 1000;
    const real = await time(() => {
      for (let i = 0; i < N; i += PAGE) core.receipts.ingestReceipts(account.id, receipts.slice(i, i + PAGE));
    });
    const matched = (db.prepare('SELECT count(*) AS n FROM receipts WHERE message_id IS NOT NULL').get() as { n: number }).n;

    const insert = db.prepare('INSERT INTO receipts (account_id, provider_batch_id, mobile, status, delivered, received_at) VALUES (?, ?, ?, ?, ?, ?)');
    const base = await time(() => {
      for (let i = 0; i < N; i += PAGE) {
        db.transaction(() => {
          for (const r of receipts.slice(i, i + PAGE)) insert.run(account.id, r.providerBatchId ?? null, r.mobile, r.status, r.delivered ? 1 : 0, 'x');
        })();
      }
    });
    emit([
      ratioRow({
        case: 'receipts',
        what: `ingest + match ${N.toLocaleString('en')} receipts, ${PAGE} per page (${matched.toLocaleString('en')} matched)`,
        value: real.ms,
        baseline: base.ms,
        baselineWhat: 'inserting the same rows, no matching',
        target: '≤ 2.0×',
        maxRatio: matched === N ? 2.0 : 0,
      }),
    ]);
  } finally {
    await core.close();
    folder.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
