// 云触达 driver against its simulated gateway, and the document's worked examples as vectors.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ProviderError, type ErrorClass } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import type { AccountConfig, Driver, OutboundMessage, PushRequest, SendContext, Submission } from '../../src/main/providers/types';
import { capabilities, createYunchudaDriver, yunchuda } from '../../src/main/providers/yunchuda';
import { parseBalance, parseSignatureList, parseTemplateStatus } from '../../src/main/providers/yunchuda/operations';
import { LOCAL_REJECT_FORM, SEND_FORM, messageList, prepare } from '../../src/main/providers/yunchuda/plan';
import { percentBytes, signFor, urlEncodeUtf8 } from '../../src/main/providers/yunchuda/protocol';
import type { Fault } from '../gateways/harness';
import { PATHS, partsOf, startYunchudaGateway, type YunchudaGateway } from '../gateways/yunchuda';
import { providerFailure } from '../helpers/provider-error';

// ---- helpers ------------------------------------------------------------------------

const PASSWORD = 'pw-Zq81x!secret';
let nextRef = 1;

function account(gw: YunchudaGateway, password = PASSWORD): AccountConfig {
  return { provider: 'yunchuda', baseUrl: gw.url + '/', username: 'shop01', password, signature: '星巴克', options: {} };
}

/** Qunfa's own rendering: <name> replaced by its value. */
function render(template: string, values: Record<string, string>): string {
  return template.replace(/<([^<>]+)>/g, (whole, name: string) => values[name] ?? whole);
}

function msgs(template: string, rows: { mobile: string; values?: Record<string, string> }[]): OutboundMessage[] {
  return rows.map((r) => ({ ref: String(nextRef++), mobile: r.mobile, values: r.values ?? {}, text: render(template, r.values ?? {}) }));
}

function mobile(i: number): string {
  return '138' + String(i).padStart(8, '0');
}

function ctxOf(template: string, providerTemplateId: string, extra: Partial<SendContext> = {}): SendContext {
  return { kind: 'notification', template, providerTemplateId, submissionKey: 'k' + nextRef++, ...extra };
}


function lastBody(gw: YunchudaGateway): Record<string, unknown> {
  return JSON.parse(gw.requests[gw.requests.length - 1].body.toString('utf8')) as Record<string, unknown>;
}

function push(body: string): PushRequest {
  return { method: 'POST', query: new URLSearchParams(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body, 'utf8') };
}

async function sendAll(driver: Driver, messages: OutboundMessage[], ctx: SendContext) {
  const outcomes = [];
  for (const s of driver.plan(messages, ctx)) outcomes.push(await driver.send(s, ctx));
  return outcomes;
}

// The document's example texts.
const DOC_SMSCONTENT =
  '%e3%80%90%e6%98%9f%e5%b7%b4%e5%85%8b%e3%80%91%e5%b0%8a%e6%95%ac%e7%9a%84%e4%bc%9a%e5%91%98%ef%bc%8c%e6%82%a8%e6%9c%ac%e5%91%a8%e4%bc%9a%e5%91%98%e4%bc%98%e6%83%a0%e5%88%b8%e5%b7%b2%e5%88%b0%e8%b4%a6%ef%bc%8c%e8%af%b7%e6%9f%a5%e6%94%b6%e6%8b%92%e6%94%b6%e8%af%b7%e5%9b%9e%e5%a4%8dR';
const DOC_TEXT = '【星巴克】尊敬的会员，您本周会员优惠券已到账，请查收拒收请回复R';
const DOC_SMSSTATE =
  'smsstate=18052538888,1,88082ed4-75a8-4c10-a6f8-22500f20f0e4,20190114165254;18052539999,1,88082ed4-75a8-4c10-a6f8-22500f20f0e4,20190114165254;';
const DOC_UPSTREAM = 'upstream=18052538888,1000,%AA%B5%BD8, 20190114165254; 18052539999,1000,%AA%B5%BD8, 20190114165254;';

// ---- the document's worked examples -------------------------------------------------

