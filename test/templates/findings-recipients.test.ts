// Preflight rules about recipients and timing, each with a case that triggers it and
// one that does not: empty values, length, sensitive words (the provider's check and
// the user's list), quiet hours in Beijing time, per-number frequency limits against
// the local send history, nobody to send to.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kind } from '../../src/shared/providers';
import { startPlatformGateway, type PlatformGateway } from '../gateways/platform';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { seedList } from '../helpers/lists';
import { bench, DAYTIME, rules, type Bench } from './setup';

let b: Bench;
let gw: SmsadminGateway;
let accountId: number;
let lists = 0;
const list = (rows: string[][]): number => seedList(b.core.db, `列表${lists++}`, ['姓名', '备注'], rows);

beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'u', password: 'pw', balance: 1000, sensitiveWords: ['发票', '代开'] });
  b = bench();
  accountId = b.addAccount({ name: '门店', provider: 'smsadmin', baseUrl: gw.url, username: 'u', password: 'pw', signature: '门店', unitPrice: 0.05 });
});
afterAll(async () => {
  await b.core.remove();
  await gw.close();
});
afterEach(() => {
  b.clock.now = DAYTIME;
});

describe('empty-value', () => {
  it("warns under 'refuse' with the count and examples; silent under 'allow'", async () => {
    const listId = list([['13800000001', '', 'x'], ['13800000002', '李四', 'y'], ['13800000003', '', '']]);
    const e = await b.run({ listId, accountId, body: '<姓名>您好<备注>' });
    expect(e.findings.find((f) => f.rule === 'empty-value')).toMatchObject({ severity: 'warning', count: 2, examples: ['13800000001', '13800000003'] });
    expect(e.recipients).toBe(1);
    expect(rules(await b.run({ listId, accountId, body: '<姓名>您好<备注>', emptyPolicy: { kind: 'allow' } }))).not.toContain('empty-value');
  });
});

describe('length.max', () => {
  it('is an error for texts over what the provider accepts, signature included; silent at the limit', async () => {
    // 您好 (2) + value + 【门店】 (4): 294 → 300 characters exactly, 295 → 301.
    const listId = list([['13800000001', '', 'a'.repeat(294)], ['13800000002', '', 'a'.repeat(295)], ['13800000003', '', 'b']]);
    const e = await b.run({ listId, accountId, body: '您好<备注>', emptyPolicy: { kind: 'allow' } });
    const f = e.findings.find((x) => x.rule === 'length.max');
    expect(f).toMatchObject({ severity: 'error', count: 1, examples: ['13800000002'] });
    expect(f?.message.zh).toContain('300');
    const fine = await b.run({ listId, accountId, body: '<备注>', emptyPolicy: { kind: 'allow' } });
    expect(rules(fine)).not.toContain('length.max');
  });
});

describe('sensitive.provider (smsadmin mgz)', () => {
  it('is an error for a word in the template itself', async () => {
    const listId = list([['13800000001', '张三', 'x']]);
    const before = gw.requests.length;
    const e = await b.run({ listId, accountId, body: '<姓名>您好，可开发票' });
    const f = e.findings.find((x) => x.rule === 'sensitive.provider');
    expect(f).toMatchObject({ severity: 'error', count: 0 });
    expect(f?.message.zh).toContain('发票');
    // The balance, the template, and one packed call for the sample.
    expect(gw.requests.length - before).toBe(3);
  });

  it('is an error naming the sampled recipients whose values carry a word', async () => {
    const listId = list([['13800000001', '张三', '正常'], ['13800000002', '李四', '代开'], ['13800000003', '王五', '也正常']]);
    const e = await b.run({ listId, accountId, body: '<姓名>您好，<备注>' });
    const f = e.findings.find((x) => x.rule === 'sensitive.provider');
    expect(f).toMatchObject({ severity: 'error', count: 1, examples: ['13800000002'] });
    expect(f?.message.zh).toContain('抽查了 3 条');
  });

  it('bounds the calls on a long list however many distinct texts it has', async () => {
    const listId = list(Array.from({ length: 500 }, (_, i) => [`1380000${String(i).padStart(4, '0')}`, `顾客${i}`, '好']));
    const before = gw.requests.length;
    const e = await b.run({ listId, accountId, body: '<姓名>您好，<备注>' });
    expect(rules(e)).not.toContain('sensitive.provider');
    const mgz = gw.requests.slice(before).filter((r) => r.path.endsWith('/mgz/'));
    expect(mgz.length).toBeLessThanOrEqual(5);
    expect(mgz.length).toBeGreaterThanOrEqual(2);
  });

  it('is absent for clean texts', async () => {
    const listId = list([['13800000001', '张三', '你好']]);
    expect(rules(await b.run({ listId, accountId, body: '<姓名>您好<备注>' }))).toEqual([]);
  });

  it('warns, without failing the estimate, when the provider cannot be asked', async () => {
    const listId = list([['13800000001', '张三', '你好']]);
    gw.faults.push(...Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 503 })));
    const e = await b.run({ listId, accountId, body: '<姓名>您好<备注>' });
    gw.faults.length = 0;
    expect(e.findings).toContainEqual(expect.objectContaining({ rule: 'sensitive.provider-unchecked', severity: 'warning' }));
    expect(e.balanceError).not.toBeNull();
    expect(e.recipients).toBe(1);
  });
});

