import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODES, EXTNO_MAX_DIGITS, MAX_MOBILES, chuangrui, type ChuangruiReplyIn, type ChuangruiSendOutcome } from '../../src/main/providers/chuangrui';
import { parseBalanceAnswer, parseSendAnswer } from '../../src/main/providers/chuangrui/answer';
import { ProviderError, type ErrorClass } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import type { AccountConfig, Driver, OutboundMessage, PushRequest, SendContext } from '../../src/main/providers/types';
import { md5 } from '../../src/main/providers/util';
import { MESSAGES, asPushRequest, billedParts, startChuangruiGateway, type ChuangruiGateway } from '../gateways/chuangrui';
import { providerFailure, providerFailureSync } from '../helpers/provider-error';

const SIGN = '门店';
const TEXT = '尊敬的会员，本周六全场八折，欢迎光临！拒收请回复R';

function account(gw: ChuangruiGateway, over: Partial<AccountConfig> = {}): AccountConfig {
  return {
    provider: 'chuangrui',
    baseUrl: gw.url + '/asmx/smsservice.aspx',
    username: gw.settings.name,
    password: gw.settings.pwd,
    signature: SIGN,
    options: {},
    ...over,
  };
}

function mobile(i: number): string {
  return '138' + String(i).padStart(8, '0');
}

function messages(n: number, text: (i: number) => string = () => TEXT, from = 0): OutboundMessage[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { ref: String(1000 + i), mobile: mobile(i), text: text(i), values: {} };
  });
}

function ctx(over: Partial<SendContext> = {}): SendContext {
  return { kind: 'marketing', template: TEXT, submissionKey: 'K1', ...over };
}



function form(body: Buffer): [string, string][] {
  return [...new URLSearchParams(body.toString('utf8'))];
}

function push(query: string, body = '', method = 'GET'): PushRequest {
  return { method, query: new URLSearchParams(query), headers: {}, body: Buffer.from(body, 'utf8') };
}

let gw: ChuangruiGateway;
let driver: Driver;
const drivers: Driver[] = [];

function make(over: Partial<AccountConfig> = {}): Driver {
  const d = chuangrui.create(account(gw, over), new HttpClient('chuangrui', { responseTimeoutMs: 5_000 }));
  drivers.push(d);
  return d;
}

beforeEach(async () => {
  gw = await startChuangruiGateway({ balance: 10_000 });
  driver = make();
});

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await gw.close();
});

describe('capabilities', () => {
  it('declares what the document says and the conservative choices', () => {
    const c = chuangrui.capabilities;
    expect(c.provider).toBe('chuangrui');
    expect(c.charset).toBe('utf-8');
    expect(c.defaultBaseUrl).toBeNull();
    expect(c.signature).toMatchObject({ placement: 'parameter', required: true });
    expect(c.send).toMatchObject({ maxMobilesPerRequest: 500, personalised: null, contentMode: 'free-text', maxChars: 500, scheduled: true });
    expect(c.receipts).toEqual({ pull: null, push: true });
    expect(c.replies).toEqual({ pull: null, push: true });
    expect(c.segments).toEqual({ single: 70, multi: 67 });
    expect(c.fields.map((f) => f.key)).toEqual(['username', 'password', 'secret']);
    expect(driver.operations).toEqual({});
    expect(driver.pullReceipts).toBeUndefined();
  });
});

describe('plan', () => {
  const c = { kind: 'marketing' as const, template: TEXT };

  it('all the same text: one request per 500 numbers', () => {
    const plan = driver.plan(messages(1200), c);
    expect(plan.map((s) => s.messages.length)).toEqual([500, 500, 200]);
    expect(plan.every((s) => s.form === 'pt')).toBe(true);
  });

  it('all different texts: one request each', () => {
    const plan = driver.plan(messages(7, (i) => `您好${i}号`), c);
    expect(plan).toHaveLength(7);
  });

  it('mixed texts: one request per distinct text, split at the cap', () => {
    const ms = messages(1003, (i) => (i % 2 === 0 ? 'A 文案' : i % 3 === 0 ? 'B 文案' : 'C 文案'));
    const plan = driver.plan(ms, c);
    const counts = plan.map((s) => `${s.messages[0].text}:${s.messages.length}`);
    // 502 even → A: 500 + 2; odd multiples of 3 → B: 167; other odds → C: 334. First-seen order.
    expect(counts).toEqual(['A 文案:500', 'A 文案:2', 'C 文案:334', 'B 文案:167']);
    expect(plan.flatMap((s) => s.messages).map((m) => m.ref).sort()).toEqual(ms.map((m) => m.ref).sort());
  });

  it('exactly the cap and one above it', () => {
    expect(driver.plan(messages(MAX_MOBILES), c)).toHaveLength(1);
    expect(driver.plan(messages(MAX_MOBILES + 1), c).map((s) => s.messages.length)).toEqual([500, 1]);
    expect(driver.plan([], c)).toEqual([]);
  });
});

