// The estimate's numbers on a small list whose every count is worked out by hand,
// against accounts on the simulated gateways: smsadmin (balance in money) and platform
// (balance in parts). Then, for every provider, the estimate is held against what the
// provider actually bills when the campaign is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedList, members } from '../helpers/lists';
import { startPlatformGateway, type PlatformGateway } from '../gateways/platform';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { CASES } from '../campaigns/cases';
import { bench, rules, type Bench } from './setup';

// Body '尊敬的<姓名>，<备注>' with 【门店】 appended: 4 + 4 = 8 characters before the values.
const OPTED_OUT = '13900000007';
const ROWS = [
  ['13900000001', '张三', 'x'.repeat(10)], // 20 → 1 part
  ['13900000002', '李四', 'y'.repeat(60)], // 70 → 1
  ['13900000003', '王五', 'z'.repeat(61)], // 71 → 2
  ['13900000004', '赵六', 'w'.repeat(124)], // 134 → 2
  ['13900000005', '钱七', 'v'.repeat(125)], // 135 → 3
  ['13900000006', '', 'a'], // empty 姓名: refused
  [OPTED_OUT, '孙八', 'b'], // 11 → 1, opted out
  ['13900000008', '周九', '😀'.repeat(30)], // 8 + 2 + 60 = 70 → 1
  ['13900000009', '吴十', '😀'.repeat(31)], // 72 → 2
];
const BODY = '尊敬的<姓名>，<备注>';

