// smsadmin driver against its simulated gateway (real HTTP on 127.0.0.1, GB2312).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import { ContentTooLongError, smsadmin, type SmsadminDriver } from '../../src/main/providers/smsadmin';
import type { AccountConfig, OutboundMessage, PushRequest, SendContext, Submission } from '../../src/main/providers/types';
import { parseReplyLine, parseReportLine } from '../../src/main/providers/smsadmin/parse';
import { ANSWERS, startSmsadminGateway, type SmsadminGateway, type SmsadminGatewayOptions } from '../gateways/smsadmin';

// ---- helpers ---------------------------------------------------------------------

let gw: SmsadminGateway | undefined;
let driver: SmsadminDriver | undefined;

afterEach(async () => {
  await driver?.close();
  await gw?.close();
  driver = undefined;
  gw = undefined;
});

function account(url: string, options: Record<string, string> = {}, password = 'S3cret-pw'): AccountConfig {
  return { provider: 'smsadmin', baseUrl: url, username: 'qunfa', password, signature: '门店', options };
}

async function setup(gwOpts: SmsadminGatewayOptions = {}, options: Record<string, string> = {}, password?: string): Promise<{ g: SmsadminGateway; d: SmsadminDriver }> {
  gw = await startSmsadminGateway(gwOpts);
  driver = smsadmin.create(account(gw.url, options, password), new HttpClient('smsadmin'));
  return { g: gw, d: driver };
}

/** A planning-only driver (no request is made). */
function planner(options: Record<string, string> = {}): SmsadminDriver {
  return smsadmin.create(account('http://127.0.0.1:9', options), new HttpClient('smsadmin'));
}