describe('send', () => {
  it('posts the documented UTF-8 form and reads the answer', async () => {
    const ms = messages(3);
    const out = (await driver.send({ form: 'pt', messages: ms }, ctx())) as ChuangruiSendOutcome;
    const req = gw.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/asmx/smsservice.aspx');
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    // Chinese travels as UTF-8 percent escapes: 门 = E9 97 A8.
    expect(req.body.toString('latin1')).toContain('sign=%E9%97%A8%E5%BA%97');
    expect(form(req.body)).toEqual([
      ['name', 'test'],
      ['pwd', 'testpwd'],
      ['content', TEXT],
      ['mobile', ms.map((m) => m.mobile).join(',')],
      ['stime', ''],
      ['sign', SIGN],
      ['type', 'pt'],
      ['extno', ''],
    ]);
    const sendid = gw.submissions[0].sendid;
    expect(out.providerBatchId).toBe(sendid);
    expect(out.messages).toEqual(ms.map((m) => ({ ref: m.ref, status: 'submitted' })));
    expect(out.counts).toEqual({ invalid: 0, success: 3, black: 0 });
    expect(out.unattributed).toBe(0);
    expect(gw.accepted).toEqual(ms.map((m) => ({ mobile: m.mobile, text: `【${SIGN}】${TEXT}`, batchId: sendid, extno: undefined })));
  });

  it('sends the schedule time and extension', async () => {
    await driver.send({ form: 'pt', messages: messages(1) }, ctx({ sendAt: '2030-01-02 08:09:10', extno: '123' }));
    expect(gw.submissions[0]).toMatchObject({ stime: '2030-01-02 08:09:10', extno: '123' });
    expect(gw.accepted[0].extno).toBe('123');
  });

  it('bills parts of 【sign】content: 70 one part, 67 per part beyond', async () => {
    const long = '长'.repeat(100);
    await driver.send({ form: 'pt', messages: messages(3, () => long) }, ctx());
    expect(billedParts(`【${SIGN}】${long}`)).toBe(2);
    expect(gw.balance).toBe(10_000 - 6);
    expect(billedParts('a'.repeat(70))).toBe(1);
    expect(billedParts('a'.repeat(71))).toBe(2);
    expect(billedParts('a'.repeat(135))).toBe(3);
    expect(billedParts('😀'.repeat(35) + 'a')).toBe(2); // an emoji is two UCS-2 units
  });

  it('a full request of 500 numbers', async () => {
    const [first] = driver.plan(messages(MAX_MOBILES + 1), { kind: 'marketing', template: TEXT });
    const out = await driver.send(first, ctx());
    expect(out.messages.filter((m) => m.status === 'submitted')).toHaveLength(500);
    expect(gw.accepted).toHaveLength(500);
  });

  it('reads the answer without the space after the code and with commas in msg', async () => {
    gw.settings.spaceAfterCode = false;
    gw.settings.successMsg = '提交成功,共2个号码,谢谢';
    const out = await driver.send({ form: 'pt', messages: messages(2) }, ctx());
    expect(out.providerBatchId).toBe(gw.submissions[0].sendid);
    expect(out.messages.every((m) => m.status === 'submitted')).toBe(true);
  });

  it('a blacklisted number among others: all stay submitted, the doubt is counted', async () => {
    gw.settings.blacklist.add(mobile(1));
    const out = (await driver.send({ form: 'pt', messages: messages(3) }, ctx())) as ChuangruiSendOutcome;
    expect(out.messages.map((m) => m.status)).toEqual(['submitted', 'submitted', 'submitted']);
    expect(out.counts).toEqual({ invalid: 0, success: 2, black: 1 });
    expect(out.unattributed).toBe(1);
    expect(gw.accepted.map((a) => a.mobile)).toEqual([mobile(0), mobile(2)]);
  });

  it('all blacklisted or all invalid: every message rejected with the count as reason', async () => {
    const ms = messages(2);
    for (const m of ms) gw.settings.blacklist.add(m.mobile);
    const black = await driver.send({ form: 'pt', messages: ms }, ctx());
    expect(black.messages.map((m) => [m.status, m.error?.code])).toEqual([
      ['rejected', 'blackcount'],
      ['rejected', 'blackcount'],
    ]);
    const bad = ms.map((m) => ({ ...m, mobile: '12' + m.mobile.slice(2) }));
    const invalid = await driver.send({ form: 'pt', messages: bad }, ctx());
    expect(invalid.messages.every((m) => m.status === 'rejected' && m.error?.code === 'invalidcount')).toBe(true);
    expect(gw.accepted).toEqual([]);
  });

  it('refuses locally, sending nothing, what the document forbids', async () => {
    const noSign = make({ signature: undefined });
    const e1 = await providerFailure(noSign.send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e1.errorClass).toBe('request');
    const e2 = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx({ extno: '12a' })));
    expect(e2.errorClass).toBe('request');
    const e3 = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx({ extno: '1'.repeat(EXTNO_MAX_DIGITS + 1) })));
    expect(e3.errorClass).toBe('request');
    const e4 = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx({ sendAt: '2030/01/02 8:00' })));
    expect(e4.errorClass).toBe('request');
    const e5 = await providerFailure(driver.send({ form: 'pt', messages: messages(2, (i) => `文案${i}`) }, ctx()));
    expect(e5.errorClass).toBe('request');
    const e6 = await providerFailure(driver.send({ form: 'pt', messages: messages(1, () => '字'.repeat(501)) }, ctx()));
    expect(e6.errorClass).toBe('request');
    const e7 = await providerFailure(make({ baseUrl: '' }).send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e7.errorClass).toBe('request');
    expect(gw.requests).toHaveLength(0);
  });

  it('accepts a base URL given with the trailing "?" of the PHP sample', async () => {
    const d = make({ baseUrl: gw.url + '/asmx/smsservice.aspx?' });
    await d.send({ form: 'pt', messages: messages(1) }, ctx());
    expect(gw.requests[0]).toMatchObject({ path: '/asmx/smsservice.aspx', rawQuery: '' });
    expect(gw.accepted).toHaveLength(1);
  });

  it('never puts the password in an error', async () => {
    const d = make({ password: 'S3cretPwd' });
    const e = await providerFailure(d.send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e.code).toBe('10');
    expect(`${e.message} ${e.text} ${e.explain.zh} ${e.explain.en}`).not.toContain('S3cretPwd');
  });
});