describe("sensitive.local (the user's list)", () => {
  it('stores the list trimmed and without repeats', () => {
    expect(b.estimates.setSensitiveWords([' 加微信 ', '加微信', '', '刷单'])).toEqual(['加微信', '刷单']);
    expect(b.estimates.getSensitiveWords()).toEqual(['加微信', '刷单']);
  });

  it('warns with every recipient hit and the words found; silent without hits', async () => {
    b.estimates.setSensitiveWords(['加微信', '刷单', '兼职刷单']);
    const listId = list([['13800000001', '张三', '请加微信'], ['13800000002', '李四', '好'], ['13800000003', '王五', '兼职刷单']]);
    const e = await b.run({ listId, accountId, body: '<姓名>您好<备注>' });
    const f = e.findings.find((x) => x.rule === 'sensitive.local');
    expect(f).toMatchObject({ severity: 'warning', count: 2, examples: ['13800000001', '13800000003'] });
    expect(f?.message.zh).toContain('加微信');
    expect(f?.message.zh).toContain('兼职刷单');
    b.estimates.setSensitiveWords(['不会出现']);
    expect(rules(await b.run({ listId, accountId, body: '<姓名>您好<备注>' }))).not.toContain('sensitive.local');
    b.estimates.setSensitiveWords([]);
  });
});

describe('quiet-hours: Beijing time, whatever the PC says', () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  const at = async (sendAt: string | undefined, kind: Kind = 'notification'): Promise<string[]> => rules(await b.run({ listId: list([['13800000001', '张三', 'x']]), accountId, body: '<姓名>您好', sendAt, kind }));

  it('warns at 23:30 Beijing although the PC reads 08:30 in the morning', async () => {
    b.clock.now = new Date('2026-03-10T15:30:00Z');
    expect(b.clock.now.getHours()).toBe(8);
    const e = await b.run({ listId: list([['13800000001', '张三', 'x']]), accountId, body: '<姓名>您好' });
    expect(e.findings.find((f) => f.rule === 'quiet-hours')?.message.zh).toContain('23:30');
  });

  it('is silent at 13:00 Beijing although the PC reads 22:00 at night', async () => {
    b.clock.now = new Date('2026-03-10T05:00:00Z');
    expect(b.clock.now.getHours()).toBe(22);
    expect(await at(undefined)).not.toContain('quiet-hours');
  });

  it('reads a scheduled time as Beijing time: 22:00–07:59 warn, 08:00–21:59 do not', async () => {
    expect(await at('2026-03-10 21:59')).not.toContain('quiet-hours');
    expect(await at('2026-03-10 22:00')).toContain('quiet-hours');
    expect(await at('2026-03-11 07:59')).toContain('quiet-hours');
    expect(await at('2026-03-11 08:00')).not.toContain('quiet-hours');
  });

  it('does not warn about verification codes, which the recipient asks for', async () => {
    expect(await at('2026-03-10 23:30', 'verification')).not.toContain('quiet-hours');
  });
});