const PLACEHOLDER = /<([\p{L}\p{N}_-]{1,40})>/gu;
function render(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

let refs = 0;
function message(template: string, mobile: string, values: Record<string, string>): OutboundMessage {
  return { ref: String(++refs), mobile, text: render(template, values), values };
}

function mobileOf(i: number): string {
  return String(13800000000 + i);
}

let keys = 0;
function ctx(template: string, extra: Partial<SendContext> = {}): SendContext {
  return { kind: 'marketing', template, submissionKey: `K${Date.now().toString(36)}${++keys}`, ...extra };
}

async function sendAll(d: SmsadminDriver, messages: OutboundMessage[], template: string, extra: Partial<SendContext> = {}): Promise<{ subs: Submission[]; keys: string[] }> {
  const subs = d.plan(messages, { kind: 'marketing', template, ...extra });
  const used: string[] = [];
  for (const sub of subs) {
    const c = ctx(template, extra);
    used.push(c.submissionKey);
    const out = await d.send(sub, c);
    expect(out.providerBatchId).toBe(c.submissionKey);
    expect(out.messages.every((m) => m.status === 'submitted')).toBe(true);
  }
  return { subs, keys: used };
}

function forms(subs: Submission[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of subs) (out[s.form] ??= []).push(s.messages.length);
  return out;
}

/** Every planned message exactly once. */
function expectCovers(subs: Submission[], messages: OutboundMessage[]): void {
  expect(subs.flatMap((s) => s.messages.map((m) => m.ref)).sort()).toEqual(messages.map((m) => m.ref).sort());
  for (const s of subs) expect(new Set(s.messages.map((m) => m.mobile)).size).toBe(s.messages.length);
}

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

const PERSONAL = '<姓名>您好，您的会员积分为<value0>，本周六前可兑换礼品。【门店】';
const SAME = '新品到店，全场八折，欢迎光临！【门店】拒收请回复R';

// ---- capabilities ----------------------------------------------------------------

describe('capabilities', () => {
  it('states the documented wire facts', () => {
    const c = smsadmin.capabilities;
    expect(c.charset).toBe('gb2312');
    expect(c.defaultBaseUrl).toBe('http://www.smsadmin.cn');
    expect(c.send.maxMobilesPerRequest).toBe(1000);
    expect(c.send.personalised).toMatchObject({ form: 'post_send_ddt', maxItems: 1000, maxMobilesPerItem: 1, uniqueMobiles: true, forbiddenValueChars: ',;' });
    expect(c.send.nativePlaceholder).toBe('{value0}');
    expect(c.receipts.pull).toEqual({ maxPerCall: 20, minIntervalMs: 5000 });
    expect(c.replies.pull).toEqual({ maxPerCall: 20, minIntervalMs: 5000 });
    expect(c.signature.placement).toBe('content');
  });

  it('a GET account carries 100 numbers and no personalised form', () => {
    const c = planner({ method: 'get' }).capabilities;
    expect(c.send.maxMobilesPerRequest).toBe(100);
    expect(c.send.personalised).toBeNull();
  });
});

// ---- plan ------------------------------------------------------------------------

describe('plan: fewest requests', () => {
  const d = planner();

  it('all the same text: 2500 → 1000 + 1000 + 500 by post_send', () => {
    const msgs = Array.from({ length: 2500 }, (_, i) => message(SAME, mobileOf(i), {}));
    const subs = d.plan(msgs, { kind: 'marketing', template: SAME });
    expect(forms(subs)).toEqual({ post_send: [1000, 1000, 500] });
    expectCovers(subs, msgs);
  });

  it('all different texts: 2500 → 3 点点通 requests', () => {
    const msgs = Array.from({ length: 2500 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: `客户${i}`, value0: String(i) }));
    const subs = d.plan(msgs, { kind: 'marketing', template: PERSONAL });
    expect(forms(subs)).toEqual({ post_send_ddt: [1000, 1000, 500] });
    expectCovers(subs, msgs);
  });

  it('mixed: 1200 identical + 300 different texts → 2 requests (the lower bound)', () => {
    const same = Array.from({ length: 1200 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: '张三', value0: '100' }));
    const diff = Array.from({ length: 300 }, (_, i) => message(PERSONAL, mobileOf(5000 + i), { 姓名: `李${i}`, value0: String(i) }));
    const subs = d.plan([...same, ...diff], { kind: 'marketing', template: PERSONAL });
    expect(subs).toHaveLength(2);
    expectCovers(subs, [...same, ...diff]);
  });

  it('values that cannot travel in params go by post_send grouped by text, the rest by 点点通', () => {
    const ok = Array.from({ length: 995 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: `客户${i}`, value0: String(i) }));
    const comma = Array.from({ length: 6 }, (_, i) => message(PERSONAL, mobileOf(2000 + i), { 姓名: `王,${i % 3}`, value0: '1;2' }));
    const subs = d.plan([...ok, ...comma], { kind: 'marketing', template: PERSONAL });
    // 6 recipients with 3 distinct texts → 3 post_send; 995 others → 1 点点通.
    expect(forms(subs)).toEqual({ post_send: [2, 2, 2], post_send_ddt: [995] });
    expectCovers(subs, [...ok, ...comma]);
  });

  it('same-text recipients fill the room left in a post_send that must be made anyway', () => {
    const odd = message(PERSONAL, '+8613900000000', { 姓名: '张三', value0: '100' }); // not a 点点通 mobile
    const same = Array.from({ length: 1500 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: '张三', value0: '100' }));
    const diff = Array.from({ length: 600 }, (_, i) => message(PERSONAL, mobileOf(5000 + i), { 姓名: `李${i}`, value0: String(i) }));
    const all = [odd, ...same, ...diff];
    const subs = d.plan(all, { kind: 'marketing', template: PERSONAL });
    expect(subs).toHaveLength(3); // ceil(2101 / 1000)
    expect(forms(subs)).toEqual({ post_send: [1000], post_send_ddt: [1000, 101] });
    expectCovers(subs, all);
  });

  it('a number never appears twice in one request (the provider drops repeats)', () => {
    const a = message(PERSONAL, mobileOf(1), { 姓名: '甲', value0: '1' });
    const b = message(PERSONAL, mobileOf(1), { 姓名: '乙', value0: '2' });
    const c = message(PERSONAL, mobileOf(2), { 姓名: '丙', value0: '3' });
    const subs = d.plan([a, b, c], { kind: 'marketing', template: PERSONAL });
    expect(subs).toHaveLength(2);
    expectCovers(subs, [a, b, c]);
    const twice = [message(SAME, mobileOf(1), {}), message(SAME, mobileOf(1), {}), message(SAME, mobileOf(2), {})];
    const subs2 = d.plan(twice, { kind: 'marketing', template: SAME });
    expect(subs2).toHaveLength(2);
    expectCovers(subs2, twice);
  });

  it('empty values and values with edge spaces do not go by 点点通 (the server may filter or trim them)', () => {
    const msgs = [
      message(PERSONAL, mobileOf(1), { 姓名: '', value0: '1' }),
      message(PERSONAL, mobileOf(2), { 姓名: ' 张三', value0: '2' }),
      message(PERSONAL, mobileOf(3), { 姓名: '李四', value0: '3' }),
      message(PERSONAL, mobileOf(4), { 姓名: '王五', value0: '4' }),
    ];
    expect(forms(d.plan(msgs, { kind: 'marketing', template: PERSONAL }))).toEqual({ post_send: [1, 1], post_send_ddt: [2] });
  });

  it('a template holding a literal {value0} never goes by 点点通', () => {
    const t = '{value0} 是占位符示例，<姓名>【门店】';
    const msgs = Array.from({ length: 3 }, (_, i) => message(t, mobileOf(i), { 姓名: `客户${i}` }));
    expect(forms(d.plan(msgs, { kind: 'marketing', template: t }))).toEqual({ post_send: [1, 1, 1] });
  });

  it('GET accounts: 100 per request, one request per text', () => {
    const g = planner({ method: 'get' });
    const same = Array.from({ length: 250 }, (_, i) => message(SAME, mobileOf(i), {}));
    expect(forms(g.plan(same, { kind: 'marketing', template: SAME }))).toEqual({ get_send: [100, 100, 50] });
    const diff = Array.from({ length: 5 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: `客户${i}`, value0: String(i) }));
    expect(forms(g.plan(diff, { kind: 'marketing', template: PERSONAL }))).toEqual({ get_send: [1, 1, 1, 1, 1] });
  });
});