describe('documented codes', () => {
  const expected: [string, ErrorClass][] = [
    ['1', 'request'],
    ['2', 'request'],
    ['3', 'recipient'],
    ['4', 'request'],
    ['10', 'request'],
    ['11', 'request'],
    ['12', 'request'],
    ['13', 'request'],
    ['14', 'request'],
    ['-1', 'unknown'],
  ];

  it('the table holds every documented code and nothing else', () => {
    expect(Object.keys(CODES).sort()).toEqual(expected.map(([c]) => c).sort());
    for (const [code, cls] of expected) {
      expect(CODES[code].class, code).toBe(cls);
      expect(CODES[code].explain.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(CODES[code].explain.en).toMatch(/[a-z]{3}/);
    }
  });

  it.each(expected)('send answer %s is class %s with the provider text kept', async (code, cls) => {
    gw.forced.push({ code });
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(2) }, ctx()));
    expect(e).toMatchObject({ provider: 'chuangrui', code, text: MESSAGES[code], errorClass: cls });
    expect(e.explain).toEqual(CODES[code].explain);
    expect(gw.accepted).toEqual([]);
  });

  it.each(['10', '11', '12', '13'])('balance answer %s is refused', async (code) => {
    gw.forced.push({ code });
    const e = await providerFailure(driver.balance());
    expect(e).toMatchObject({ code, text: MESSAGES[code], errorClass: 'request' });
  });

  it('an undocumented code is a refused request; msg with commas kept whole', async () => {
    gw.forced.push({ code: '99', msg: '未知错误,请联系客服,谢谢' });
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e).toMatchObject({ code: '99', text: '未知错误,请联系客服,谢谢', errorClass: 'request' });
  });

  it('the gateway raises them the documented way', async () => {
    const one = messages(1);
    const send = (c: Partial<SendContext> = {}, ms = one): Promise<ProviderError> => providerFailure(driver.send({ form: 'pt', messages: ms }, ctx(c)));
    expect((await providerFailure(make({ password: 'wrong' }).send({ form: 'pt', messages: one }, ctx()))).code).toBe('10');
    gw.settings.sensitiveWords = ['八折'];
    expect((await send()).code).toBe('1');
    gw.settings.sensitiveWords = [];
    expect((await send({}, messages(1, () => 'select * from users where 1=1'))).code).toBe('4');
    gw.settings.ipAllowed = false;
    expect((await send()).code).toBe('13');
    gw.settings.ipAllowed = true;
    gw.settings.accountState = 'suspended';
    expect((await send()).code).toBe('12');
    gw.settings.accountState = 'cancelled';
    expect((await send()).code).toBe('11');
    gw.settings.accountState = 'active';
    gw.balance = 0;
    expect(await send()).toMatchObject({ code: '2', text: '余额不足', errorClass: 'request' });
    expect(gw.accepted).toEqual([]);
  });

  it('an answer that is not the documented line is unknown', async () => {
    gw.forced.push({ code: '0', msg: '提交成功' }); // code 0 without sendid and counts
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e.errorClass).toBe('unknown');
  });
});