describe('yunchuda: document vectors', () => {
  let gw: YunchudaGateway;
  let driver: Driver;
  beforeAll(async () => {
    gw = await startYunchudaGateway({ username: 'shop01', password: PASSWORD });
    driver = yunchuda.create(account(gw), new HttpClient('yunchuda'));
  });
  afterAll(async () => {
    await driver.close();
    await gw.close();
  });

  it('6.1: MD5("test"+"123456"+"201212211345060001") is 73884F26D8370979ABA9AAAA8A423D79', () => {
    expect(signFor('test', '123456', '201212211345060001')).toBe('73884F26D8370979ABA9AAAA8A423D79');
  });

  it('1.1: the smscontent example is the UTF-8 url-encoding of the Starbucks text', () => {
    expect(percentBytes(DOC_SMSCONTENT).toString('utf8')).toBe(DOC_TEXT);
    expect(urlEncodeUtf8(DOC_TEXT).toLowerCase()).toBe(DOC_SMSCONTENT.toLowerCase());
  });

  it('1.4: the gateway accepts the example request (repeated number included) once signed', async () => {
    const gwDoc = await startYunchudaGateway();
    try {
      const id = gwDoc.addApprovedTemplate(DOC_TEXT);
      expect(id).toBe('TPCODE_100000');
      const timestamp = '1440144935000';
      const body = {
        username: 'test',
        sign: signFor('test', '123456', timestamp),
        timestamp,
        smstype: 'SMS_10000',
        appendid: '1',
        sendtime: '2015-01-01 08:00:00',
        messagelist: [
          { smscontent: DOC_SMSCONTENT, smsmobile: '13800138000', smstemplateid: 'TPCODE_100000' },
          { smscontent: DOC_SMSCONTENT, smsmobile: '13800138000,13800138001,13800138002', smstemplateid: 'TPCODE_100000' },
        ],
      };
      const res = await fetch(gwDoc.url + '/Sms/SendBatchSms', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answer = (await res.json()) as { jsonrpc: string; result: string };
      expect(answer.jsonrpc).toBe('2.0');
      expect(gwDoc.accepted.map((a) => [a.mobile, a.text, a.batchId, a.extno])).toEqual(
        ['13800138000', '13800138000', '13800138001', '13800138002'].map((m) => [m, DOC_TEXT, answer.result, '1']),
      );
      expect(gwDoc.batches[0].sendtime).toBe('2015-01-01 08:00:00');
    } finally {
      await gwDoc.close();
    }
  });

  it('1.5: the success answer gives the business serial number as the batch id', async () => {
    const id = gw.addApprovedTemplate('【星巴克】您的订单已发货');
    gw.forceAnswer('{\n    "jsonrpc": "2.0",\n    "id": "e629bdc2-15ae-4c92-8d7b-1533ba485fe9", \n    "result": "408f87d1-3d44-4519-8896-c0bf81061dbf"\n}');
    const messages = msgs('【星巴克】您的订单已发货', [{ mobile: '13800138000' }]);
    const out = await driver.send({ form: SEND_FORM, messages }, ctxOf('【星巴克】您的订单已发货', id));
    expect(out.providerBatchId).toBe('408f87d1-3d44-4519-8896-c0bf81061dbf');
    expect(out.messages).toEqual([{ ref: messages[0].ref, status: 'submitted' }]);
  });

  it('1.5: the failure answer is ProviderError -32006 签名校验不通过, request refused', async () => {
    gw.forceAnswer('{"jsonrpc": "2.0","id": "9627655f-c7e7-4666-9a09-14ecc15552da","error": {"code": "-32006","message": "签名校验不通过"}}');
    const err = await providerFailure(driver.balance());
    expect([err.code, err.text, err.errorClass]).toEqual(['-32006', '签名校验不通过', 'request']);
    expect(err.explain.zh).toContain('密码');
  });

  it('4.1-4.3, 5.1: the documented success answers', async () => {
    const ok = (result: string) => `{"jsonrpc":"2.0","id":"e629bdc2-15ae-4c92-8d7b-1533ba485fe9","result":"${result}"}`;
    gw.forceAnswer(ok('TPCODE_100000'));
    expect(await driver.operations['template-add'].run({ content: '【星巴克】到货了' })).toEqual({ templateId: 'TPCODE_100000' });
    gw.forceAnswer(ok('{status:1}'));
    expect(await driver.operations['template-status'].run({ templateId: 'TPCODE_100000' })).toMatchObject({ status: 'approved', code: '1' });
    gw.forceAnswer(ok('SUCCESS'));
    expect(await driver.operations['template-delete'].run({ templateId: 'TPCODE_100000' })).toEqual({ ok: true, raw: 'SUCCESS' });
    gw.forceAnswer(ok('success'));
    expect(await driver.operations['signature-apply'].run({ name: '星巴克咖啡' })).toEqual({ ok: true, raw: 'success' });
  });

  it('5.2: the example list, typographic quotes and full-width comma included, is read', async () => {
    gw.forceAnswer(
      '{"jsonrpc":"2.0","id":"e629bdc2-15ae-4c92-8d7b-1533ba485fe9","result":"[{“id”:”签名id”,“smsname”:”签名”,”created”:”创建时间”,”checkstate”:”审核状态”，”checkresult”:”失败原因”}]"}',
    );
    expect(await driver.operations['signature-list'].run({})).toEqual([
      { id: '签名id', name: '签名', created: '创建时间', state: 'unknown', stateCode: '审核状态', reason: '失败原因' },
    ]);
  });

  it('3.2: the receipt example gives two delivered receipts and the answer getsuccess', () => {
    const r = driver.parsePush!(push(DOC_SMSSTATE));
    expect(r.receipts).toEqual(
      ['18052538888', '18052539999'].map((m) => ({ mobile: m, status: '1', delivered: true, providerBatchId: '88082ed4-75a8-4c10-a6f8-22500f20f0e4', reportedAt: '20190114165254' })),
    );
    expect(r.replies).toEqual([]);
    expect(r.answer).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'getsuccess' });
  });

  it('3.3: the reply example (content not valid UTF-8) keeps the content verbatim', () => {
    const r = driver.parsePush!(push(DOC_UPSTREAM));
    expect(r.replies).toEqual(['18052538888', '18052539999'].map((m) => ({ mobile: m, text: '%AA%B5%BD8', extno: '1000', repliedAt: '20190114165254' })));
    expect(r.answer.body).toBe('getsuccess');
  });
});

// ---- capabilities -------------------------------------------------------------------

