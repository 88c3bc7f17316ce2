// smscn driver against its simulated gateway (test/gateways/smscn.ts), both written
// from the provider document. The PC's zone is set far from Beijing on purpose: every
// timestamp must still come out in Beijing time.
process.env.TZ = 'America/Los_Angeles';

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ProviderError, type ErrorClass } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import {
  SMSCN_CAPABILITIES,
  SMSCN_ERRORS,
  SmscnDriver,
  mobileId,
  pwdDigest,
  settleByRecords,
  smscn,
  timestampOf,
  tokenKey,
  type RecordsPage,
} from '../../src/main/providers/smscn';
import { parseAnswer } from '../../src/main/providers/smscn/answer';
import type { AccountConfig, Driver, OutboundMessage, SendContext } from '../../src/main/providers/types';
import { startSmscnGateway, type SmscnGateway, type SmscnSettings } from '../gateways/smscn';

const SECRET = '64CQMlr579J0L46U9q1qR285Risfc04G';
const QUNFA_TEMPLATE = '【云信】您的验证码是：<code>。';
const PROVIDER_TEMPLATE = '【云信】您的验证码是：{$code}。';
const ctx: SendContext = { kind: 'verification', template: QUNFA_TEMPLATE, providerTemplateId: '700001', submissionKey: 'k1' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

interface Setup {
  gateway: SmscnGateway;
  driver: SmscnDriver;
  account: AccountConfig;
}

async function setup(options: Record<string, string> = {}, gw: Partial<SmscnSettings> & { balance?: number } = {}, now?: () => Date): Promise<Setup> {
  const gateway = await startSmscnGateway(gw);
  gateway.addTemplate('700001', PROVIDER_TEMPLATE);
  const account: AccountConfig = { provider: 'smscn', baseUrl: gateway.url, username: 'test', password: '123123', secret: SECRET, options };
  const driver = new SmscnDriver(account, new HttpClient('smscn', { responseTimeoutMs: 3000 }), now);
  cleanups.push(() => gateway.close(), () => driver.close());
  return { gateway, driver, account };
}

function render(template: string, values: Record<string, string>): string {
  return template.replace(/<([^<>\s]+)>/g, (all, name: string) => values[name] ?? all);
}

function msg(ref: number, mobile: string, values: Record<string, string>, template = QUNFA_TEMPLATE): OutboundMessage {
  return { ref: String(ref), mobile, values, text: render(template, values) };
}

function mobiles(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => String(13900000000 + from + i));
}