describe('estimate numbers (smsadmin, balance in yuan)', () => {
  let b: Bench;
  let gw: SmsadminGateway;
  let accountId: number;
  let listId: number;

  beforeAll(async () => {
    gw = await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: 100 });
    b = bench();
    accountId = b.addAccount({ name: '门店', provider: 'smsadmin', baseUrl: gw.url, username: 'shop', password: 'pw', signature: '门店', unitPrice: 0.05 });
    listId = seedList(b.core.db, '会员', ['姓名', '备注'], ROWS);
    b.core.db.prepare("INSERT INTO optouts (mobile, source, created_at) VALUES (?, 'manual', '2026-01-01')").run(OPTED_OUT);
  });
  afterAll(async () => {
    await b.core.remove();
    await gw.close();
  });

  it('counts each recipient with the signature the provider bills, parts, cost, longest and extra parts exactly', async () => {
    const e = await b.run({ listId, accountId, body: BODY });
    expect(e.recipients).toBe(8);
    expect(e.skippedOptedOut).toBe(0);
    expect(e.distribution).toEqual([
      { parts: 1, count: 4 },
      { parts: 2, count: 3 },
      { parts: 3, count: 1 },
    ]);
    expect(e.totalParts).toBe(4 + 6 + 3);
    expect(e.unitPrice).toBe(0.05);
    expect(e.cost).toBe(0.65);
    expect(e.longest).toEqual({ mobile: '13900000005', text: `尊敬的钱七，${'v'.repeat(125)}【门店】`, length: 135, parts: 3 });
    expect(e.extraPart.count).toBe(4);
    expect(e.extraPart.examples).toEqual([
      { mobile: '13900000003', length: 71, parts: 2 },
      { mobile: '13900000004', length: 134, parts: 2 },
      { mobile: '13900000005', length: 135, parts: 3 },
      { mobile: '13900000009', length: 72, parts: 2 },
    ]);
    expect(e.balance).toMatchObject({ unit: 'money', amount: 100 });
    expect(e.balanceError).toBeNull();
    expect(e.fits).toBe(true);
    expect(rules(e)).toEqual(['empty-value']);
    expect(e.findings[0]).toMatchObject({ severity: 'warning', count: 1, examples: ['13900000006'] });
    expect(e.findings[0].message.zh).toContain('<姓名>');
  });

  it('leaves opted-out contacts out of marketing only, and counts them', async () => {
    const e = await b.run({ listId, accountId, body: BODY + '拒收请回复R', kind: 'marketing' });
    expect(e.skippedOptedOut).toBe(1);
    expect(e.recipients).toBe(7);
    // The suffix adds 6 characters to every text: 26, 76, 77, 140, 141, 76, 78.
    expect(e.distribution).toEqual([
      { parts: 1, count: 1 },
      { parts: 2, count: 4 },
      { parts: 3, count: 2 },
    ]);
    expect(e.totalParts).toBe(1 + 8 + 6);
  });

  it('counts refused recipients as sent once the policy allows or fills empty values', async () => {
    const allow = await b.run({ listId, accountId, body: BODY, emptyPolicy: { kind: 'allow' } });
    expect(allow.recipients).toBe(9);
    expect(rules(allow)).toEqual([]);
    const filled = await b.run({ listId, accountId, body: BODY, emptyPolicy: { kind: 'default', text: '顾客' } });
    expect(filled.recipients).toBe(9);
    expect(filled.totalParts).toBe(allow.totalParts);
  });

  it('compares a money balance with the cost, exactly', async () => {
    gw.balance = 0.65;
    expect((await b.run({ listId, accountId, body: BODY })).fits).toBe(true);
    gw.balance = 0.6499;
    const short = await b.run({ listId, accountId, body: BODY });
    expect(short.fits).toBe(false);
    expect(short.findings[0]).toMatchObject({ rule: 'balance', severity: 'error' });
    expect(short.findings[0].message.zh).toContain('0.65');
    gw.balance = 100;
  });

  it('reports a balance it cannot get as balanceError, not as a thrown error', async () => {
    const other = b.addAccount({ name: '错密码', provider: 'smsadmin', baseUrl: gw.url, username: 'shop', password: 'wrong', signature: '门店', unitPrice: 0.05 });
    const e = await b.run({ listId, accountId: other, body: BODY });
    expect(e.balance).toBeNull();
    expect(e.fits).toBeNull();
    expect(e.balanceError?.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.balanceError?.en.length).toBeGreaterThan(0);
    expect(e.totalParts).toBe(13);
  });

  it('stops when its signal is aborted', async () => {
    const input = { listId, accountId, body: BODY, emptyPolicy: { kind: 'refuse' as const }, kind: 'notification' as const };
    await expect(b.estimates.estimate(input, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('estimate numbers (platform, balance in parts)', () => {
  let b: Bench;
  let gw: PlatformGateway;
  let accountId: number;
  let listId: number;

  beforeAll(async () => {
    gw = await startPlatformGateway({ account: 'shop', password: 'pw', balance: 13 });
    b = bench();
    accountId = b.addAccount({ name: '平台', provider: 'platform', baseUrl: gw.url, username: 'shop', password: 'pw', userid: '12', signature: '门店', unitPrice: 0.04 });
    listId = seedList(b.core.db, '会员', ['姓名', '备注'], ROWS);
  });
  afterAll(async () => {
    await b.core.remove();
    await gw.close();
  });

  it('compares a balance in parts with the total parts', async () => {
    // 门店 is 2 characters: the platform asks 3–8, which is a separate finding.
    const e = await b.run({ listId, accountId, body: BODY });
    expect(e.totalParts).toBe(13);
    expect(e.cost).toBe(0.52);
    expect(e.balance).toMatchObject({ unit: 'count', amount: 13 });
    expect(e.fits).toBe(true);
    gw.balance = 12;
    const short = await b.run({ listId, accountId, body: BODY });
    expect(short.fits).toBe(false);
    expect(short.findings.find((f) => f.rule === 'balance')?.message.en).toContain('13 parts');
  });
});

describe.each(CASES)('the estimate matches what $provider bills', (c) => {
  let b: Bench;
  let gw: Awaited<ReturnType<typeof c.start>>;

  beforeAll(async () => {
    gw = await c.start();
    b = bench();
  });
  afterAll(async () => {
    await b.core.remove();
    await gw.close();
  });

  it('total parts = the parts the gateway took off the balance after sending', async () => {
    const accountId = b.addAccount({ ...c.account(gw), unitPrice: 0.05 });
    // One request per recipient for some providers: lift the default 5 requests/s pacing.
    b.core.db.prepare('UPDATE accounts SET rate_per_second = 1000 WHERE id = ?').run(accountId);
    // Values of growing length push texts over 70 and 134 characters (each within the
    // 100 characters smscn allows a variable).
    const rows = members(40).map(([mobile, name, code], i) => [mobile, name + 'a'.repeat(i * 2), code + 'b'.repeat(i * 2)]);
    const listId = seedList(b.core.db, '会员', ['姓名', 'code'], rows);
    const providerTemplateId = c.providerTemplateId?.(gw);
    const e = await b.run({ listId, accountId, body: c.body, kind: c.kind, providerTemplateId });
    expect(e.distribution.length).toBeGreaterThanOrEqual(3);
    const before = gw.balance;
    const created = await b.core.campaigns.create({ listId, accountId, body: c.body, emptyPolicy: { kind: 'refuse' }, kind: c.kind, providerTemplateId });
    const end = await b.core.campaigns.send(created.campaign.id).wait;
    expect(end.counts).toEqual({ submitted: 40 });
    expect(before - gw.balance).toBe(e.totalParts);
    expect(e.longest?.text).toBe(c.expected(rows[39][1], rows[39][2]));
  });
});