describe('yunchuda: capabilities', () => {
  it('declares what the document fixes', () => {
    expect(yunchuda.capabilities).toBe(capabilities);
    expect(capabilities).toMatchObject({
      provider: 'yunchuda',
      charset: 'utf-8',
      defaultBaseUrl: 'https://smsapi.taocrm.com',
      send: { maxMobilesPerRequest: 200, contentMode: 'provider-template', nativePlaceholder: '{name}', maxChars: 500, scheduled: true, extnoMaxDigits: 5 },
      segments: { single: 70, multi: 67 },
      signature: { placement: 'provider-template', required: true, minChars: 3 },
      marketingSuffix: { text: '拒收请回复R', requiredFor: ['marketing'] },
      receipts: { pull: null, push: true },
      replies: { pull: null, push: true },
    });
    expect(capabilities.send.personalised).toEqual({ form: 'SendBatchSms', maxItems: 200, maxMobilesPerItem: 200, uniqueMobiles: true, forbiddenValueChars: '' });
    expect(capabilities.fields.find((f) => f.key === 'password')).toMatchObject({ required: true, secret: true });
  });
});

// ---- plan -----------------------------------------------------------------------------

describe('yunchuda: plan uses the fewest requests', () => {
  const driver = yunchuda.create(
    { provider: 'yunchuda', baseUrl: 'https://smsapi.taocrm.com', username: 'u', password: 'p', options: {} },
    new HttpClient('yunchuda'),
  );
  afterAll(() => driver.close());
  const T = '【星巴克】<name>您好，积分<value0>';
  const sends = (subs: Submission[]) => subs.filter((s) => s.form === SEND_FORM);
  const ctx = ctxOf(T, 'TPCODE_1');

  function checkCover(input: OutboundMessage[], subs: Submission[]): void {
    const refs = subs.flatMap((s) => s.messages.map((m) => m.ref)).sort();
    expect(refs).toEqual(input.map((m) => m.ref).sort());
    for (const s of sends(subs)) {
      expect(s.messages.length).toBeLessThanOrEqual(200);
      expect(new Set(s.messages.map((m) => m.mobile)).size).toBe(s.messages.length);
    }
  }

  it('all the same text: ceil(n/200), one entry per request', () => {
    const input = msgs('【星巴克】周末全场八折', Array.from({ length: 450 }, (_, i) => ({ mobile: mobile(i) })));
    const subs = driver.plan(input, ctxOf('【星巴克】周末全场八折', 'TPCODE_1'));
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([
      [SEND_FORM, 200],
      [SEND_FORM, 200],
      [SEND_FORM, 50],
    ]);
    checkCover(input, subs);
    const { ok } = prepare(subs[0].messages, ctxOf('【星巴克】周末全场八折', 'TPCODE_1'));
    const list = messageList(ok, 'TPCODE_1');
    expect(list).toHaveLength(1);
    expect(list[0]).toEqual({ smsmobile: subs[0].messages.map((m) => m.mobile).join(','), smstemplateid: 'TPCODE_1' });
  });

  it('all different values: still ceil(n/200), one entry per recipient', () => {
    const input = msgs(T, Array.from({ length: 450 }, (_, i) => ({ mobile: mobile(i), values: { name: '客户' + i, value0: String(i) } })));
    const subs = driver.plan(input, ctx);
    expect(sends(subs).map((s) => s.messages.length)).toEqual([200, 200, 50]);
    expect(subs).toHaveLength(3);
    checkCover(input, subs);
    expect(messageList(prepare(subs[0].messages, ctx).ok, 'TPCODE_1')).toHaveLength(200);
  });

  it('exactly 200 is one request, 201 is two', () => {
    const make = (n: number) => msgs(T, Array.from({ length: n }, (_, i) => ({ mobile: mobile(i), values: { name: 'A', value0: '1' } })));
    expect(driver.plan(make(200), ctx)).toHaveLength(1);
    expect(driver.plan(make(201), ctx)).toHaveLength(2);
  });

  it('mixed values: recipients sharing values share an entry', () => {
    const input = msgs(
      T,
      Array.from({ length: 300 }, (_, i) => ({ mobile: mobile(i), values: { name: ['张三', '李四', '王五'][i % 3], value0: '8' } })),
    );
    const subs = driver.plan(input, ctx);
    expect(sends(subs).map((s) => s.messages.length)).toEqual([200, 100]);
    checkCover(input, subs);
    const entries = messageList(prepare(subs[0].messages, ctx).ok, 'TPCODE_1');
    // Grouped by value before chunking: the first request holds 张三 ×100 and 李四 ×100.
    expect(entries.map((e) => e.smsmobile.split(',').length)).toEqual([100, 100]);
    expect(entries.map((e) => JSON.parse(percentBytes(e.smscontent ?? '').toString('utf8')))).toEqual([
      { name: '张三', value0: '8' },
      { name: '李四', value0: '8' },
    ]);
  });

  it('a number repeated k times needs k requests, never twice in one', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ mobile: i < 3 ? '13900000000' : mobile(i), values: { name: 'n' + i, value0: '1' } }));
    const input = msgs(T, rows);
    const subs = driver.plan(input, ctx);
    expect(subs).toHaveLength(3);
    checkCover(input, subs);
    const big = msgs(T, [...Array.from({ length: 399 }, (_, i) => ({ mobile: mobile(i) })), { mobile: mobile(5) }]);
    const bigSubs = driver.plan(big, ctx);
    expect(bigSubs).toHaveLength(2);
    checkCover(big, bigSubs);
  });

  it('values that cannot travel (smscontent over 500 bytes, bad mobile) go to one local-reject submission', () => {
    const long = '长'.repeat(60); // 60 × 9 bytes url-encoded
    const input = msgs(T, [
      { mobile: mobile(1), values: { name: long, value0: '1' } },
      { mobile: mobile(2), values: { name: '短', value0: '1' } },
      { mobile: '138,139', values: { name: '短', value0: '1' } },
      { mobile: mobile(3), values: { name: 'x\uD800', value0: '1' } },
    ]);
    const subs = driver.plan(input, ctx);
    expect(subs.map((s) => [s.form, s.messages.map((m) => m.ref)])).toEqual([
      [SEND_FORM, [input[1].ref]],
      [LOCAL_REJECT_FORM, [input[0].ref, input[2].ref, input[3].ref]],
    ]);
    expect(prepare(input, ctx).rejected.map((r) => r.error.code)).toEqual(['LOCAL_SMSCONTENT_TOO_LONG', 'LOCAL_BAD_MOBILE', 'LOCAL_BAD_VALUE']);
  });

  it('is pure: same input, same plan, input untouched', () => {
    const input = msgs(T, Array.from({ length: 5 }, (_, i) => ({ mobile: mobile(i % 3), values: { name: 'a', value0: String(i) } })));
    const copy = structuredClone(input);
    expect(driver.plan(input, ctx)).toEqual(driver.plan(input, ctx));
    expect(input).toEqual(copy);
  });
});