describe('recipients.none', () => {
  it('warns when marketing would reach nobody; silent otherwise', async () => {
    const listId = list([['13800009999', '张三', 'x']]);
    b.core.db.prepare("INSERT INTO optouts (mobile, source, created_at) VALUES ('13800009999', 'reply', '2026-01-01')").run();
    const e = await b.run({ listId, accountId, body: '<姓名>您好，回T退订', kind: 'marketing' });
    expect(e).toMatchObject({ recipients: 0, skippedOptedOut: 1 });
    expect(rules(e)).toEqual(['recipients.none']);
    expect(rules(await b.run({ listId, accountId, body: '<姓名>您好' }))).toEqual([]);
  });
});

describe('frequency limits (platform: 10 per number per day, 3 codes per 3 minutes)', () => {
  let platform: PlatformGateway;
  let platformId: number;
  let smsadminId: number;

  /** Sends one real campaign through the account to these numbers at the current clock. */
  async function send(account: number, mobiles: string[], kind: Kind = 'notification', times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      const listId = list(mobiles.map((m) => [m, '张三', 'x']));
      const created = await b.core.campaigns.create({ listId, accountId: account, body: '<姓名>您好，验证码1234', emptyPolicy: { kind: 'refuse' }, kind });
      const end = await b.core.campaigns.send(created.campaign.id).wait;
      expect(end.state).toBe('done');
    }
  }

  beforeAll(async () => {
    platform = await startPlatformGateway({ account: 'u', password: 'pw', balance: 1e6, now: () => b.clock.now });
    platformId = b.addAccount({ name: '平台', provider: 'platform', baseUrl: platform.url, username: 'u', password: 'pw', userid: '1', signature: '星辰商店' });
    smsadminId = accountId;
    for (const id of [platformId, smsadminId]) b.core.db.prepare('UPDATE accounts SET rate_per_second = 1000 WHERE id = ?').run(id);
    const previousBeijingDay = new Date('2026-03-09T15:30:00Z'); // 03-09 23:30 Beijing
    b.clock.now = previousBeijingDay;
    await send(platformId, ['13700000003'], 'notification', 10);
    b.clock.now = DAYTIME;
    await send(platformId, ['13700000001'], 'notification', 10);
    await send(platformId, ['13700000002'], 'notification', 9);
    await send(smsadminId, ['13700000004'], 'notification', 10);
    // Planned, never sent: it has not left the PC.
    await b.core.campaigns.create({ listId: list([['13700000002', '张三', 'x']]), accountId: platformId, body: '<姓名>您好', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
    b.clock.now = new Date(DAYTIME.getTime() - 60_000);
    await send(platformId, ['13700000005'], 'verification', 3);
    await send(platformId, ['13700000006'], 'verification', 2);
    b.clock.now = DAYTIME;
  });
  afterAll(async () => {
    await platform.close();
  });

  const everyone = (): number => list(['13700000001', '13700000002', '13700000003', '13700000004', '13700000005', '13700000006'].map((m) => [m, '张三', 'x']));

  it('flags numbers that already got 10 today through this provider, and only those', async () => {
    const e = await b.run({ listId: everyone(), accountId: platformId, body: '<姓名>您好' });
    const f = e.findings.find((x) => x.rule === 'frequency.daily');
    // 01: 10 today. 02: 9 sent + 1 planned. 03: 10 yesterday (Beijing). 04: 10 through
    // another provider. 05/06: 3 and 2 today.
    expect(f).toMatchObject({ severity: 'warning', count: 1, examples: ['13700000001'] });
    expect(rules(e)).not.toContain('frequency.verification');
  });

  it('flags verification codes over 3 in 3 minutes for verification sends only, and not once the window passed', async () => {
    const listId = everyone();
    const e = await b.run({ listId, accountId: platformId, body: '<姓名>您好，验证码<备注>', kind: 'verification' });
    expect(e.findings.find((x) => x.rule === 'frequency.verification')).toMatchObject({ severity: 'warning', count: 1, examples: ['13700000005'] });
    b.clock.now = new Date(DAYTIME.getTime() + 3 * 60_000);
    expect(rules(await b.run({ listId, accountId: platformId, body: '<姓名>您好，验证码<备注>', kind: 'verification' }))).not.toContain('frequency.verification');
  });

  it('is never checked where the provider states no limit', async () => {
    const e = await b.run({ listId: everyone(), accountId: smsadminId, body: '<姓名>您好' });
    expect(rules(e)).not.toContain('frequency.daily');
  });
});