describe('answer parsing', () => {
  it.each([
    ['0, 20140821110353234137876543,0,500,0,提交成功', { sendid: '20140821110353234137876543', invalid: 0, success: 500, black: 0, msg: '提交成功' }],
    ['0,20140821110353234137876543,1,498,1,提交成功', { sendid: '20140821110353234137876543', invalid: 1, success: 498, black: 1, msg: '提交成功' }],
    ['\uFEFF0 , 123 , 0 , 2 , 0 , 成功, 共 2 条\r\n', { sendid: '123', success: 2, msg: '成功, 共 2 条' }],
    ['0,123,0,2,0', { sendid: '123', success: 2, msg: '' }],
  ])('success line %j', (line, want) => {
    expect(parseSendAnswer(line)).toMatchObject({ ok: true, ...want });
  });

  it.each([
    ['13,IP鉴权失败', { code: '13', msg: 'IP鉴权失败' }],
    ['-1, 系统异常', { code: '-1', msg: '系统异常' }],
    ['14,格式错误,content为空', { code: '14', msg: '格式错误,content为空' }],
    ['3', { code: '3', msg: '' }],
  ])('error line %j', (line, want) => {
    expect(parseSendAnswer(line)).toEqual({ ok: false, ...want });
  });

  it.each(['', 'OK', '<html><body>502</body></html>', '0,提交成功', '0,abc def,0,1,0,x', '0,1,x,1,0,ok', '0,1,0,1,0,ok\n0,2,0,1,0,ok'])('unparseable %j', (line) => {
    expect(parseSendAnswer(line)).toBeNull();
  });

  it('balance lines', () => {
    expect(parseBalanceAnswer('0,12345')).toEqual({ ok: true, amount: 12345 });
    expect(parseBalanceAnswer('0, 12.5\r\n')).toEqual({ ok: true, amount: 12.5 });
    expect(parseBalanceAnswer('0,88,查询成功')).toEqual({ ok: true, amount: 88 });
    expect(parseBalanceAnswer('10,账户不存在')).toEqual({ ok: false, code: '10', msg: '账户不存在' });
    expect(parseBalanceAnswer('0,')).toBeNull();
    expect(parseBalanceAnswer('balance=5')).toBeNull();
  });
});