// ---- send -------------------------------------------------------------------------------

describe('yunchuda: send', () => {
  let gw: YunchudaGateway;
  let driver: Driver;
  beforeAll(async () => {
    gw = await startYunchudaGateway({ username: 'shop01', password: PASSWORD, balance: 1_000_000 });
    driver = yunchuda.create(account(gw), new HttpClient('yunchuda'));
  });
  afterAll(async () => {
    await driver.close();
    await gw.close();
  });

  it('personalised Chinese values arrive exactly as the preview, signed and timestamped as documented', async () => {
    const id = gw.addApprovedTemplate('【星巴克】{姓名}您好，您的验证码是{code}，备注{value0}');
    const T = '【星巴克】<姓名>您好，您的验证码是<code>，备注<value0>';
    const rows = [
      { mobile: '13800000001', values: { 姓名: '张三', code: '123456', value0: '50%+折 & a,b;c "引号" \\' } },
      { mobile: '13800000002', values: { 姓名: '李四', code: '654321', value0: '😀 emoji' } },
      { mobile: '13800000003', values: { 姓名: '张三', code: '123456', value0: '50%+折 & a,b;c "引号" \\' } },
    ];
    const input = msgs(T, rows);
    const before = gw.accepted.length;
    const t0 = Date.now();
    const [out] = await sendAll(driver, input, ctxOf(T, id, { kind: 'verification' }));
    const req = gw.requests[gw.requests.length - 1];
    expect(req.path).toBe('/Sms/SendBatchSms');
    expect(req.headers['content-type']).toBe('application/json');
    const body = lastBody(gw);
    expect(Object.keys(body)).toEqual(['username', 'sign', 'timestamp', 'smstype', 'messagelist']);
    expect(body.timestamp).toMatch(/^\d{13}$/);
    expect(Number(body.timestamp)).toBeGreaterThanOrEqual(t0);
    expect(body.sign).toBe(signFor('shop01', PASSWORD, body.timestamp as string));
    expect(body.sign).toMatch(/^[0-9A-F]{32}$/);
    expect(body.smstype).toBe('SMS_10001');
    const list = body.messagelist as { smscontent: string; smsmobile: string; smstemplateid: string }[];
    expect(list.map((e) => e.smsmobile)).toEqual(['13800000001,13800000003', '13800000002']);
    expect(JSON.parse(percentBytes(list[0].smscontent).toString('utf8'))).toEqual({ 姓名: '张三', code: '123456', value0: rows[0].values.value0 });
    expect(list[0].smscontent).toMatch(/^[A-Za-z0-9\-_.!~*'()%]+$/);
    expect(out.providerBatchId).toBe(gw.batches[gw.batches.length - 1].id);
    // Outcomes follow the submission, whose order the plan groups by values.
    expect(out.messages).toEqual([input[0], input[2], input[1]].map((m) => ({ ref: m.ref, status: 'submitted' })));
    const got = gw.accepted.slice(before);
    expect(got.map((a) => [a.mobile, a.text])).toEqual([
      [input[0].mobile, input[0].text],
      [input[2].mobile, input[2].text],
      [input[1].mobile, input[1].text],
    ]);
  });

  it('450 recipients with mixed values: 3 requests, every text accepted as previewed', async () => {
    const id = gw.addApprovedTemplate('【星巴克】{name}，您有{value0}张券待使用');
    const T = '【星巴克】<name>，您有<value0>张券待使用';
    const input = msgs(T, Array.from({ length: 450 }, (_, i) => ({ mobile: mobile(1000 + i), values: { name: ['张三', '李四'][i % 2], value0: String(i % 5) } })));
    const n = gw.requests.length;
    const before = gw.accepted.length;
    const outs = await sendAll(driver, input, ctxOf(T, id));
    expect(gw.requests.length - n).toBe(3);
    expect(outs.flatMap((o) => o.messages).filter((m) => m.status === 'submitted')).toHaveLength(450);
    const got = new Map(gw.accepted.slice(before).map((a) => [a.mobile, a.text]));
    expect(input.every((m) => got.get(m.mobile) === m.text)).toBe(true);
    expect(got.size).toBe(450);
  });

  it.each([
    ['marketing', 'SMS_10000'],
    ['verification', 'SMS_10001'],
    ['notification', 'SMS_10002'],
  ] as const)('kind %s is smstype %s', async (kind, smstype) => {
    const text = '【星巴克】会员日到店有礼，拒收请回复R';
    const id = gw.addApprovedTemplate(text);
    await sendAll(driver, msgs(text, [{ mobile: '13800000010' }]), ctxOf(text, id, { kind }));
    expect(lastBody(gw).smstype).toBe(smstype);
  });

  it('appendid and sendtime travel as given, in the documented order', async () => {
    const text = '【星巴克】明早八点开门';
    const id = gw.addApprovedTemplate(text);
    await sendAll(driver, msgs(text, [{ mobile: '13800000011' }]), ctxOf(text, id, { extno: '12345', sendAt: '2030-01-01 08:00:00' }));
    const body = lastBody(gw);
    expect(Object.keys(body)).toEqual(['username', 'sign', 'timestamp', 'smstype', 'appendid', 'sendtime', 'messagelist']);
    expect([body.appendid, body.sendtime]).toEqual(['12345', '2030-01-01 08:00:00']);
    expect(gw.accepted[gw.accepted.length - 1].extno).toBe('12345');
  });

  it.each<[string, Partial<SendContext>]>([
    ['a six-digit appendid', { extno: '123456' }],
    ['a sendtime not in the example format', { sendAt: '2030/01/01 08:00' }],
    ['no template id', { providerTemplateId: undefined }],
    ['a marketing text without 拒收请回复R', { kind: 'marketing' }],
  ])('%s is refused locally (request class) without a request', async (_, extra) => {
    const text = '【星巴克】今天下雨记得带伞';
    const id = gw.addApprovedTemplate(text);
    const n = gw.requests.length;
    const ctx = ctxOf(text, id, extra);
    const err = await providerFailure(driver.send(driver.plan(msgs(text, [{ mobile: '13800000012' }]), ctx)[0], ctx));
    expect(err.errorClass).toBe('request');
    expect(gw.requests.length).toBe(n);
  });

  it('a digital (VIDEOCODE_) template sends SMS_100017 without smscontent, and refuses variables', async () => {
    const id = gw.addDigitalTemplate('【星巴克】新品视频');
    await sendAll(driver, msgs('【星巴克】新品视频', [{ mobile: '13800000013' }, { mobile: '13800000014' }]), ctxOf('【星巴克】新品视频', id, { kind: 'marketing' }));
    expect(lastBody(gw)).toMatchObject({ smstype: 'SMS_100017', messagelist: [{ smsmobile: '13800000013,13800000014', smstemplateid: id }] });
    expect((lastBody(gw).messagelist as object[])[0]).not.toHaveProperty('smscontent');
    const ctx = ctxOf('【星巴克】<name>新品', id);
    const err = await providerFailure(sendAll(driver, msgs('【星巴克】<name>新品', [{ mobile: '13800000015', values: { name: 'A' } }]), ctx));
    expect(err.errorClass).toBe('request');
  });

  it('a local-reject submission makes no request; mixed submissions send the rest', async () => {
    const T = '【星巴克】<name>您好';
    const id = gw.addApprovedTemplate('【星巴克】{name}您好');
    const input = msgs(T, [
      { mobile: '13800000016', values: { name: '好'.repeat(60) } },
      { mobile: '13800000017', values: { name: '王' } },
    ]);
    const n = gw.requests.length;
    const local = await driver.send({ form: LOCAL_REJECT_FORM, messages: [input[0]] }, ctxOf(T, id));
    expect(local).toEqual({ providerBatchId: null, messages: [{ ref: input[0].ref, status: 'rejected', error: { code: 'LOCAL_SMSCONTENT_TOO_LONG', text: expect.any(String) } }] });
    expect(gw.requests.length).toBe(n);
    const mixed = await driver.send({ form: SEND_FORM, messages: input }, ctxOf(T, id));
    expect(mixed.messages.map((m) => m.status)).toEqual(['rejected', 'submitted']);
    expect(gw.accepted[gw.accepted.length - 1]).toMatchObject({ mobile: '13800000017', text: '【星巴克】王您好' });
  });

  it('bills 70 characters as one part and 67 per part beyond', async () => {
    expect([70, 71, 134, 135].map((n) => partsOf('字'.repeat(n)))).toEqual([1, 2, 2, 3]);
    const T = '【星巴克】<value0>';
    const id = gw.addApprovedTemplate('【星巴克】{value0}');
    const start = gw.balance;
    await sendAll(driver, msgs(T, [{ mobile: '13800000018', values: { value0: 'a'.repeat(65) } }, { mobile: '13800000019', values: { value0: 'b'.repeat(66) } }]), ctxOf(T, id));
    expect(start - gw.balance).toBe(1 + 2);
  });

  it('a send the balance cannot cover is refused whole (request class), nothing accepted or billed', async () => {
    const text = '【星巴克】库存告急';
    const id = gw.addApprovedTemplate(text);
    const saved = gw.balance;
    gw.balance = 1;
    const before = gw.accepted.length;
    try {
      const err = await providerFailure(sendAll(driver, msgs(text, [{ mobile: '13800000020' }, { mobile: '13800000021' }]), ctxOf(text, id)));
      expect([err.code, err.text, err.errorClass]).toEqual(['-32006', '余额不足', 'request']);
      expect(gw.accepted.length).toBe(before);
      expect(gw.balance).toBe(1);
    } finally {
      gw.balance = saved;
    }
  });

  it('an unapproved template and a wrong password are refused by the gateway', async () => {
    const text = '【星巴克】待审核内容';
    const id = gw.addApprovedTemplate(text);
    gw.reviewTemplate(id, false);
    expect((await providerFailure(sendAll(driver, msgs(text, [{ mobile: '13800000022' }]), ctxOf(text, id)))).errorClass).toBe('request');
    gw.reviewTemplate(id, true);
    const wrong = yunchuda.create(account(gw, 'not-it'), new HttpClient('yunchuda'));
    try {
      const err = await providerFailure(sendAll(wrong, msgs(text, [{ mobile: '13800000022' }]), ctxOf(text, id)));
      expect([err.code, err.text, err.errorClass]).toEqual(['-32006', '签名校验不通过', 'request']);
      const list = await providerFailure(wrong.operations['signature-list'].run({}));
      expect([list.text, list.errorClass]).toEqual(['签名验证失败', 'request']);
    } finally {
      await wrong.close();
    }
  });

  it('the gateway enforces 200 numbers per request and per smsmobile', async () => {
    const text = '【星巴克】门店通知';
    const id = gw.addApprovedTemplate(text);
    const post = async (messagelist: object[]) => {
      const timestamp = String(Date.now());
      const res = await fetch(gw.url + PATHS.send, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'shop01', sign: signFor('shop01', PASSWORD, timestamp), timestamp, smstype: 'SMS_10002', messagelist }),
      });
      return (await res.json()) as { result?: string; error?: { code: string; message: string } };
    };
    const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => mobile(from + i)).join(',');
    expect((await post([{ smsmobile: numbers(0, 201), smstemplateid: id }])).error?.code).toBe('-32006');
    expect((await post([{ smsmobile: numbers(0, 150), smstemplateid: id }, { smsmobile: numbers(150, 51), smstemplateid: id }])).error?.message).toContain('200');
    expect((await post([{ smsmobile: numbers(0, 100), smstemplateid: id }, { smsmobile: numbers(100, 100), smstemplateid: id }])).result).toMatch(/-/);
  });
});

