// send() through every form against the simulated gateway.
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/main/providers/errors';
import { formDecode, md5 } from '../../src/main/providers/util';
import { ctx, msg, setup, thrown, type Setup } from './platform-fixture';

const SIG = '【星辰科技】';
let s: Setup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('sms.aspx (XML)', () => {
  it('sends one text to several numbers with the documented parameters', async () => {
    s = await setup({ gateway: { balance: 100 } });
    const ms = [msg('13800000001', '会员日全场八折' + SIG), msg('13800000002', '会员日全场八折' + SIG)];
    const [sub] = s.driver.plan(ms, ctx());
    expect(sub.form).toBe('sms.aspx');
    const out = await s.driver.send(sub, ctx());
    expect(out.messages).toEqual(ms.map((m) => ({ ref: m.ref, status: 'submitted' })));
    expect(out.providerBatchId).toMatch(/^\d{16}$/);
    expect(out.balance).toBe(98);
    expect(s.gateway.accepted).toEqual(ms.map((m) => ({ mobile: m.mobile, text: m.text, batchId: out.providerBatchId })));
    const p = s.gateway.calls[0].params;
    expect(s.gateway.calls[0].path).toBe('sms.aspx');
    expect([...p.keys()]).toEqual(['action', 'userid', 'account', 'password', 'mobile', 'content', 'sendTime', 'extno']);
    expect(p.get('action')).toBe('send');
    expect(p.get('userid')).toBe('12');
    expect(p.get('account')).toBe('shop');
    expect(p.get('password')).toBe(md5('secret-pw', 'upper'));
    expect(p.get('password')).toMatch(/^[0-9A-F]{32}$/);
    expect(p.get('mobile')).toBe('13800000001,13800000002');
    expect(p.get('sendTime')).toBe('');
    expect(s.gateway.requests[0].method).toBe('POST');
  });

  it('never puts the plain password on the wire', async () => {
    s = await setup();
    await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx());
    expect(s.gateway.requests[0].body.toString('latin1')).not.toContain('secret-pw');
  });

  it('passes the schedule and the extension number', async () => {
    s = await setup();
    const out = await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '明早十点开业' + SIG)] }, ctx({ sendAt: '2030-01-02 09:08:10', extno: '123' }));
    expect(out.messages[0].status).toBe('submitted');
    expect(s.gateway.calls[0].params.get('sendTime')).toBe('2030-01-02 09:08:10');
    expect(s.gateway.calls[0].params.get('extno')).toBe('123');
    expect(s.gateway.accepted[0].extno).toBe('123');
  });

  it('refuses an extension number over 5 digits without sending (1104)', async () => {
    s = await setup();
    const err = await thrown(s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx({ extno: '123456' })));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('1104');
    expect((err as ProviderError).errorClass).toBe('request');
    expect(s.gateway.requests).toHaveLength(0);
  });

  it('rejects invalid numbers locally (1108) and sends the rest', async () => {
    s = await setup();
    const ms = [msg('1234', '你好' + SIG), msg('13800000001', '你好' + SIG), msg('1380000000x', '你好' + SIG), msg('13800000002', '你好' + SIG)];
    const out = await s.driver.send({ form: 'sms.aspx', messages: ms }, ctx());
    expect(out.messages).toEqual([
      { ref: ms[0].ref, status: 'rejected', error: { code: '1108', text: '错误的手机号码' } },
      { ref: ms[1].ref, status: 'submitted' },
      { ref: ms[2].ref, status: 'rejected', error: { code: '1108', text: '错误的手机号码' } },
      { ref: ms[3].ref, status: 'submitted' },
    ]);
    expect(s.gateway.calls[0].params.get('mobile')).toBe('13800000001,13800000002');
  });

  it('sends nothing when every number is invalid', async () => {
    s = await setup();
    const out = await s.driver.send({ form: 'sms.aspx', messages: [msg('110', '你好' + SIG)] }, ctx());
    expect(out.providerBatchId).toBeNull();
    expect(out.messages[0].status).toBe('rejected');
    expect(s.gateway.requests).toHaveLength(0);
  });

  it('bills 70 chars as one part and 67 per part beyond', async () => {
    s = await setup({ gateway: { balance: 10 } });
    const t70 = 'x'.repeat(64) + SIG; // 70
    const t71 = 'x'.repeat(65) + SIG; // 71 → 2
    const t135 = 'x'.repeat(129) + SIG; // 135 → 3
    await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', t70)] }, ctx());
    expect(s.gateway.balance).toBe(9);
    await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', t71)] }, ctx());
    expect(s.gateway.balance).toBe(7);
    const out = await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', t135)] }, ctx());
    expect(out.balance).toBe(4);
  });

  it.each([
    ['no signature', '没有签名的内容', '2113'],
    ['a 2-character signature', '你好【星辰】', '2114'],
    ['a 9-character signature', '你好【星辰科技有限公司甲】', '2114'],
  ])('the gateway refuses %s; the driver maps its message to the request class', async (_label, text, code) => {
    s = await setup();
    const err = (await thrown(s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', text)] }, ctx()))) as ProviderError;
    expect(err.errorClass).toBe('request');
    expect(err.text).toBe({ '2113': '需要签名', '2114': '签名错误' }[code]);
    expect(s.gateway.accepted).toHaveLength(0);
  });

  it('wrong password: 用户名或密码错误, class request', async () => {
    s = await setup({ account: { password: 'nope' } });
    const err = (await thrown(s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.text).toBe('用户名或密码错误');
    expect(err.errorClass).toBe('request');
    expect(err.message).not.toContain('nope');
  });

  it('not enough balance: 额度不足 → request', async () => {
    s = await setup({ gateway: { balance: 1 } });
    const err = (await thrown(s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG), msg('13800000002', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.text).toBe('额度不足');
    expect(err.errorClass).toBe('request');
    expect(err.explain.en).toMatch(/balance/i);
  });

  it('the 11th message to one number in a day is accepted, then reported failed (超限)', async () => {
    const now = new Date('2030-05-01T02:00:00Z');
    s = await setup({ gateway: { now: () => now } });
    for (let i = 0; i < 11; i++) await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', `第${i}条通知${SIG}`)] }, ctx());
    const page = await s.driver.pullReceipts?.();
    expect(page?.items).toHaveLength(1);
    expect(page?.items[0]).toMatchObject({ mobile: '13800000001', delivered: false, status: '超限', providerBatchId: s.gateway.accepted[10].batchId });
  });
});

describe('smsJson.aspx and smsGBK.aspx', () => {
  it('smsJson.aspx: reads the JSON answer', async () => {
    s = await setup({ options: { endpoint: 'json' }, gateway: { balance: 5 } });
    const out = await s.driver.send({ form: 'smsJson.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx());
    expect(out.messages[0].status).toBe('submitted');
    expect(out.balance).toBe(4);
    expect(out.providerBatchId).toBe(s.gateway.accepted[0].batchId);
    expect(s.gateway.requests[0].path).toBe('/smsJson.aspx');
  });

  it('smsJson.aspx: a JSON failure maps by its message', async () => {
    s = await setup({ options: { endpoint: 'json' }, account: { password: 'nope' } });
    const err = (await thrown(s.driver.send({ form: 'smsJson.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.text).toBe('用户名或密码错误');
  });

  it('smsGBK.aspx: Chinese text travels as GB2312 bytes and comes back intact', async () => {
    s = await setup({ options: { endpoint: 'gbk' } });
    const text = '尊敬的会员：您的积分已到账，详询门店。【星辰科技】';
    const out = await s.driver.send({ form: 'smsGBK.aspx', messages: [msg('13800000001', text)] }, ctx());
    expect(out.messages[0].status).toBe('submitted');
    expect(s.gateway.accepted[0].text).toBe(text);
    const raw = s.gateway.requests[0].body.toString('latin1');
    // 尊 is D7 F0 in GB2312; its UTF-8 form E5 B0 8A must not appear.
    expect(raw).toContain('%D7%F0');
    expect(raw).not.toContain('%E5%B0%8A');
    expect(formDecode(raw, 'gb2312').get('content')).toBe(text);
    expect(String(s.gateway.requests[0].headers['content-type'])).toContain('gb2312');
  });

  it('smsGBK.aspx: a GB2312 failure answer is decoded', async () => {
    s = await setup({ options: { endpoint: 'gbk' }, account: { password: 'nope' } });
    const err = (await thrown(s.driver.send({ form: 'smsGBK.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.text).toBe('用户名或密码错误');
  });
});

describe('BatchSms.ashx', () => {
  it('sends different texts in one request; each number gets its own text', async () => {
    s = await setup();
    const ms = [msg('13800000001', '张三您好，积分100' + SIG), msg('13800000002', '李四您好，积分200' + SIG), msg('13800000003', '王五您好，\r\n积分300' + SIG)];
    const subs = s.driver.plan(ms, ctx());
    expect(subs.map((x) => x.form)).toEqual(['BatchSms.ashx']);
    const out = await s.driver.send(subs[0], ctx());
    expect(out.messages.every((m) => m.status === 'submitted')).toBe(true);
    expect(s.gateway.accepted.map((a) => [a.mobile, a.text])).toEqual([
      ['13800000001', '张三您好，积分100' + SIG],
      ['13800000002', '李四您好，积分200' + SIG],
      ['13800000003', '王五您好，\n积分300' + SIG],
    ]);
    expect(s.gateway.accepted.every((a) => a.batchId === out.providerBatchId)).toBe(true);
    const content = s.gateway.calls[0].params.get('content') ?? '';
    expect(content).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The form body carries the base64 url-encoded once.
    expect(s.gateway.requests[0].body.toString('latin1')).not.toMatch(/content=[^&]*[+/=]/);
  });

  it('the gateway refuses a batch with a number twice', async () => {
    s = await setup();
    const err = (await thrown(s.driver.send({ form: 'BatchSms.ashx', messages: [msg('13800000001', 'a' + SIG), msg('13800000001', 'b' + SIG)] }, ctx()))) as ProviderError;
    expect(err.errorClass).toBe('request');
    expect(s.gateway.accepted).toHaveLength(0);
  });
});

describe('ensms.ashx (DES)', () => {
  const now = new Date('2030-04-14T09:47:15Z'); // 17:47:15 Beijing

  it('sends with Stamp MMddHHmmss Beijing, UserId and Text64', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, now: () => now, gateway: { now: () => now, balance: 20 } });
    const ms = [msg('13800000001', '我的验证码是：7890。【奥创时代】'), msg('13800000002', '我的验证码是：7890。【奥创时代】')];
    const [sub] = s.driver.plan(ms, ctx());
    expect(sub.form).toBe('ensms.ashx');
    const out = await s.driver.send(sub, ctx());
    expect(out.messages.map((m) => m.status)).toEqual(['submitted', 'submitted']);
    expect(out.balance).toBe(18);
    expect(s.gateway.accepted.map((a) => a.mobile)).toEqual(['13800000001', '13800000002']);
    const p = s.gateway.calls[0].params;
    expect([...p.keys()]).toEqual(['UserId', 'Text64']);
    expect(p.get('UserId')).toBe('12');
    // The base64 is url-encoded on the wire.
    expect(s.gateway.requests[0].body.toString('latin1')).toMatch(/Text64=[A-Za-z0-9%]+$/);
  });

  it('a clock more than 5 minutes off: 1010 StampError, class request', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, now: () => new Date(now.getTime() - 6 * 60_000), gateway: { now: () => now } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1010');
    expect(err.errorClass).toBe('request');
    expect(err.explain.zh).toContain('时钟');
  });

  it('4 minutes off is still accepted', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, now: () => new Date(now.getTime() + 4 * 60_000), gateway: { now: () => now } });
    const out = await s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx());
    expect(out.messages[0].status).toBe('submitted');
  });

  it('a wrong password cannot be decrypted: 1009', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, account: { password: 'other-pw' } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1009');
    expect(err.errorClass).toBe('request');
  });

  it('a password sharing its first 8 bytes decrypts but fails the Secret: 1005', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, account: { password: 'secret-pX' }, gateway: { password: 'secret-pw' } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1005');
  });

  it('no numeric userid: refused locally with 1008, nothing sent', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, account: { userid: undefined } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1008');
    expect(s.gateway.requests).toHaveLength(0);
  });

  it('a userid the gateway does not know: 1008 from the gateway', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, account: { userid: '99' } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1008');
    expect(s.gateway.requests).toHaveLength(1);
  });

  it('a blacklisted number named in Errors is rejected, the others submitted', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, gateway: { blacklist: ['13800000002'] } });
    const ms = [msg('13800000001', '你好' + SIG), msg('13800000002', '你好' + SIG)];
    const out = await s.driver.send({ form: 'ensms.ashx', messages: ms }, ctx());
    expect(out.messages).toEqual([
      { ref: ms[0].ref, status: 'submitted' },
      { ref: ms[1].ref, status: 'rejected', error: { code: '1109', text: '13800000002:黑名单的手机号码' } },
    ]);
  });

  it('every number blacklisted: 1109, class recipient', async () => {
    s = await setup({ options: { endpoint: 'ensms' }, gateway: { blacklist: ['13800000002'] } });
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000002', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('1109');
    expect(err.errorClass).toBe('recipient');
  });
});