describe('network faults', () => {
  it('reset after the gateway read the request: unknown (and it did accept)', async () => {
    gw.faults.push({ kind: 'reset-after' });
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(2) }, ctx()));
    expect(e.errorClass).toBe('unknown');
    expect(gw.accepted).toHaveLength(2);
  });

  it('503: retry, nothing accepted', async () => {
    gw.faults.push({ kind: 'status', status: 503 });
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(2) }, ctx()));
    expect(e.errorClass).toBe('retry');
    expect(gw.accepted).toEqual([]);
  });

  it('500: unknown', async () => {
    gw.faults.push({ kind: 'status', status: 500 });
    expect((await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx()))).errorClass).toBe('unknown');
  });

  it('garbage body: unknown', async () => {
    gw.faults.push({ kind: 'garbage' });
    const e = await providerFailure(driver.send({ form: 'pt', messages: messages(1) }, ctx()));
    expect(e.errorClass).toBe('unknown');
    expect(e.code).toBe('');
  });

  it('nothing listening: retry', async () => {
    const url = gw.url;
    await gw.close();
    const d = make({ baseUrl: url });
    expect((await providerFailure(d.send({ form: 'pt', messages: messages(1) }, ctx()))).errorClass).toBe('retry');
    gw = await startChuangruiGateway();
  });
});

describe('balance', () => {
  it('posts type=balance and reads `code,balance` as a count', async () => {
    const b = await driver.balance();
    expect(b).toEqual({ unit: 'count', amount: 10_000, raw: '0,10000' });
    expect(form(gw.requests[0].body)).toEqual([
      ['name', 'test'],
      ['pwd', 'testpwd'],
      ['type', 'balance'],
    ]);
    await driver.send({ form: 'pt', messages: messages(4) }, ctx());
    expect((await driver.balance()).amount).toBe(9_996);
  });

  it('garbage balance answer is unknown', async () => {
    gw.faults.push({ kind: 'garbage' });
    expect((await providerFailure(driver.balance())).errorClass).toBe('unknown');
  });
});