// ---- errors and faults -----------------------------------------------------------------

describe('yunchuda: errors', () => {
  let gw: YunchudaGateway;
  let driver: Driver;
  const text = '【星巴克】测试';
  let id = '';
  beforeAll(async () => {
    gw = await startYunchudaGateway({ username: 'shop01', password: PASSWORD });
    driver = yunchuda.create(account(gw), new HttpClient('yunchuda', { responseTimeoutMs: 400 }));
    id = gw.addApprovedTemplate(text);
  });
  afterAll(async () => {
    await driver.close();
    await gw.close();
  });
  const send = () => sendAll(driver, msgs(text, [{ mobile: '13800000030' }]), ctxOf(text, id));

  it.each<[string, string, ErrorClass]>([
    ['-32006', '签名校验不通过', 'request'],
    ['-32006', '签名验证失败', 'request'],
    ['-32006', '短信内容不能为空', 'request'],
    ['-32006', '短信模板id不能为空', 'request'],
    ['-32006', '模板id不能为空', 'request'],
    ['-32006', '签名不能为空', 'request'],
    ['-32006', '某个没见过的原因', 'request'],
    ['-32700', 'Parse error', 'request'],
    ['-32600', 'Invalid Request', 'request'],
    ['-32601', 'Method not found', 'request'],
    ['-32602', 'Invalid params', 'request'],
    ['-32603', 'Internal error', 'unknown'],
    ['-32099', 'Server error', 'request'],
    ['1', '未知', 'request'],
  ])('JSON-RPC error %s %s is class %s, code and text verbatim', async (code, message, cls) => {
    gw.forceError(code, message, PATHS.send);
    const err = await providerFailure(send());
    expect([err.provider, err.code, err.text, err.errorClass]).toEqual(['yunchuda', code, message, cls]);
    expect(err.explain.zh.length).toBeGreaterThan(5);
    expect(err.explain.en.length).toBeGreaterThan(5);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('a numeric JSON-RPC code is read like the documented string one', async () => {
    gw.forceAnswer('{"jsonrpc":"2.0","id":"1","error":{"code":-32006,"message":"签名校验不通过"}}');
    expect((await providerFailure(send())).code).toBe('-32006');
  });

  it.each([
    ['no result and no error', '{"jsonrpc":"2.0","id":"x"}'],
    ['a null result', '{"jsonrpc":"2.0","id":"x","result":null}'],
    ['an object result', '{"jsonrpc":"2.0","id":"x","result":{}}'],
    ['not JSON', 'OK'],
  ])('%s after a send is unparseable (unknown)', async (_, body) => {
    gw.forceAnswer(body, PATHS.send);
    expect((await providerFailure(send())).errorClass).toBe('unknown');
  });

  it.each<[string, ErrorClass, Fault]>([
    ['reset after the request was read', 'unknown', { kind: 'reset-after' }],
    ['HTTP 503', 'retry', { kind: 'status', status: 503 }],
    ['HTTP 500', 'unknown', { kind: 'status', status: 500 }],
    ['HTTP 404', 'request', { kind: 'status', status: 404 }],
    ['a garbage body', 'unknown', { kind: 'garbage' }],
    ['no answer before the timeout', 'unknown', { kind: 'hang' }],
  ])('%s → class %s', async (_, cls, fault) => {
    gw.faults.push(fault);
    const err = await providerFailure(send());
    expect(err.errorClass).toBe(cls);
    expect(err.message).not.toContain(PASSWORD);
  });

  it('an address nobody listens on → retry', async () => {
    const dead = await startYunchudaGateway();
    await dead.close();
    const d = yunchuda.create({ ...account(gw), baseUrl: dead.url }, new HttpClient('yunchuda'));
    try {
      expect((await providerFailure(d.balance())).errorClass).toBe('retry');
    } finally {
      await d.close();
    }
  });

  it('the base URL is joined with or without a trailing slash; the .NET sample path SendSms does not exist', async () => {
    const d = createYunchudaDriver({ ...account(gw), baseUrl: gw.url }, new HttpClient('yunchuda'), () => 1440144935000);
    try {
      gw.balance = 77;
      expect(await d.balance()).toEqual({ unit: 'count', amount: 77, raw: '77' });
      expect(gw.requests[gw.requests.length - 1].path).toBe('/Sms/GetSmsBalance');
      expect(lastBody(gw)).toEqual({ username: 'shop01', sign: signFor('shop01', PASSWORD, '1440144935000'), timestamp: '1440144935000' });
    } finally {
      await d.close();
    }
    expect((await fetch(gw.url + '/Sms/SendSms', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

// ---- balance and management operations ------------------------------------------------

describe('yunchuda: balance and operations', () => {
  let gw: YunchudaGateway;
  let driver: Driver;
  beforeAll(async () => {
    gw = await startYunchudaGateway({ username: 'shop01', password: PASSWORD, balance: 4321 });
    driver = yunchuda.create(account(gw), new HttpClient('yunchuda'));
  });
  afterAll(async () => {
    await driver.close();
    await gw.close();
  });
  const op = (name: string, params: unknown) => driver.operations[name].run(params);

  it('balance is the count the gateway holds', async () => {
    expect(await driver.balance()).toEqual({ unit: 'count', amount: 4321, raw: '4321' });
  });

  it('balance answers of other shapes: number, one-number object text; ambiguous ones unparseable', () => {
    expect(parseBalance({ result: 12.5, raw: '' }).amount).toBe(12.5);
    expect(parseBalance({ result: '{balance:300}', raw: '' }).amount).toBe(300);
    expect(parseBalance({ result: { count: 9 }, raw: '' }).amount).toBe(9);
    expect(() => parseBalance({ result: '{count:9,money:1.5}', raw: 'x' })).toThrow(ProviderError);
    expect(() => parseBalance({ result: 'n/a', raw: 'x' })).toThrow(ProviderError);
    expect(parseTemplateStatus({ result: '{status:2}', raw: '' }).status).toBe('rejected');
    expect(parseTemplateStatus({ result: { status: 0 }, raw: '' }).status).toBe('pending');
    expect(parseSignatureList({ result: [{ id: 7, smsname: '星巴克', created: 'c', checkstate: -1, checkresult: '' }], raw: '' })[0]).toMatchObject({ id: '7', state: 'waiting' });
  });

  it('signature apply → list (waiting) → review → approved → delete', async () => {
    expect(await op('signature-apply', { name: '云触达小店' })).toEqual({ ok: true, raw: 'success' });
    expect(lastBody(gw)).toMatchObject({ signname: '云触达小店' });
    const [sig] = (await op('signature-list', {})) as { id: string; name: string; state: string }[];
    expect(sig).toMatchObject({ name: '云触达小店', state: 'waiting', stateCode: '-1' });
    expect(lastBody(gw)).not.toHaveProperty('signid');
    gw.reviewSignature(sig.id, false, '名称不可识别');
    expect(await op('signature-list', { signatureId: sig.id })).toEqual([expect.objectContaining({ state: 'rejected', reason: '名称不可识别' })]);
    gw.reviewSignature(sig.id);
    expect(await op('signature-list', { signatureId: sig.id })).toEqual([expect.objectContaining({ state: 'approved' })]);
    expect(await op('signature-delete', { signatureId: sig.id })).toEqual({ ok: true, raw: 'success' });
    expect(await op('signature-list', {})).toEqual([]);
    const err = await providerFailure(op('signature-delete', { signatureId: sig.id }) as Promise<unknown>);
    expect([err.code, err.errorClass]).toEqual(['-32006', 'request']);
  });

  it('signature names: at least 3 characters, at most 30 bytes (checked before sending)', async () => {
    const n = gw.requests.length;
    await expect(op('signature-apply', { name: '小店' })).rejects.toThrow();
    await expect(op('signature-apply', { name: '一二三四五六七八九十一' })).rejects.toThrow();
    expect(gw.requests.length).toBe(n);
  });

  it('template add → pending → approved → send → edit (back to review) → delete', async () => {
    await op('signature-apply', { name: '星巴克' });
    gw.reviewSignature('星巴克');
    const content = '【星巴克】{name}您好，您的积分{points}已到账，拒收请回复R';
    await expect(op('template-add', { content })).rejects.toThrow(); // a template with variables needs a remark
    const { templateId } = (await op('template-add', { content, remark: { name: '张三', points: '100' } })) as { templateId: string };
    expect(templateId).toMatch(/^TPCODE_\d+$/);
    const add = lastBody(gw);
    expect(Object.keys(add)).toEqual(['username', 'sign', 'timestamp', 'Content', 'SmsName', 'Remark']);
    expect(add.SmsName).toBe('星巴克'); // the account's signature by default
    expect(percentBytes(add.Content as string).toString('utf8')).toBe(content);
    expect(add.Content).toMatch(/^[A-Za-z0-9\-_.!~*'()%]+$/);
    expect(JSON.parse(percentBytes(add.Remark as string).toString('utf8'))).toEqual({ name: '张三', points: '100' });
    expect(await op('template-status', { templateId })).toMatchObject({ templateId, status: 'pending', code: '0', raw: '{status:0}' });
    gw.reviewTemplate(templateId);
    expect(await op('template-status', { templateId })).toMatchObject({ status: 'approved' });

    const T = '【星巴克】<name>您好，您的积分<points>已到账，拒收请回复R';
    const input = msgs(T, [{ mobile: '13900000001', values: { name: '赵六', points: '88' } }]);
    const [out] = await sendAll(driver, input, ctxOf(T, templateId, { kind: 'marketing' }));
    expect(out.messages[0].status).toBe('submitted');
    expect(gw.accepted[gw.accepted.length - 1]).toMatchObject({ mobile: '13900000001', text: input[0].text, batchId: out.providerBatchId });

    expect(await op('template-edit', { templateId, content: '【星巴克】新内容，拒收请回复R' })).toEqual({ ok: true, raw: 'SUCCESS' });
    expect(Object.keys(lastBody(gw))).toEqual(['username', 'sign', 'timestamp', 'Content', 'Smstemplateid']);
    expect(await op('template-status', { templateId })).toMatchObject({ status: 'pending' });
    expect(await op('template-delete', { templateId })).toEqual({ ok: true, raw: 'SUCCESS' });
    expect(lastBody(gw)).toMatchObject({ smstemplateid: templateId });
    expect((await providerFailure(op('template-status', { templateId }) as Promise<unknown>)).errorClass).toBe('request');
  });

  it('template add with an unapproved signature is refused by the gateway', async () => {
    const err = await providerFailure(op('template-add', { content: '【无名店】你好', signature: '无名店铺' }) as Promise<unknown>);
    expect([err.code, err.errorClass]).toEqual(['-32006', 'request']);
  });
});

// ---- pushes --------------------------------------------------------------------------------

describe('yunchuda: pushes', () => {
  let gw: YunchudaGateway;
  let driver: Driver;
  beforeAll(async () => {
    gw = await startYunchudaGateway({ username: 'shop01', password: PASSWORD });
    driver = yunchuda.create(account(gw), new HttpClient('yunchuda'));
  });
  afterAll(async () => {
    await driver.close();
    await gw.close();
  });
  const asRequest = (d: { method: string; body: Buffer; contentType: string }): PushRequest => ({
    method: d.method,
    query: new URLSearchParams(),
    headers: { 'content-type': d.contentType },
    body: d.body,
  });

  it('receipts from the gateway match the batch the send returned; failures are not delivered', async () => {
    const text = '【星巴克】取餐提醒';
    const id = gw.addApprovedTemplate(text);
    const outs = await sendAll(driver, msgs(text, [{ mobile: '13700000001' }, { mobile: '13700000002' }]), ctxOf(text, id));
    const mine = gw.accepted.filter((a) => a.batchId === outs[0].providerBatchId);
    const ok = gw.reportDelivery(mine.slice(0, 1), 'delivered').map((d) => driver.parsePush!(asRequest(d)));
    const bad = gw.reportDelivery(mine.slice(1), 'failed').map((d) => driver.parsePush!(asRequest(d)));
    expect(ok[0].receipts).toEqual([expect.objectContaining({ mobile: '13700000001', status: '1', delivered: true, providerBatchId: outs[0].providerBatchId })]);
    expect(bad[0].receipts).toEqual([expect.objectContaining({ mobile: '13700000002', delivered: false, providerBatchId: outs[0].providerBatchId })]);
    expect(ok[0].receipts[0].reportedAt).toMatch(/^\d{14}$/);
    expect(ok[0].answer.body).toBe('getsuccess');
  });

  it('replies with Chinese, spaces and separators round-trip; the default extension is 1000', () => {
    const text = '退订 R，谢谢;a,b+c&d=e 100%';
    const [r] = gw.reply('13700000003', text).map((d) => driver.parsePush!(asRequest(d)));
    expect(r.replies).toEqual([{ mobile: '13700000003', text, extno: '1000', repliedAt: expect.stringMatching(/^\d{14}$/) }]);
    expect(driver.parsePush!(asRequest(gw.reply('13700000004', 'R', '12345')[0])).replies[0]).toMatchObject({ text: 'R', extno: '12345' });
  });

  it('a reply in GBK despite the document is still read; bytes valid in neither charset stay verbatim', () => {
    expect(driver.parsePush!(push('upstream=13700000005,1000,%C4%E3%BA%C3,20190114165254;')).replies[0].text).toBe('你好');
    expect(driver.parsePush!(push('upstream=13700000005,1000,%E4%BD%A0%E5%A5%BD,20190114165254;')).replies[0].text).toBe('你好');
  });

  it('a body form-encoded as a whole is read too', () => {
    const r = driver.parsePush!(push('smsstate=18052538888%2C0%2Cabc%2C20190114165254%3B'));
    expect(r.receipts).toEqual([{ mobile: '18052538888', status: '0', delivered: false, providerBatchId: 'abc', reportedAt: '20190114165254' }]);
  });

  it.each([
    ['an empty body', ''],
    ['another provider', '<xml><status>DELIVRD</status></xml>'],
    ['an unknown parameter', 'status=1'],
    ['a receipt with three fields', 'smsstate=18052538888,1,20190114165254;'],
    ['a reply with two fields', 'upstream=18052538888,1000;'],
  ])('%s is not this provider’s format', (_, body) => {
    expect(() => driver.parsePush!(push(body))).toThrow(ProviderError);
  });
});
