// How long the estimate of a 1M-contact campaign takes: a list written straight into a
// temp database, an account on the simulated platform gateway (frequency limits, so the
// send-history query runs too), 200k messages of history, 10k opt-outs.
// Run: npx tsx test/templates/estimate-speed.ts [contacts]
import { startPlatformGateway } from '../gateways/platform';
import { startSmsadminGateway } from '../gateways/smsadmin';
import { bench } from './setup';

const N = Number(process.argv[2] ?? 1_000_000);
const HISTORY = 200_000;

async function main(): Promise<void> {
  const platform = await startPlatformGateway({ account: 'shop', password: 'pw', balance: 1e9 });
  const smsadmin = await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: 1e6 });
  const b = bench(new Date());
  const { db } = b.core;
  try {
    const platformId = b.addAccount({ name: '平台', provider: 'platform', baseUrl: platform.url, username: 'shop', password: 'pw', userid: '1', signature: '星辰商店', unitPrice: 0.04 });
    const smsadminId = b.addAccount({ name: '门店', provider: 'smsadmin', baseUrl: smsadmin.url, username: 'shop', password: 'pw', signature: '门店', unitPrice: 0.05 });
    let t = performance.now();
    const now = new Date().toISOString();
    const listId = Number(db.prepare("INSERT INTO lists (name, fields, created_at, updated_at) VALUES ('百万', '[\"姓名\",\"门店\",\"积分\"]', ?, ?)").run(now, now).lastInsertRowid);
    const contact = db.prepare('INSERT INTO contacts (list_id, mobile, fields) VALUES (?, ?, ?)');
    const optout = db.prepare("INSERT INTO optouts (mobile, source, created_at) VALUES (?, 'manual', ?)");
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const mobile = `13${String(i).padStart(9, '0')}`;
        contact.run(listId, mobile, JSON.stringify([`顾客${i}`, i % 7 === 0 ? '南京路旗舰店（周末延长营业至二十二点）' : '南京路店', String(i % 10_000)]));
        if (i % 100 === 0) optout.run(mobile, now);
      }
      const campaign = db
        .prepare("INSERT INTO campaigns (name, account_id, template_body, kind, state, created_at) VALUES ('history', ?, 'x', 'notification', 'done', ?)")
        .run(platformId, now).lastInsertRowid;
      const message = db.prepare("INSERT INTO messages (campaign_id, mobile, text, parts, cost_e4, state, submitted_at) VALUES (?, ?, 'x', 1, 400, 'delivered', ?)");
      for (let i = 0; i < HISTORY; i++) message.run(campaign, `13${String(i % 50_000).padStart(9, '0')}`, now);
    })();
    console.log(`seeded ${N} contacts, ${HISTORY} history messages in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const body = '<姓名>您好，<门店>本周会员日，您的积分<积分>可抵现金，全场八折，欢迎光临。拒收请回复R';
    const run = async (label: string, accountId: number): Promise<void> => {
      t = performance.now();
      const cpu = process.cpuUsage();
      const e = await b.estimates.estimate({ listId, accountId, body, emptyPolicy: { kind: 'refuse' }, kind: 'marketing' });
      const s = ((performance.now() - t) / 1000).toFixed(2);
      const used = process.cpuUsage(cpu);
      // CPU time too: on a shared 2-core machine the wall time says as much about the neighbours.
      console.log(`${label}: ${s} s (cpu ${((used.user + used.system) / 1e6).toFixed(2)} s) — ${e.recipients} recipients, ${e.skippedOptedOut} opted out, ${e.totalParts} parts, ${JSON.stringify(e.distribution)}, findings ${e.findings.map((f) => `${f.rule}:${f.count}`).join(' ')}`);
    };
    await run('platform (frequency history), no word list', platformId);
    await run('smsadmin (provider word check), no word list', smsadminId);
    b.estimates.setSensitiveWords(Array.from({ length: 2000 }, (_, i) => `敏感词${i}号`).concat(['代开发票', '加微信']));
    await run('platform, 2002 local sensitive words', platformId);

  } finally {
    await b.core.remove();
    await platform.close();
    await smsadmin.close();
  }
}

void main();