describe('status report push', () => {
  const example = 'name=admin&pwd=12345&sendid=12345&time=2013-08-20 20:11:34&mobile=13900210021&state=DELIVRD';

  it('parses the document example (§3.3) and answers 200 "0"', () => {
    const r = driver.parsePush!(push(example));
    expect(r.receipts).toEqual([{ mobile: '13900210021', providerBatchId: '12345', status: 'DELIVRD', delivered: true, reportedAt: '2013-08-20 20:11:34' }]);
    expect(r.replies).toEqual([]);
    expect(r.answer).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '0' });
  });

  it('the example as a POST form body', () => {
    const r = driver.parsePush!(push('', example.replace(/ /g, '+'), 'POST'));
    expect(r.receipts[0]).toMatchObject({ mobile: '13900210021', reportedAt: '2013-08-20 20:11:34', delivered: true });
  });

  it('checks pwd where the account configures it', () => {
    expect(make({ pushCredentials: { reportPwd: '12345' } }).parsePush!(push(example)).receipts).toHaveLength(1);
    const e = providerFailureSync(() => make({ pushCredentials: { reportPwd: '54321' } }).parsePush!(push(example)));
    expect(e.provider).toBe('chuangrui');
  });

  it.each([
    ['DELIVRD', true],
    ['EXPIRED', false],
    ['UNDELIV', false],
    ['UNKNOWN', false],
    ['REJECTD', false],
    ['DTBLACK', false],
    ['ERR:104', false],
    ['REJECT', false],
    ['MK:0005', false],
  ])('state %s → delivered %s, kept verbatim', (state, delivered) => {
    const r = driver.parsePush!(push(`sendid=9&time=2013-08-20 20:11:34&mobile=13900210021&state=${encodeURIComponent(state)}`));
    expect(r.receipts[0]).toMatchObject({ status: state, delivered });
  });

  it('several numbers sharing a state, comma-joined', () => {
    const r = driver.parsePush!(push('sendid=77&time=2013-08-20 20:11:34&mobile=13900210021,13900210022, 13900210023&state=UNDELIV'));
    expect(r.receipts.map((x) => [x.mobile, x.providerBatchId, x.delivered, x.reportedAt])).toEqual([
      ['13900210021', '77', false, '2013-08-20 20:11:34'],
      ['13900210022', '77', false, '2013-08-20 20:11:34'],
      ['13900210023', '77', false, '2013-08-20 20:11:34'],
    ]);
  });

  it('round trip: the gateway reports what the driver sent', async () => {
    const out = await driver.send({ form: 'pt', messages: messages(3) }, ctx());
    const pushes = gw.reportDelivery(gw.accepted, 'delivered');
    expect(pushes).toHaveLength(1);
    const r = driver.parsePush!(asPushRequest(pushes[0]));
    expect(r.receipts.map((x) => [x.mobile, x.providerBatchId, x.status, x.delivered])).toEqual(
      messages(3).map((m) => [m.mobile, out.providerBatchId, 'DELIVRD', true]),
    );
    const failed = driver.parsePush!(asPushRequest(gw.reportStates(gw.accepted.slice(0, 1), 'DTBLACK')[0]));
    expect(failed.receipts).toEqual([expect.objectContaining({ mobile: mobile(0), status: 'DTBLACK', delivered: false })]);
  });

  it('GET pushes as in the example', async () => {
    gw.settings.pushMethod = 'GET';
    await driver.send({ form: 'pt', messages: messages(2) }, ctx());
    const [p] = gw.reportDelivery(gw.accepted, 'failed');
    expect(p.method).toBe('GET');
    expect(driver.parsePush!(asPushRequest(p)).receipts.map((x) => x.status)).toEqual(['UNDELIV', 'UNDELIV']);
  });

  describe('with an AccessSecret: name = MD5(AccessSecret + random + timestamp)', () => {
    const secret = 'AcCeSs-S3cret';

    beforeEach(async () => {
      gw.settings.accessSecret = secret;
      gw.settings.reportPwd = 'rp';
      await driver.send({ form: 'pt', messages: messages(2) }, ctx());
    });

    it('accepts a genuine push', () => {
      const d = make({ secret, pushCredentials: { reportPwd: 'rp' } });
      const [p] = gw.reportDelivery(gw.accepted, 'delivered');
      expect(d.parsePush!(asPushRequest(p)).receipts).toHaveLength(2);
    });

    it('accepts the digest in upper case', () => {
      const q = 'random=123456&timestamp=1700000000&sendid=1&mobile=13900210021&state=DELIVRD&name=' + md5(secret + '123456' + '1700000000', 'upper');
      expect(make({ secret }).parsePush!(push(q)).receipts).toHaveLength(1);
    });

    it.each([
      ['a forged name', (p: URLSearchParams) => p.set('name', md5('guess' + p.get('random') + p.get('timestamp'), 'lower'))],
      ['a changed timestamp', (p: URLSearchParams) => p.set('timestamp', '1')],
      ['no random', (p: URLSearchParams) => p.delete('random')],
      ['no timestamp', (p: URLSearchParams) => p.delete('timestamp')],
      ['a wrong pwd', (p: URLSearchParams) => p.set('pwd', 'x')],
    ])('refuses %s', (_label, tamper) => {
      const d = make({ secret, pushCredentials: { reportPwd: 'rp' } });
      const [p] = gw.reportDelivery(gw.accepted, 'delivered');
      const params = new URLSearchParams(p.body.toString('utf8'));
      tamper(params);
      const e = providerFailureSync(() => d.parsePush!(push('', params.toString(), 'POST')));
      expect(e.errorClass).toBe('request');
      expect(`${e.message} ${e.text}`).not.toContain(secret);
    });

    it('refuses a push signed with another secret', () => {
      const [p] = gw.reportDelivery(gw.accepted, 'delivered');
      expect(() => make({ secret: 'other', options: {} }).parsePush!(asPushRequest(p))).toThrow(ProviderError);
    });
  });
});