async function sendAll(driver: SmscnDriver, messages: OutboundMessage[], context: SendContext = ctx): Promise<void> {
  for (const s of driver.plan(messages, context)) await driver.send(s, context);
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected ProviderError, got ${String(err)}`);
  return err;
}

async function raw(gateway: SmscnGateway, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(gateway.url + '/voice/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return (await res.json()) as Record<string, unknown>;
}

describe('authentication (section 一)', () => {
  it('reproduces both worked examples exactly', () => {
    expect(pwdDigest('123123', 'test')).toBe('b9887c5ebb23ebb294acab183ecf0769');
    expect(tokenKey('test', SECRET, '20120102102033')).toBe('67da3bb4523ce538ff9adec57dc25162');
  });

  it('writes the timestamp in Beijing time whatever the PC zone', () => {
    const moment = new Date(Date.UTC(2012, 0, 2, 2, 20, 33));
    expect(moment.getTimezoneOffset()).not.toBe(-480); // the PC is not on Beijing time
    expect(moment.getHours()).not.toBe(10);
    expect(timestampOf(moment)).toBe('20120102102033');
  });

  it('sends uid, tokenkey and timestamp from the worked example, no pwd, and the gateway accepts', async () => {
    const moment = new Date(Date.UTC(2012, 0, 2, 2, 20, 33));
    const { gateway, driver } = await setup({ auth: 'tokenkey' }, { now: () => moment }, () => moment);
    await driver.send({ form: 'template-send', messages: [msg(1, '13900008888', { code: '234336' })] }, ctx);
    const p = gateway.calls[0].params;
    expect(p).toMatchObject({ uid: 'test', tokenkey: '67da3bb4523ce538ff9adec57dc25162', timestamp: '20120102102033' });
    expect(p.pwd).toBeUndefined();
    expect(gateway.accepted).toHaveLength(1);
  });

  it('accepts inside the 5-minute window and answers 119 outside it', async () => {
    const pc = new Date(Date.UTC(2024, 5, 1, 4, 0, 0));
    let gatewayClock = new Date(pc.getTime() + 4 * 60_000);
    const { driver } = await setup({ auth: 'tokenkey' }, { now: () => gatewayClock }, () => pc);
    expect((await driver.balance()).amount).toBe(100_000);
    gatewayClock = new Date(pc.getTime() - 5 * 60_000 - 1000);
    const err = await failure(driver.balance());
    expect([err.code, err.errorClass]).toEqual(['119', 'request']);
  });

  it('gateway answers 118 for a malformed timestamp', async () => {
    const { gateway } = await setup();
    expect(await raw(gateway, { ac: 'number', uid: 'test', tokenkey: 'x', timestamp: '2012-01-02 10:20' })).toMatchObject({ stat: '118' });
    expect(await raw(gateway, { ac: 'number', uid: 'test', tokenkey: 'x', timestamp: '20121302102033' })).toMatchObject({ stat: '118' });
  });

  it('pwd mode sends md5(password+uid) lowercase; pwd-md5 sends the pasted interface password lowercased', async () => {
    const { gateway, driver } = await setup({ auth: 'pwd' });
    await driver.balance();
    expect(gateway.calls[0].params).toMatchObject({ uid: 'test', pwd: 'b9887c5ebb23ebb294acab183ecf0769' });
    expect(gateway.calls[0].params.tokenkey).toBeUndefined();
    const pasted = new SmscnDriver(
      { provider: 'smscn', baseUrl: gateway.url, username: 'test', password: 'B9887C5EBB23EBB294ACAB183ECF0769', options: { auth: 'pwd-md5' } },
      new HttpClient('smscn'),
    );
    cleanups.push(() => pasted.close());
    await pasted.balance();
    expect(gateway.calls[1].params.pwd).toBe('b9887c5ebb23ebb294acab183ecf0769');
  });

  it('refuses locally when the mode lacks its credential, and never puts secrets in errors', async () => {
    const { gateway, account } = await setup();
    const noSecret = new SmscnDriver({ ...account, secret: undefined, options: { auth: 'tokenkey' } }, new HttpClient('smscn'));
    cleanups.push(() => noSecret.close());
    const missing = await failure(noSecret.balance());
    expect(missing.errorClass).toBe('request');
    expect(gateway.requests).toHaveLength(0);

    const wrong = new SmscnDriver({ ...account, password: 'hunter2-secret' }, new HttpClient('smscn'));
    cleanups.push(() => wrong.close());
    const err = await failure(wrong.balance());
    expect([err.code, err.errorClass, err.text]).toEqual(['101', 'request', '验证失败']);
    const shown = `${err.message} ${err.text} ${JSON.stringify(err.explain)}`;
    expect(shown).not.toContain('hunter2-secret');
    expect(shown).not.toContain(pwdDigest('hunter2-secret', 'test'));
  });
});

describe('template send (section 四)', () => {
  it('sends template id, JSON variables and mobileids = mobile + ref, one per number', async () => {
    const { gateway, driver } = await setup();
    const messages = [msg(41, '13900008888', { code: '234336' }), msg(42, '13900008889', { code: '234336' })];
    const [submission, ...rest] = driver.plan(messages, ctx);
    expect(rest).toHaveLength(0);
    const outcome = await driver.send(submission, ctx);
    const p = gateway.calls[0].params;
    expect(p).toMatchObject({ ac: 'send', template: '700001', content: '{"code":"234336"}', mobile: '13900008888,13900008889', mobileids: '1390000888841,1390000888942' });
    expect(gateway.requests[0].path).toBe('/voice/');
    expect(outcome.providerBatchId).toBeNull();
    expect(outcome.messages).toEqual([
      { ref: '41', status: 'submitted', providerMessageId: '1390000888841' },
      { ref: '42', status: 'submitted', providerMessageId: '1390000888942' },
    ]);
    expect(gateway.accepted.map((a) => [a.mobile, a.text, a.messageId])).toEqual([
      ['13900008888', '【云信】您的验证码是：234336。', '1390000888841'],
      ['13900008889', '【云信】您的验证码是：234336。', '1390000888942'],
    ]);
    expect(gateway.accepted[0].text).toBe(messages[0].text); // the local preview matches the provider rendering
    expect(gateway.balance).toBe(100_000 - 2);
  });

  it.each([
    ['utf-8', {}],
    ['gbk', { encode: 'gbk' }],
  ])('round-trips Chinese variables in %s', async (charset, options) => {
    const { gateway, driver } = await setup(options);
    gateway.addTemplate('800002', '【门店】{$姓名}您好，您的会员码是{$code}，地址：{$地址}');
    const template = '【门店】<姓名>您好，您的会员码是<code>，地址：<地址>';
    const m = msg(7, '13900008888', { 姓名: '张三·李', code: 'A&B=C+1', 地址: '北京市海淀区 中关村“一号”' }, template);
    const c: SendContext = { ...ctx, template, providerTemplateId: '800002' };
    await sendAll(driver, [m], c);
    expect(gateway.calls[0].charset).toBe(charset);
    expect(gateway.calls[0].params.encode).toBe(charset === 'gbk' ? 'gbk' : undefined);
    expect(gateway.accepted[0].text).toBe(m.text);
    const body = gateway.requests[0].body.toString('latin1');
    // 张 is D5C5 in GBK and E5BC A0 in UTF-8.
    expect(body).toContain(charset === 'gbk' ? '%D5%C5' : '%E5%BC%A0');
  });

  it('in GBK mode rejects locally values GBK cannot carry, sending nothing', async () => {
    const { gateway, driver } = await setup({ encode: 'gbk' });
    const out = await driver.send({ form: 'template-send', messages: [msg(1, '13900008888', { code: '😀1' })] }, ctx);
    expect(out.messages).toEqual([{ ref: '1', status: 'rejected', error: { code: 'charset', text: expect.any(String) } }]);
    expect(gateway.requests).toHaveLength(0);
  });

  it('rejects malformed numbers locally and sends the rest', async () => {
    const { gateway, driver } = await setup();
    const out = await driver.send({ form: 'template-send', messages: [msg(1, '1390000888', { code: '1' }), msg(2, '13900008888', { code: '1' })] }, ctx);
    expect(out.messages.find((o) => o.ref === '1')).toMatchObject({ status: 'rejected', error: { code: 'invalid-mobile' } });
    expect(out.messages.find((o) => o.ref === '2')).toMatchObject({ status: 'submitted' });
    expect(gateway.calls[0].params.mobile).toBe('13900008888');
  });

  it('refuses a send without provider template id before any request', async () => {
    const { gateway, driver } = await setup();
    const err = await failure(driver.send({ form: 'template-send', messages: [msg(1, '13900008888', { code: '1' })] }, { ...ctx, providerTemplateId: undefined }));
    expect(err.errorClass).toBe('request');
    expect(gateway.requests).toHaveLength(0);
  });

  it.each(['json', 'xml', 'txt'])('reads success and error answers in %s', async (format) => {
    const { gateway, driver } = await setup({ format });
    await sendAll(driver, [msg(1, '13900008888', { code: '1' })]);
    expect(gateway.calls[0].params.format).toBe(format);
    expect(gateway.accepted).toHaveLength(1);
    gateway.balance = 0;
    const err = await failure(driver.send({ form: 'template-send', messages: [msg(2, '13900008888', { code: '2' })] }, ctx));
    expect([err.code, err.text, err.errorClass]).toEqual(['102', '短信不足', 'request']);
  });

  it('decodes a GBK answer the server does not label', async () => {
    const { gateway, driver } = await setup({ encode: 'gbk', format: 'txt' }, { declareCharset: false, balance: 0 });
    const err = await failure(sendAll(driver, [msg(1, '13900008888', { code: '1' })]));
    expect(err.text).toBe('短信不足');
    expect(gateway.calls[0].charset).toBe('gbk');
  });

  it('uses ac=sendcode or the /sms/ path when the endpoint option says so', async () => {
    const voice = await setup({ endpoint: 'voice-sendcode' });
    await sendAll(voice.driver, [msg(1, '13900008888', { code: '1' })]);
    expect(voice.gateway.calls[0].ac).toBe('sendcode');
    expect(voice.gateway.accepted).toHaveLength(1);
    const sms = await setup({ endpoint: 'sms-send' }, { paths: ['/sms/'] });
    await sendAll(sms.driver, [msg(1, '13900008888', { code: '1' })]);
    expect(sms.gateway.requests[0].path).toBe('/sms/');
    expect(sms.gateway.calls[0].ac).toBe('send');
  });

  it('is billed per part (70 single, 67 per part)', async () => {
    const { gateway, driver } = await setup();
    gateway.addTemplate('900', '【云信】{$text}');
    const long = '长'.repeat(100); // 104 characters with the signature: 2 parts
    const template = '【云信】<text>';
    await sendAll(driver, [msg(1, '13900008888', { text: long }, template), msg(2, '13900008889', { text: long }, template)], { ...ctx, template, providerTemplateId: '900' });
    expect(gateway.balance).toBe(100_000 - 4);
  });
});

describe('status codes', () => {
  // Written from the document's table, independently of the driver's table.
  const expected: Record<string, ErrorClass> = {
    '101': 'request',
    '102': 'request',
    '103': 'retry',
    '104': 'recipient',
    '105': 'recipient',
    '106': 'request',
    '107': 'retry',
    '108': 'request',
    '109': 'request',
    '112': 'recipient',
    '116': 'request',
    '117': 'request',
    '118': 'request',
    '119': 'request',
    '124': 'recipient',
    '151': 'request',
    '152': 'request',
    '161': 'request',
    '162': 'request',
    '163': 'request',
    '164': 'request',
    '166': 'request',
    '167': 'request',
    '168': 'request',
    '169': 'recipient',
  };

  it('has every documented code, each explained in both languages', () => {
    expect(Object.keys(SMSCN_ERRORS).sort()).toEqual(Object.keys(expected).sort());
    for (const e of Object.values(SMSCN_ERRORS)) {
      expect(e.explain.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.explain.en.length).toBeGreaterThan(10);
    }
  });

  it.each(Object.entries(expected))('answer %s throws class %s and sends nothing', async (code, cls) => {
    const { gateway, driver } = await setup();
    gateway.failNext(code);
    const err = await failure(sendAll(driver, [msg(1, '13900008888', { code: '1' })]));
    expect([err.code, err.errorClass]).toEqual([code, cls]);
    expect(gateway.accepted).toHaveLength(0);
  });

  it('an undocumented code refuses the request', async () => {
    const { gateway, driver } = await setup();
    gateway.failNext('199', { message: '奇怪' });
    const err = await failure(driver.balance());
    expect([err.code, err.text, err.errorClass]).toEqual(['199', '奇怪', 'request']);
  });

  it('reaches the documented errors the gateway raises itself', async () => {
    const { gateway, driver } = await setup({}, { maxMobilesPerRequest: 2, maxVariableChars: 8, illegal: ['法轮'], hourlyLimit: 3, maxRepeats: 1 });
    const one = (code: string, template = QUNFA_TEMPLATE, id = '700001'): Promise<ProviderError> =>
      failure(driver.send({ form: 'template-send', messages: [msg(9, '13900009999', { code }, template)] }, { ...ctx, template, providerTemplateId: id }));
    gateway.addTemplate('1', PROVIDER_TEMPLATE, 'pending');
    gateway.addTemplate('2', PROVIDER_TEMPLATE, 'rejected');
    expect((await one('1', QUNFA_TEMPLATE, '404')).code).toBe('163');
    expect((await one('1', QUNFA_TEMPLATE, '1')).code).toBe('167');
    expect((await one('1', QUNFA_TEMPLATE, '2')).code).toBe('168');
    expect((await one('1', '【云信】您的验证码是：<verify>。')).code).toBe('164');
    expect((await one('123456789')).code).toBe('169');
    expect((await one('法轮1')).code).toBe('104');
    const three = mobiles(3).map((m, i) => msg(i, m, { code: '1' }));
    expect((await failure(driver.send({ form: 'template-send', messages: three }, ctx))).code).toBe('106');
    await sendAll(driver, [msg(20, '13900000020', { code: '7' })]);
    expect((await failure(sendAll(driver, [msg(21, '13900000020', { code: '7' })]))).code).toBe('124');
    await sendAll(driver, mobiles(2, 50).map((m, i) => msg(30 + i, m, { code: '8' })));
    const limit = await failure(sendAll(driver, [msg(40, '13900000099', { code: '8' })]));
    expect([limit.code, limit.text]).toEqual(['151', '每小时发送量限制']);
    gateway.settings.hourlyLimit = null;
    gateway.settings.dailyLimit = 3;
    expect((await failure(sendAll(driver, [msg(41, '13900000098', { code: '8' })]))).code).toBe('152');
    gateway.settings.dailyLimit = null;
    gateway.settings.frozen = true;
    expect((await failure(driver.balance())).code).toBe('109');
    gateway.settings.frozen = false;
    gateway.settings.boundIp = '203.0.113.9';
    expect((await failure(driver.balance())).code).toBe('117');
    gateway.settings.boundIp = null;
    gateway.settings.apiForbidden = true;
    expect((await one('1')).code).toBe('116');
  });

  it('gateway answers 108, 161 and 162 for requests the driver never makes', async () => {
    const { gateway } = await setup();
    const auth = { uid: 'test', pwd: 'b9887c5ebb23ebb294acab183ecf0769' };
    expect(await raw(gateway, { ac: 'send', ...auth, mobile: '13900008888', content: '', template: '700001' })).toMatchObject({ stat: '108' });
    expect(await raw(gateway, { ac: 'send', ...auth, mobile: '13900008888', content: '{"code":"1"}' })).toMatchObject({ stat: '161' });
    expect(await raw(gateway, { ac: 'send', ...auth, mobile: '13900008888', content: '{"code"："1"}', template: '700001' })).toMatchObject({ stat: '162' });
    expect(await raw(gateway, { ac: 'send', ...auth, mobile: '13900008888', content: '{"code":"1"}', template: '700001', language: 'english' })).toMatchObject({
      stat: '100',
      message: 'SUCCESS',
    });
  });
});

describe('plan: fewest requests (one content per request, 100 numbers)', () => {
  const driver = smscn.create(
    { provider: 'smscn', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', options: {} },
    new HttpClient('smscn'),
  );
  afterAll(() => driver.close());
  const plan = (messages: OutboundMessage[], template = QUNFA_TEMPLATE): OutboundMessage[][] =>
    driver.plan(messages, { kind: 'marketing', template }).map((s) => s.messages);
  const covers = (parts: OutboundMessage[][], messages: OutboundMessage[]): void =>
    expect(parts.flat().map((m) => m.ref).sort()).toEqual(messages.map((m) => m.ref).sort());

  it('all same values: ceil(n / 100)', () => {
    const messages = mobiles(250).map((m, i) => msg(i, m, { code: '1' }));
    const parts = plan(messages);
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
    covers(parts, messages);
  });

  it('all different values: one each', () => {
    const messages = mobiles(5).map((m, i) => msg(i, m, { code: String(i) }));
    expect(plan(messages)).toHaveLength(5);
  });

  it('mixed: per distinct content, split at the cap', () => {
    const messages = [
      ...mobiles(150).map((m, i) => msg(i, m, { code: 'A' })),
      msg(1000, '13800000000', { code: 'B' }),
      ...mobiles(99, 500).map((m, i) => msg(2000 + i, m, { code: 'C' })),
    ];
    const parts = plan(messages);
    expect(parts).toHaveLength(4);
    covers(parts, messages);
    for (const p of parts) expect(new Set(p.map((m) => m.values.code)).size).toBe(1);
  });

  it('values the template does not use do not split requests', () => {
    const messages = mobiles(3).map((m, i) => msg(i, m, { code: '1', name: `n${i}`, value0: `v${i}` }));
    expect(plan(messages)).toHaveLength(1);
  });

  it('a number repeated goes into distinct requests, still the fewest', () => {
    const few = [...Array.from({ length: 3 }, (_, i) => msg(i, '13900008888', { code: '1' })), msg(3, '13900000001', { code: '1' }), msg(4, '13900000002', { code: '1' })];
    expect(plan(few)).toHaveLength(3);
    const many = [...mobiles(246).map((m, i) => msg(i, m, { code: '1' })), ...Array.from({ length: 4 }, (_, i) => msg(900 + i, '13800000000', { code: '1' }))];
    const parts = plan(many);
    expect(parts).toHaveLength(4); // max(ceil(250 / 100), 4)
    covers(parts, many);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(100);
      expect(new Set(p.map((m) => m.mobile)).size).toBe(p.length);
    }
  });

  it('declares what the planner relies on', () => {
    expect(SMSCN_CAPABILITIES.send.maxMobilesPerRequest).toBe(100);
    expect(SMSCN_CAPABILITIES.send.personalised).toBeNull();
    expect(SMSCN_CAPABILITIES.send.contentMode).toBe('provider-template');
  });
});

describe('status reports (section 五)', () => {
  it('pulls delivered and failed receipts matched by mobileids, each once', async () => {
    const { gateway, driver } = await setup();
    const messages = mobiles(3).map((m, i) => msg(10 + i, m, { code: '5' }));
    await sendAll(driver, messages);
    gateway.reportDelivery(gateway.accepted.slice(0, 2), 'delivered');
    gateway.reportDelivery(gateway.accepted.slice(2), 'failed');
    const page = await driver.pullReceipts();
    expect(page.more).toBe(false);
    expect(page.items.map((r) => [r.mobile, r.providerMessageId, r.status, r.delivered])).toEqual([
      [messages[0].mobile, mobileId(messages[0]), 'DELIVRD', true],
      [messages[1].mobile, mobileId(messages[1]), 'DELIVRD', true],
      [messages[2].mobile, mobileId(messages[2]), 'UNDELIV', false],
    ]);
    expect(page.items[0].reportedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await driver.pullReceipts()).toEqual({ items: [], more: false });
  });

  it.each(['json', 'xml', 'txt'])('drains in pages of 50 with more set (%s)', async (format) => {
    const { gateway, driver } = await setup({ format });
    await sendAll(driver, mobiles(120).map((m, i) => msg(i, m, { code: '5' })));
    gateway.reportDelivery(gateway.accepted, 'delivered');
    const pages = [await driver.pullReceipts(), await driver.pullReceipts(), await driver.pullReceipts()];
    expect(pages.map((p) => [p.items.length, p.more])).toEqual([
      [50, true],
      [50, true],
      [20, false],
    ]);
    expect(gateway.calls.filter((c) => c.ac === 'status').map((c) => c.params.format)).toEqual(Array(3).fill(format === 'xml' ? 'xml' : 'json'));
  });

  it('131–134 are not delivered; the operator status is kept verbatim', async () => {
    const { gateway, driver } = await setup();
    await sendAll(driver, mobiles(4).map((m, i) => msg(i, m, { code: '5' })));
    gateway.reportStatus(gateway.accepted.slice(0, 1), '131', 'MK:0001');
    gateway.reportStatus(gateway.accepted.slice(1, 2), '132', 'MK:0005');
    gateway.reportStatus(gateway.accepted.slice(2, 3), '133', 'DB:0140');
    gateway.reportStatus(gateway.accepted.slice(3), '134', '');
    const { items } = await driver.pullReceipts();
    expect(items.map((r) => [r.status, r.delivered])).toEqual([
      ['MK:0001', false],
      ['MK:0005', false],
      ['DB:0140', false],
      ['134', false],
    ]);
  });

  it('offers no replies: the gateway queues nothing and the driver has no reply pull', async () => {
    const { gateway, driver } = await setup();
    expect(gateway.reply('13900008888', 'TD')).toEqual([]);
    const asDriver: Driver = driver;
    expect(asDriver.pullReplies).toBeUndefined();
    expect(asDriver.parsePush).toBeUndefined();
  });
});

describe('remaining count (section 六)', () => {
  it.each(['json', 'xml', 'txt'])('reads the count in %s', async (format) => {
    const { gateway, driver } = await setup({ format }, { balance: 2123432 });
    expect(await driver.balance()).toEqual({ unit: 'count', amount: 2123432, raw: '2123432' });
    expect(gateway.calls[0].params).toMatchObject({ ac: 'number', format });
  });
});

describe('send records (section 七)', () => {
  const run = async (driver: SmscnDriver, params: Record<string, string> = {}): Promise<RecordsPage> =>
    (await driver.operations['send-records'].run(driver.operations['send-records'].params.parse(params))) as RecordsPage;

  it('hands out 50 per call, each record once, then the documented empty answer', async () => {
    const { gateway, driver } = await setup();
    await sendAll(driver, mobiles(60).map((m, i) => msg(i, m, { code: '5' })));
    const first = await run(driver);
    expect([first.items.length, first.more, first.total]).toEqual([50, true, 60]);
    expect(first.items[0]).toMatchObject({ mobile: '13900000000', content: '【云信】您的验证码是：5。', status: '1', submitted: true });
    const second = await run(driver);
    expect([second.items.length, second.more]).toEqual([10, false]);
    expect(await run(driver)).toEqual({ items: [], more: false, total: 0 });
    // Section 七 defaults to GBK: the driver always says which charset it uses.
    expect(gateway.calls.filter((c) => c.ac === 'query').map((c) => [c.params.encode, c.charset])).toEqual(Array(3).fill(['utf8', 'utf-8']));
  });

  it.each([
    ['utf-8', 'xml'],
    ['gbk', 'json'],
  ])('filters by number and date (%s, %s) with Chinese content intact', async (encode, format) => {
    const today = new Date(Date.UTC(2024, 0, 9, 20, 0, 0)); // 2024-01-10 04:00 in Beijing
    const { gateway, driver } = await setup({ encode, format }, { now: () => today }, () => today);
    await sendAll(driver, mobiles(3).map((m, i) => msg(i, m, { code: '中' })));
    const page = await run(driver, { mobile: '13900000001', date: '2024-01-10' });
    expect(page.items).toEqual([{ sendtime: '2024-01-10 04:00:00', mobile: '13900000001', content: '【云信】您的验证码是：中。', status: '1', submitted: true }]);
    expect((await run(driver, { date: '2024-01-09' })).items).toHaveLength(0);
    expect(gateway.records).toHaveLength(2);
  });

  it('validates its parameters', async () => {
    const { driver } = await setup();
    const params = driver.operations['send-records'].params;
    expect(params.safeParse({ date: '2011-12-12', mobile: '13900008888' }).success).toBe(true);
    expect(params.safeParse({ date: '2011/12/12' }).success).toBe(false);
    expect(params.safeParse({ mobile: '139-0000' }).success).toBe(false);
  });

  it('settles a send whose answer was lost', async () => {
    const { gateway, driver } = await setup();
    const messages = [msg(1, '13900008888', { code: '9' }), msg(2, '13900008889', { code: '9' })];
    gateway.faults.push({ kind: 'reset-after' });
    const err = await failure(sendAll(driver, messages));
    expect(err.errorClass).toBe('unknown');
    const page = await run(driver);
    const settled = settleByRecords(page.items, [...messages, msg(3, '13900008890', { code: '9' })]);
    expect([...settled]).toEqual([
      ['1', 'submitted'],
      ['2', 'submitted'],
    ]);
  });
});

describe('network faults', () => {
  const send = (driver: SmscnDriver): Promise<void> => sendAll(driver, [msg(1, '13900008888', { code: '1' })]);

  it('reset after the request: unknown, and the gateway did take it', async () => {
    const { gateway, driver } = await setup();
    gateway.faults.push({ kind: 'reset-after' });
    expect((await failure(send(driver))).errorClass).toBe('unknown');
    expect(gateway.accepted).toHaveLength(1);
  });

  it('HTTP 503: retry, nothing taken', async () => {
    const { gateway, driver } = await setup();
    gateway.faults.push({ kind: 'status', status: 503 });
    expect((await failure(send(driver))).errorClass).toBe('retry');
    expect(gateway.accepted).toHaveLength(0);
  });

  it('an answer no document describes: unknown', async () => {
    const { gateway, driver } = await setup();
    gateway.faults.push({ kind: 'garbage' });
    const err = await failure(send(driver));
    expect([err.errorClass, err.code]).toEqual(['unknown', '']);
  });

  it('no answer within the response timeout: unknown, and the gateway did take it', async () => {
    const { gateway, account } = await setup();
    const driver = new SmscnDriver(account, new HttpClient('smscn', { responseTimeoutMs: 300 }));
    cleanups.push(() => driver.close());
    gateway.faults.push({ kind: 'hang' });
    expect((await failure(send(driver))).errorClass).toBe('unknown');
    expect(gateway.accepted).toHaveLength(1);
  });

  it('a closed port: retry', async () => {
    const { gateway, account } = await setup();
    await gateway.close();
    const driver = new SmscnDriver(account, new HttpClient('smscn', { connectTimeoutMs: 2000 }));
    cleanups.push(() => driver.close());
    expect((await failure(send(driver))).errorClass).toBe('retry');
  });
});

describe('answer shapes', () => {
  it('reads the three documented forms', () => {
    expect(parseAnswer('sms&stat=100&remain=100').fields).toEqual({ stat: '100', remain: '100' });
    expect(parseAnswer('{"stat":100,"total":"1","values":[{"mobile":"1","status":"1"}]}')).toMatchObject({ fields: { stat: '100' }, rows: [{ mobile: '1' }] });
    const xml = parseAnswer('<result>\n<stat>100</stat>\n<values>\n<value0><content>A &amp; B&#x4e2d;</content></value0>\n</values>\n</result>');
    expect(xml).toMatchObject({ format: 'xml', fields: { stat: '100' }, rows: [{ content: 'A & B中' }] });
    expect(() => parseAnswer('<html><body>502</body></html>')).toThrow();
    expect(() => parseAnswer('OK')).toThrow();
  });

  it('the worked GBK bytes decode', () => {
    expect(iconv.encode('张', 'gbk').toString('hex')).toBe('d5c5');
  });
});
