// render: merge a 3-placeholder template for 1,000,000 contacts, count parts, write the
// journal (the real planning path), beside writing the same rows pre-rendered.
import { emit, openCore, ratioRow, scaled, seedContacts, tempFolder, time } from '../lib';

async function main(): Promise<void> {
  const N = scaled(1_000_000);
  const BODY = '<姓名>您好，您的验证码是<code>，<门店>欢迎您。';

  const folder = tempFolder('qunfa-bench-render-');
  const core = openCore(folder.path);
  try {
    const listId = seedContacts(core.db, 'bench', N);
    const account = core.accounts.add({ name: 'b', provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', signature: '星辰商店', unitPrice: 0.04, options: {} });

    const real = await time(() => core.campaigns.create({ listId, accountId: account.id, body: BODY, emptyPolicy: { kind: 'refuse' }, kind: 'notification' }));

    // Baseline: the same rows, already rendered, written in one transaction.
    const rows = core.db.prepare('SELECT mobile, text, vals, parts, cost_e4, submission_id FROM messages WHERE campaign_id = ?').all(real.result.campaign.id) as { mobile: string; text: string; vals: string; parts: number; cost_e4: number; submission_id: number }[];
    const campaignId = Number(
      core.db.prepare("INSERT INTO campaigns (name, account_id, template_body, kind, created_at) VALUES ('baseline', ?, 't', 'notification', 'x')").run(account.id).lastInsertRowid,
    );
    const insert = core.db.prepare("INSERT INTO messages (campaign_id, submission_id, mobile, text, vals, parts, cost_e4, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'planned')");
    const base = await time(() => core.db.transaction(() => rows.forEach((r) => insert.run(campaignId, r.submission_id, r.mobile, r.text, r.vals, r.parts, r.cost_e4)))());

    emit([
      ratioRow({
        case: 'render',
        what: `merge + count + journal ${N.toLocaleString('en')} messages`,
        value: real.ms,
        baseline: base.ms,
        baselineWhat: 'writing the same rows pre-rendered',
        target: '≤ 1.5×',
        maxRatio: 1.5,
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