describe('WebService.asmx (SOAP) as the send endpoint', () => {
  it('sends and reads SendResult', async () => {
    s = await setup({ options: { endpoint: 'soap' }, gateway: { balance: 9 } });
    const ms = [msg('13800000001', '你好 <客户> & 朋友' + SIG), msg('13800000002', '你好 <客户> & 朋友' + SIG)];
    const [sub] = s.driver.plan(ms, ctx());
    expect(sub.form).toBe('WebService.asmx');
    const out = await s.driver.send(sub, ctx({ sendAt: '2030-02-02 09:08:10', extno: '7' }));
    expect(out.messages.map((m) => m.status)).toEqual(['submitted', 'submitted']);
    expect(out.balance).toBe(7);
    expect(s.gateway.accepted.map((a) => a.text)).toEqual([ms[0].text, ms[1].text]);
    const body = s.gateway.requests[0].body.toString('utf8');
    expect(body).toContain('<PlanSendTime>2030-02-02T09:08:10</PlanSendTime>');
    expect(body).toContain('<Msisdns>13800000001,13800000002</Msisdns>');
    expect(body).toContain('<ExtNumber>7</ExtNumber>');
    expect(String(s.gateway.requests[0].headers.soapaction)).toBe('"http://tempuri.org/SendSms"');
  });

  it('an immediate send leaves PlanSendTime out', async () => {
    s = await setup({ options: { endpoint: 'soap' } });
    await s.driver.send({ form: 'WebService.asmx', messages: [msg('13800000001', '你好' + SIG)] }, ctx());
    expect(s.gateway.requests[0].body.toString('utf8')).not.toContain('PlanSendTime');
  });

  it('a StatusCode name maps through the table (PasswordError → 1005 → request)', async () => {
    s = await setup({ options: { endpoint: 'soap' }, account: { password: 'nope' } });
    const err = (await thrown(s.driver.send({ form: 'WebService.asmx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe('PasswordError');
    expect(err.errorClass).toBe('request');
  });
});

it('an unknown form is refused before anything is sent', async () => {
  s = await setup();
  const err = (await thrown(s.driver.send({ form: 'nope.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
  expect(err.errorClass).toBe('request');
  expect(s.gateway.requests).toHaveLength(0);
});