// ---- sending -------------------------------------------------------------------------

describe('send', () => {
  it('post_send_md5 by default: GB2312 on the wire, md5 lower password, linkid = submission key', async () => {
    const { g, d } = await setup();
    const msgs = [message(SAME, mobileOf(1), {}), message(SAME, mobileOf(2), {})];
    const c = ctx(SAME);
    const out = await d.send({ form: 'post_send', messages: msgs }, c);
    expect(out).toEqual({ providerBatchId: c.submissionKey, messages: msgs.map((m) => ({ ref: m.ref, status: 'submitted' })) });
    expect(g.accepted).toEqual(msgs.map((m) => ({ mobile: m.mobile, text: SAME, batchId: c.submissionKey })));
    const req = g.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/smsmarketing/wwwroot/api/post_send_md5/');
    const body = req.body.toString('latin1');
    expect(body).toMatch(/^[\x20-\x7e]*$/); // escaped, not raw bytes
    expect(body).toContain('%C8%AB%B3%A1'); // 全场 in GB2312
    expect(body).toContain(`pwd=${createHash('md5').update('S3cret-pw').digest('hex')}&`);
    expect(body).toContain(`mobile=${mobileOf(1)}%3B${mobileOf(2)}&`); // ';'-separated, no trailing ';'
    expect(g.violations).toEqual([]);
  });

  it('the plain endpoint sends the password as typed and still round-trips Chinese', async () => {
    const { g, d } = await setup({}, { endpoint: 'plain' });
    await sendAll(d, [message(SAME, mobileOf(1), {})], SAME);
    expect(g.requests[0].path).toBe('/smsmarketing/wwwroot/api/post_send/');
    expect(g.requests[0].body.toString('latin1')).toContain('pwd=S3cret-pw');
    expect(g.accepted[0].text).toBe(SAME);
  });

  it('the urldecode endpoint keeps spaces, line breaks, + and % exact', async () => {
    const { g, d } = await setup({}, { endpoint: 'urldecode' });
    const tricky = '满 100+20 减 5%\n第二行 a&b=c 你好【门店】';
    await sendAll(d, [message(tricky, mobileOf(1), {})], tricky);
    expect(g.requests[0].path).toBe('/smsmarketing/wwwroot/api/post_send_urldecode/');
    expect(g.accepted[0].text).toBe(tricky);
    expect(g.violations).toEqual([]);
  });

  it('GET (get_send_md5) carries the form in the query string', async () => {
    const { g, d } = await setup({}, { method: 'get' });
    const msgs = Array.from({ length: 3 }, (_, i) => message(SAME, mobileOf(i), {}));
    await sendAll(d, msgs, SAME);
    expect(g.requests[0].method).toBe('GET');
    expect(g.requests[0].path).toBe('/smsmarketing/wwwroot/api/get_send_md5/');
    expect(g.requests[0].rawQuery).toContain('linkid=');
    expect(g.accepted.map((a) => a.text)).toEqual([SAME, SAME, SAME]);
  });

  it('a scheduled send passes dtime; an immediate one sends it empty', async () => {
    const { g, d } = await setup();
    await sendAll(d, [message(SAME, mobileOf(1), {})], SAME, { sendAt: '2030-01-02 08:30:00' });
    await sendAll(d, [message(SAME, mobileOf(2), {})], SAME);
    expect(g.submissions.map((s) => s.dtime)).toEqual(['2030-01-02 08:30:00', '']);
  });

  it('点点通: each recipient gets exactly its own text, one request', async () => {
    const { g, d } = await setup();
    const msgs = [
      message(PERSONAL, mobileOf(1), { 姓名: '张三', value0: '1200' }),
      message(PERSONAL, mobileOf(2), { 姓名: '李四', value0: '35' }),
      message(PERSONAL, mobileOf(3), { 姓名: 'Wang Wu', value0: '7' }),
    ];
    const { subs, keys: used } = await sendAll(d, msgs, PERSONAL);
    expect(subs.map((s) => s.form)).toEqual(['post_send_ddt']);
    expect(g.requests[0].path).toBe('/smsmarketing/wwwroot/api/post_send_ddt/');
    expect(g.requests[0].body.toString('latin1')).toMatch(/pwd=[0-9a-f]{32}(&|$)/);
    expect(g.submissions[0].template).toBe('{value0}您好，您的会员积分为{value1}，本周六前可兑换礼品。【门店】');
    expect(g.accepted).toEqual(msgs.map((m) => ({ mobile: m.mobile, text: m.text, batchId: used[0] })));
    expect(g.filtered).toEqual([]);
    expect(g.violations).toEqual([]);
  });

  it('点点通: a placeholder used twice gets two markers, never a repeated one', async () => {
    const { g, d } = await setup();
    const t = '<name>：您的订单已发货，<name>请注意查收<value0>。【门店】';
    const msgs = [message(t, mobileOf(1), { name: '赵六', value0: '（顺丰）' }), message(t, mobileOf(2), { name: '钱七', value0: '（京东）' })];
    await sendAll(d, msgs, t);
    expect(g.submissions[0].template).toBe('{value0}：您的订单已发货，{value1}请注意查收{value2}。【门店】');
    expect(g.accepted.map((a) => a.text)).toEqual(msgs.map((m) => m.text));
    expect(g.violations).toEqual([]);
  });

  it('点点通: values with +, %, & and inner spaces travel exact (params are url-encoded)', async () => {
    const { g, d } = await setup();
    const msgs = [message(PERSONAL, mobileOf(1), { 姓名: 'A&B 公司', value0: '100%+5' }), message(PERSONAL, mobileOf(2), { 姓名: '李 四', value0: '=3' })];
    const { subs } = await sendAll(d, msgs, PERSONAL);
    expect(subs.map((x) => x.form)).toEqual(['post_send_ddt']);
    expect(g.accepted.map((a) => a.text)).toEqual(msgs.map((m) => m.text));
  });

  it('点点通: more than 1000 groups is answer 3', async () => {
    const { d } = await setup();
    const many = Array.from({ length: 1001 }, (_, i) => message(PERSONAL, mobileOf(i), { 姓名: `客户${i}`, value0: String(i) }));
    const err = await rejection(d.send({ form: 'post_send_ddt', messages: many }, ctx(PERSONAL)));
    expect([err.code, err.errorClass, err.text]).toEqual(['3', 'request', '3 超过发送最大量 1000 条']);
  });

  it('values with , or ; reach the recipient uncorrupted (they go by post_send)', async () => {
    const { g, d } = await setup();
    const msgs = [
      message(PERSONAL, mobileOf(1), { 姓名: '张,三', value0: '10' }),
      message(PERSONAL, mobileOf(2), { 姓名: '李四', value0: '1;2' }),
      message(PERSONAL, mobileOf(3), { 姓名: '王五', value0: '30' }),
      message(PERSONAL, mobileOf(4), { 姓名: '赵六', value0: '40' }),
    ];
    const { subs } = await sendAll(d, msgs, PERSONAL);
    expect(forms(subs)).toEqual({ post_send: [1, 1], post_send_ddt: [2] });
    expect(new Map(g.accepted.map((a) => [a.mobile, a.text]))).toEqual(new Map(msgs.map((m) => [m.mobile, m.text])));
    expect(g.filtered).toEqual([]);
  });

  it('the gateway garbles UTF-8 sent by mistake (so a UTF-8 driver would fail these tests)', async () => {
    const { g } = await setup({}, { endpoint: 'plain' });
    const body = new URLSearchParams({ uid: 'qunfa', pwd: 'S3cret-pw', mobile: mobileOf(1), msg: '您好群发', linkid: 'utf8test' }).toString();
    const res = await fetch(`${g.url}/smsmarketing/wwwroot/api/post_send/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(g.accepted).toHaveLength(1);
    expect(g.accepted[0].text).not.toBe('您好群发');
  });

  it('refuses locally what the provider would drop or garble, and sends the rest', async () => {
    const { g, d } = await setup();
    const a = message(SAME, mobileOf(1), {});
    const dup = message(SAME, mobileOf(1), {});
    const bad = message(SAME, '138-0000', {});
    const b = message(SAME, mobileOf(2), {});
    const out = await d.send({ form: 'post_send', messages: [a, dup, bad, b] }, ctx(SAME));
    expect(out.messages.map((m) => [m.ref, m.status, m.error?.code])).toEqual([
      [a.ref, 'submitted', undefined],
      [dup.ref, 'rejected', 'LOCAL_DUPLICATE'],
      [bad.ref, 'rejected', 'LOCAL_MOBILE'],
      [b.ref, 'submitted', undefined],
    ]);
    expect(g.accepted.map((x) => x.mobile)).toEqual([mobileOf(1), mobileOf(2)]);
  });

  it('text GB2312 cannot carry is refused without any request', async () => {
    const { g, d } = await setup();
    const emoji = '生日快乐🎂【门店】';
    const out = await d.send({ form: 'post_send', messages: [message(emoji, mobileOf(1), {})] }, ctx(emoji));
    expect(out.providerBatchId).toBeNull();
    expect(out.messages[0]).toMatchObject({ status: 'rejected', error: { code: 'LOCAL_CHARSET' } });
    expect(g.requests).toHaveLength(0);
  });

  it('bills per part: 70 characters one part, 67 per part beyond', async () => {
    const { g, d } = await setup({ balance: 100 });
    const long = '长'.repeat(134); // 2 parts
    await sendAll(d, [message(long, mobileOf(1), {}), message(long, mobileOf(2), {})], long);
    expect(g.balance).toBe(96);
  });

  it('a base URL copied with the API path still reaches the documented endpoints', async () => {
    gw = await startSmsadminGateway();
    driver = smsadmin.create(account(`${gw.url}/smsmarketing/wwwroot/api/`), new HttpClient('smsadmin'));
    await sendAll(driver, [message(SAME, mobileOf(1), {})], SAME);
    expect(gw.accepted).toHaveLength(1);
  });
});

// ---- errors --------------------------------------------------------------------------

describe('documented answer codes', () => {
  const expected: [number, string][] = [
    [1, 'request'],
    [2, 'request'],
    [3, 'request'],
    [4, 'request'],
    [5, 'request'],
    [6, 'unknown'], // not in the document's table
    [7, 'request'],
    [8, 'request'],
  ];

  it.each(expected)('code %i is class %s, with a bilingual explanation, and nothing is accepted', async (code, cls) => {
    const { g, d } = await setup();
    g.failNext(code, code === 6 ? '6 未知错误' : undefined);
    const err = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect(err.code).toBe(String(code));
    expect(err.errorClass).toBe(cls);
    expect(err.text.startsWith(String(code))).toBe(true);
    expect(err.explain.zh.length).toBeGreaterThan(5);
    expect(err.explain.en.length).toBeGreaterThan(5);
    expect(err.message).not.toContain('S3cret-pw');
    expect(g.accepted).toHaveLength(0);
  });

  it('点点通 answers with the same table', async () => {
    const { g, d } = await setup();
    g.failNext(2);
    const m = message(PERSONAL, mobileOf(1), { 姓名: '张三', value0: '1' });
    const err = await rejection(d.send({ form: 'post_send_ddt', messages: [m] }, ctx(PERSONAL)));
    expect([err.code, err.errorClass]).toEqual(['2', 'request']);
  });

  it('an answer outside the table is unparseable: class unknown', async () => {
    const { g, d } = await setup();
    g.failNext(9, '9 系统繁忙');
    const err = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect(err.errorClass).toBe('unknown');
  });

  it('1: a wrong password', async () => {
    const { d } = await setup({}, {}, 'wrong');
    const err = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect([err.code, err.errorClass, err.text]).toEqual(['1', 'request', ANSWERS.auth]);
  });

  it('2: balance too low', async () => {
    const { d } = await setup({ balance: 0 });
    const err = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect([err.code, err.errorClass]).toEqual(['2', 'request']);
  });

  it('3: more numbers than the endpoint takes (POST 1000, GET 100)', async () => {
    const { d } = await setup();
    const many = Array.from({ length: 1001 }, (_, i) => message(SAME, mobileOf(i), {}));
    const err = await rejection(d.send({ form: 'post_send', messages: many }, ctx(SAME)));
    expect([err.code, err.errorClass, err.text]).toEqual(['3', 'request', '3 超过发送最大量 1000 条']);
    const get = await rejection(d.send({ form: 'get_send', messages: many.slice(0, 101) }, ctx(SAME)));
    expect([get.code, get.text]).toEqual(['3', '3 超过发送最大量 100 条']);
  });

  it('4 and 8: sending not allowed, account frozen', async () => {
    const { g, d } = await setup({ sendAllowed: false });
    const e4 = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect([e4.code, e4.errorClass]).toEqual(['4', 'request']);
    g.settings.sendAllowed = true;
    g.settings.frozen = true;
    const e8 = await rejection(d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME)));
    expect([e8.code, e8.errorClass]).toEqual(['8', 'request']);
  });

  it('5: empty content', async () => {
    const { d } = await setup();
    const err = await rejection(d.send({ form: 'post_send', messages: [message('', mobileOf(1), {})] }, ctx('')));
    expect([err.code, err.errorClass]).toEqual(['5', 'request']);
  });

  it('7: too long, with the channel limit read from the answer', async () => {
    const { d } = await setup({ maxChars: 70 });
    const long = '超'.repeat(71);
    const err = await rejection(d.send({ form: 'post_send', messages: [message(long, mobileOf(1), {})] }, ctx(long)));
    expect(err).toBeInstanceOf(ContentTooLongError);
    expect((err as ContentTooLongError).maxChars).toBe(70);
    expect(err.errorClass).toBe('request');
    expect(err.explain.zh).toContain('70');
  });

  it('a bad submission key or schedule is refused before anything leaves', async () => {
    const { g, d } = await setup();
    const m = [message(SAME, mobileOf(1), {})];
    expect((await rejection(d.send({ form: 'post_send', messages: m }, { ...ctx(SAME), submissionKey: 'has-dash' }))).errorClass).toBe('request');
    expect((await rejection(d.send({ form: 'post_send', messages: m }, ctx(SAME, { sendAt: '2030/01/02 08:30' })))).errorClass).toBe('request');
    expect(g.requests).toHaveLength(0);
  });
});

// ---- network faults ------------------------------------------------------------------

describe('network faults', () => {
  const send = (d: SmsadminDriver): Promise<unknown> => d.send({ form: 'post_send', messages: [message(SAME, mobileOf(1), {})] }, ctx(SAME));

  it('connection reset after the request was read → unknown (it was accepted)', async () => {
    const { g, d } = await setup();
    g.faults.push({ kind: 'reset-after' });
    expect((await rejection(send(d))).errorClass).toBe('unknown');
    expect(g.accepted).toHaveLength(1);
  });

  it('HTTP 503 → retry', async () => {
    const { g, d } = await setup();
    g.faults.push({ kind: 'status', status: 503 });
    expect((await rejection(send(d))).errorClass).toBe('retry');
    expect(g.accepted).toHaveLength(0);
  });

  it('a body no document describes → unknown', async () => {
    const { g, d } = await setup();
    g.faults.push({ kind: 'garbage' });
    expect((await rejection(send(d))).errorClass).toBe('unknown');
  });
});

// ---- balance and sensitive words -----------------------------------------------------

describe('balance (user_info)', () => {
  it('reads 剩余资费 and follows the sends', async () => {
    const { g, d } = await setup({ balance: 88.5 });
    expect(await d.balance()).toEqual({ unit: 'money', amount: 88.5, raw: '用户ID=qunfa 剩余资费=88.5' });
    await sendAll(d, [message(SAME, mobileOf(1), {})], SAME);
    expect((await d.balance()).amount).toBe(87.5);
    expect(g.requests.at(-1)?.path).toBe('/smsmarketing/wwwroot/api/user_info/');
  });

  it('uses user_info_urldecode on the url-encoded variant', async () => {
    const { g, d } = await setup({}, { endpoint: 'urldecode' });
    expect((await d.balance()).amount).toBe(1000);
    expect(g.requests[0].path).toBe('/smsmarketing/wwwroot/api/user_info_urldecode/');
  });

  it('a wrong password is a request error', async () => {
    const { d } = await setup({}, {}, 'nope');
    const err = await rejection(d.balance());
    expect([err.code, err.errorClass]).toEqual(['1', 'request']);
  });
});

describe('sensitive words (mgz)', () => {
  it('lists the flagged words, or none', async () => {
    const { d } = await setup({ sensitiveWords: ['发票', '代开'] });
    expect(await d.checkSensitiveWords('专业代开各类发票【门店】')).toEqual(['发票', '代开']);
    expect(await d.checkSensitiveWords('周末愉快【门店】')).toEqual([]);
  });

  it('is an operation with a validated schema', async () => {
    const { d } = await setup({ sensitiveWords: ['赌博'] });
    const op = d.operations['sensitive-words'];
    expect(op.description.zh).toContain('敏感字');
    expect(op.params.safeParse({ text: '' }).success).toBe(false);
    expect(await op.run(op.params.parse({ text: '网上赌博' }))).toEqual({ words: ['赌博'], clean: false });
  });

  it('a wrong password is a request error', async () => {
    const { d } = await setup({}, {}, 'nope');
    expect((await rejection(d.checkSensitiveWords('你好'))).errorClass).toBe('request');
  });
});

// ---- pulls ---------------------------------------------------------------------------

describe('pulled reports (report)', () => {
  it('drains 20 per call; 160 is an empty page', async () => {
    const { g, d } = await setup();
    const msgs = Array.from({ length: 45 }, (_, i) => message(SAME, mobileOf(i), {}));
    const { keys: used } = await sendAll(d, msgs, SAME);
    g.reportDelivery(g.accepted.slice(0, 40), 'delivered');
    g.reportDelivery(g.accepted.slice(40), 'failed');
    const p1 = await d.pullReceipts!();
    const p2 = await d.pullReceipts!();
    const p3 = await d.pullReceipts!();
    const p4 = await d.pullReceipts!();
    expect([p1, p2, p3, p4].map((p) => [p.items.length, p.more])).toEqual([
      [20, true],
      [20, true],
      [5, false],
      [0, false],
    ]);
    expect(p1.items[0]).toMatchObject({ mobile: mobileOf(0), status: 'DELIVRD', delivered: true, providerBatchId: used[0] });
    expect(p1.items[0].reportedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(p3.items.every((r) => r.status === 'UNDELIV' && !r.delivered)).toBe(true);
  });

  it('any status but DELIVRD is a failure, kept verbatim', async () => {
    const { g, d } = await setup();
    await sendAll(d, [message(SAME, mobileOf(1), {}), message(SAME, mobileOf(2), {})], SAME);
    g.reportStatus([g.accepted[0]], 'EXPIRED');
    g.reportStatus([g.accepted[1]], 'MK:0001');
    const page = await d.pullReceipts!();
    expect(page.items.map((r) => [r.status, r.delivered])).toEqual([
      ['EXPIRED', false],
      ['MK:0001', false],
    ]);
  });
});

describe('pull answers', () => {
  it('a garbage answer is unparseable (unknown), for pulls and balance alike', async () => {
    const { g, d } = await setup();
    g.faults.push({ kind: 'garbage' }, { kind: 'garbage' });
    expect((await rejection(d.pullReceipts!())).errorClass).toBe('unknown');
    expect((await rejection(d.balance())).errorClass).toBe('unknown');
  });

  it('reads lines whose date is written with / and whose linkid or subcode is empty', () => {
    expect(parseReportLine('13800000000/2024/01/02 10:00:00/K1/DELIVRD/')).toEqual({
      mobile: '13800000000',
      status: 'DELIVRD',
      delivered: true,
      reportedAt: '2024/01/02 10:00:00',
      providerBatchId: 'K1',
    });
    expect(parseReplyLine('13800000000/2024/01/02 10:00:00//a/b/123', 'plain')).toEqual({
      mobile: '13800000000',
      text: 'a/b',
      repliedAt: '2024/01/02 10:00:00',
      extno: '123',
    });
    expect(parseReportLine('not a report')).toBeNull();
  });

  it('a wrong password on a pull is a request error', async () => {
    const { d } = await setup({}, {}, 'nope');
    expect((await rejection(d.pullReceipts!())).code).toBe('1');
    expect((await rejection(d.pullReplies!())).code).toBe('1');
  });
});

describe('pulled replies (reve / reve_urlencode)', () => {
  const text = '好的/收到，\n谢谢 100%+R';

  it('reve_urlencode (default): content exact, linkid of the last send, 150 is an empty page', async () => {
    const { g, d } = await setup();
    const { keys: used } = await sendAll(d, [message(SAME, mobileOf(1), {})], SAME);
    g.reply(mobileOf(1), text, '01');
    const page = await d.pullReplies!();
    expect(g.requests.at(-1)?.path).toBe('/smsmarketing/wwwroot/api/reve_urlencode/');
    expect(page.more).toBe(false);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ mobile: mobileOf(1), text, providerBatchId: used[0], extno: '01' });
    expect(await d.pullReplies!()).toEqual({ items: [], more: false });
  });

  it('reve (plain): a reply holding / and a line break still reads', async () => {
    const { g, d } = await setup({}, { replyFormat: 'plain' });
    g.reply(mobileOf(1), text);
    g.reply(mobileOf(2), 'TD');
    const page = await d.pullReplies!();
    expect(g.requests.at(-1)?.path).toBe('/smsmarketing/wwwroot/api/reve/');
    expect(page.items.map((r) => [r.mobile, r.text])).toEqual([
      [mobileOf(1), text],
      [mobileOf(2), 'TD'],
    ]);
  });

  it('drains 20 per call', async () => {
    const { g, d } = await setup();
    for (let i = 0; i < 21; i++) g.reply(mobileOf(i), `回复${i}`);
    const p1 = await d.pullReplies!();
    const p2 = await d.pullReplies!();
    expect([p1.items.length, p1.more, p2.items.length, p2.more]).toEqual([20, true, 1, false]);
    expect(p2.items[0].text).toBe('回复20');
  });
});

// ---- push ----------------------------------------------------------------------------

describe('push (Class=mo / Class=rpt)', () => {
  function push(query: string, body = Buffer.alloc(0)): PushRequest {
    return { method: 'POST', query: new URLSearchParams(query), headers: {}, body };
  }
  const d = planner();

  it('the document’s reply example', () => {
    const r = d.parsePush!(push('Class=mo&SmsName=ID&Mobile=13802102102&Message=test&LinkId=123456789& RevertTime=0000-00-00 00:00:00'));
    expect(r.receipts).toEqual([]);
    expect(r.replies).toEqual([{ mobile: '13802102102', text: 'test', providerBatchId: '123456789', repliedAt: '0000-00-00 00:00:00' }]);
    expect(r.answer.status).toBe(200);
  });

  it('the document’s report example', () => {
    const r = d.parsePush!(push('Class=rpt&SmsName=ID&Mobile=138xxxxxxx&LinkId=123456789&Report=DELIVRD&ReportTime=0000-00-00 00:00:00'));
    expect(r.replies).toEqual([]);
    expect(r.receipts).toEqual([{ mobile: '138xxxxxxx', status: 'DELIVRD', delivered: true, providerBatchId: '123456789', reportedAt: '0000-00-00 00:00:00' }]);
  });

  it('GB2312 form bodies as the gateway posts them', async () => {
    const { g } = await setup({ delivery: 'push' });
    const c = await sendAll(driver!, [message(SAME, mobileOf(1), {})], SAME);
    const [rpt] = g.reportDelivery(g.accepted, 'failed');
    const [mo] = g.reply(mobileOf(1), '退订，谢谢');
    const toReq = (p: typeof rpt): PushRequest => ({ method: p.method, query: new URLSearchParams(p.query), headers: { 'content-type': p.contentType }, body: p.body });
    expect(driver!.parsePush!(toReq(rpt)).receipts[0]).toMatchObject({ mobile: mobileOf(1), status: 'UNDELIV', delivered: false, providerBatchId: c.keys[0] });
    expect(driver!.parsePush!(toReq(mo)).replies[0]).toMatchObject({ mobile: mobileOf(1), text: '退订，谢谢', providerBatchId: c.keys[0] });
  });

  it('refuses what is not this provider’s push', () => {
    expect(() => d.parsePush!(push('Class=foo&Mobile=13800000000'))).toThrow(ProviderError);
    expect(() => d.parsePush!(push('', Buffer.from('{"mobile":"13800000000"}')))).toThrow(ProviderError);
  });
});