describe('reply push', () => {
  const example =
    'name=admin&pwd=12345&args=13800210021#@#content1#@#2013-08-21 21:20:11#@#008123#@@#13978767656#@#content2#@#2013-08-21 21:20:30#@#008456';

  it('parses the document example (§4), cutting the 3-digit system extension', () => {
    const r = make({ options: { sysExtLength: '3' } }).parsePush!(push(example));
    expect(r.receipts).toEqual([]);
    expect(r.replies as ChuangruiReplyIn[]).toEqual([
      { mobile: '13800210021', text: 'content1', repliedAt: '2013-08-21 21:20:11', extno: '123', fullExtno: '008123', systemExtno: '008', customExtno: '123' },
      { mobile: '13978767656', text: 'content2', repliedAt: '2013-08-21 21:20:30', extno: '456', fullExtno: '008456', systemExtno: '008', customExtno: '456' },
    ]);
    expect(r.answer).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '0' });
  });

  it('without a system extension length, keeps the whole extension', () => {
    const r = driver.parsePush!(push(example));
    expect(r.replies.map((x) => x.extno)).toEqual(['008123', '008456']);
    expect((r.replies[0] as ChuangruiReplyIn).systemExtno).toBeUndefined();
  });

  it('the example as a raw POST body', () => {
    const r = make({ options: { sysExtLength: '3' } }).parsePush!(push('', example, 'POST'));
    expect(r.replies.map((x) => [x.mobile, x.text, x.extno])).toEqual([
      ['13800210021', 'content1', '123'],
      ['13978767656', 'content2', '456'],
    ]);
  });

  it('empty extension, with or without its separator', () => {
    const r = driver.parsePush!(push('', 'args=' + encodeURIComponent('13800210021#@#退订#@#2013-08-21 21:20:11#@##@@#13800210022#@#TD#@#2013-08-21 21:20:12'), 'POST'));
    expect(r.replies.map((x) => [x.mobile, x.text, x.extno, (x as ChuangruiReplyIn).fullExtno])).toEqual([
      ['13800210021', '退订', undefined, ''],
      ['13800210022', 'TD', undefined, ''],
    ]);
  });

  it('checks name and pwd where the account configures them', () => {
    expect(make({ pushCredentials: { moName: 'admin', moPwd: '12345' } }).parsePush!(push(example)).replies).toHaveLength(2);
    expect(() => make({ pushCredentials: { moName: 'admin', moPwd: 'nope' } }).parsePush!(push(example))).toThrow(ProviderError);
    expect(() => make({ pushCredentials: { moName: 'root' } }).parsePush!(push(example))).toThrow(ProviderError);
  });

  it('round trip with Chinese and special characters from the gateway', () => {
    gw.settings.moName = 'mo';
    gw.settings.moPwd = 'p w';
    const d = make({ options: { sysExtLength: '3' }, pushCredentials: { moName: 'mo', moPwd: 'p w' } });
    const text = '好的，收到！a+b=c & 100% 满意 #1';
    const [p] = gw.reply('13900000001', text, '12');
    const [r] = d.parsePush!(asPushRequest(p)).replies as ChuangruiReplyIn[];
    expect(r).toMatchObject({ mobile: '13900000001', text, extno: '12', systemExtno: '008', fullExtno: '00812' });
    gw.settings.pushMethod = 'GET';
    const batch = gw.replyBatch([
      { mobile: '13900000002', text: 'R' },
      { mobile: '13900000003', text: '退订', extno: '7' },
    ]);
    expect(batch).toHaveLength(1);
    expect(d.parsePush!(asPushRequest(batch[0])).replies.map((x) => [x.mobile, x.text, x.extno])).toEqual([
      ['13900000002', 'R', undefined],
      ['13900000003', '退订', '7'],
    ]);
  });

  it('refuses malformed args and foreign bodies', () => {
    for (const bad of ['args=13800210021', 'args=abc#@#x#@#2013-08-21 21:20:11#@#1', 'args=13800210021#@#x#@#yesterday#@#1', 'args=']) {
      expect(() => driver.parsePush!(push(bad)), bad).toThrow(ProviderError);
    }
    expect(() => driver.parsePush!(push('', '{"sendid":"1","state":"DELIVRD"}', 'POST'))).toThrow(ProviderError);
    expect(() => driver.parsePush!(push(''))).toThrow(ProviderError);
    expect(() => driver.parsePush!(push('sendid=1&state=DELIVRD&mobile=abc'))).toThrow(ProviderError);
  });
});

describe('gateway faithfulness', () => {
  it('accepts the GET-looking example of §1.8 and checks UTF-8', async () => {
    const q = 'name=test&pwd=testpwd&content=testmsg&mobile=18266878877,18655555555&stime=2012-08-01 8:20:23&sign=testsign&type=pt&extno=';
    const res = await fetch(`${gw.url}/?${q.replace(/ /g, '%20')}`);
    expect(await res.text()).toMatch(/^0, \d{26},0,2,0,提交成功$/);
    expect(gw.submissions[0]).toMatchObject({ via: 'query', stime: '2012-08-01 8:20:23' });
    const gbk = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=test&pwd=testpwd&content=%C4%FA%BA%C3&mobile=18266878877&sign=testsign&type=pt', // 您好 in GBK
    });
    expect(await gbk.text()).toBe('14,格式错误');
  });
});
