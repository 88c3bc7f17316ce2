// Every documented code's class, through the tables and through the gateway in each
// answer format; network faults.
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError, type ErrorClass } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import { createPlatformDriver } from '../../src/main/providers/platform';
import { infoForMessage, PULL_ERRORS, RESULT_CODES, resultCodeError } from '../../src/main/providers/platform/codes';
import { CODES } from '../gateways/platform/codes';
import { ctx, msg, setup, thrown, type Setup } from './platform-fixture';

const SIG = '【星辰科技】';
let s: Setup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

// Chapter 10, every row, with the class chosen for it.
const TABLE: [code: string, name: string, cls: ErrorClass][] = [
  ['1001', 'ParamError', 'request'],
  ['1002', 'UserNameEmpty', 'request'],
  ['1003', 'PasswordEmpty', 'request'],
  ['1004', 'UserNameError', 'request'],
  ['1005', 'PasswordError', 'request'],
  ['1006', 'BindIpError', 'request'],
  ['1007', 'UserStop', 'request'],
  ['1008', 'UserIdError', 'request'],
  ['1009', 'Text64Error', 'request'],
  ['1010', 'StampError', 'request'],
  ['2001', 'ContentEmpty', 'request'],
  ['1103', 'MsisdnEmpty', 'request'],
  ['1104', 'ExtNumberError', 'request'],
  ['2105', 'ContentLong', 'request'],
  ['1106', 'NoChannel', 'request'],
  ['2107', 'SensitiveWords', 'request'],
  ['1108', 'MsisdnError', 'recipient'],
  ['1109', 'MsisdnBlack', 'recipient'],
  ['1110', 'MsisdnNoChannel', 'recipient'],
  ['1111', 'AmountNotEnough', 'request'],
  ['1112', 'NoProduct', 'request'],
  ['2113', 'RequiredSuffix', 'request'],
  ['2114', 'SuffixError', 'request'],
  ['3001', 'SubjectEmpty', 'request'],
  ['9999', 'InternalError', 'unknown'],
];

describe('ResultCode table', () => {
  it('covers the whole chapter 10 table (plus 1119 from 9.1’s example)', () => {
    expect(Object.keys(RESULT_CODES).sort()).toEqual([...TABLE.map((r) => r[0]), '1119'].sort());
  });

  it.each(TABLE)('%s %s → %s, with both languages', (code, name, cls) => {
    expect(RESULT_CODES[code].name).toBe(name);
    const err = resultCodeError(code, 'x');
    expect(err.errorClass).toBe(cls);
    expect(err.explain.zh.length).toBeGreaterThan(3);
    expect(err.explain.en.length).toBeGreaterThan(3);
    // SOAP answers the name.
    expect(resultCodeError(name, 'x').errorClass).toBe(cls);
  });

  it('an undocumented code is a refused request', () => {
    expect(resultCodeError('4242', '?').errorClass).toBe('request');
  });

  it.each(TABLE)('ensms answers %s (%s) → class %s', async (code, _name, cls) => {
    s = await setup({ options: { endpoint: 'ensms' } });
    s.gateway.failNext.push(code);
    const err = (await thrown(s.driver.send({ form: 'ensms.ashx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.code).toBe(code);
    expect(err.text).toBe(CODES[code].text);
    expect(err.errorClass).toBe(cls);
  });

  it.each(TABLE)('SOAP answers %s by name %s → class %s', async (code, name, cls) => {
    s = await setup({ options: { endpoint: 'soap' } });
    s.gateway.failNext.push(code);
    const err = (await thrown(s.driver.send({ form: 'WebService.asmx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.code).toBe(name);
    expect(err.errorClass).toBe(cls);
  });

  it.each(TABLE)('sms.aspx answers the text of %s (%s) as <message> → class %s', async (code, _name, cls) => {
    s = await setup();
    s.gateway.failNext.push(code);
    const err = (await thrown(s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.text).toBe(CODES[code].text);
    expect(err.code).toBe('');
    expect(err.errorClass).toBe(cls);
  });
});

describe('<message> texts of the sms.aspx family', () => {
  it.each([
    ['用户名或密码不能为空', 'request'],
    ['用户名或密码错误', 'request'],
    ['对不起，您当前要发送的量大于您当前余额', 'request'],
    ['黑名单号码', 'recipient'],
    ['内容含有敏感词', 'request'],
    ['something nobody documented', 'request'],
  ] as [string, ErrorClass][])('%s → %s', (text, cls) => {
    expect(infoForMessage(text).class).toBe(cls);
  });

  it('a balance text gets the balance explanation', () => {
    expect(infoForMessage('对不起，您当前要发送的量大于您当前余额').explain).toEqual(RESULT_CODES['1111'].info.explain);
  });
});

describe('errorstatus 1–4 (XML pulls)', () => {
  it.each(Object.keys(PULL_ERRORS))('errorstatus %s → request, on receipts and replies', async (code) => {
    s = await setup();
    s.gateway.failNextPull.push(code, code);
    const a = (await thrown(s.driver.pullReceipts?.() ?? Promise.resolve())) as ProviderError;
    expect(a.code).toBe(code);
    expect(a.errorClass).toBe('request');
    const b = (await thrown(s.driver.pullReplies?.() ?? Promise.resolve())) as ProviderError;
    expect(b.code).toBe(code);
  });

  it('wrong password on a pull: errorstatus 2', async () => {
    s = await setup({ account: { password: 'nope' } });
    const err = (await thrown(s.driver.pullReceipts?.() ?? Promise.resolve())) as ProviderError;
    expect([err.code, err.text]).toEqual(['2', '用户名或密码错误']);
  });

  it('JSON pulls use chapter 10 codes: {"error":"1005","remark":"密码错了"}', async () => {
    s = await setup({ options: { reports: 'json' }, account: { password: 'nope' } });
    const err = (await thrown(s.driver.pullReceipts?.() ?? Promise.resolve())) as ProviderError;
    expect([err.code, err.text, err.errorClass]).toEqual(['1005', '密码错了', 'request']);
  });
});

describe('network faults and unreadable answers', () => {
  const send = (x: Setup) => x.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx());

  it('connection reset after the request was read → unknown (and the gateway did accept it)', async () => {
    s = await setup();
    s.gateway.faults.push({ kind: 'reset-after' });
    const err = (await thrown(send(s))) as ProviderError;
    expect(err.errorClass).toBe('unknown');
    expect(s.gateway.accepted).toHaveLength(1);
  });

  it('HTTP 503 → retry, nothing accepted', async () => {
    s = await setup();
    s.gateway.faults.push({ kind: 'status', status: 503 });
    const err = (await thrown(send(s))) as ProviderError;
    expect(err.errorClass).toBe('retry');
    expect(s.gateway.accepted).toHaveLength(0);
  });

  it('HTTP 500 → unknown', async () => {
    s = await setup();
    s.gateway.faults.push({ kind: 'status', status: 500 });
    expect(((await thrown(send(s))) as ProviderError).errorClass).toBe('unknown');
  });

  it('a garbage body → unknown (unparseable)', async () => {
    s = await setup();
    s.gateway.faults.push({ kind: 'garbage' });
    const err = (await thrown(send(s))) as ProviderError;
    expect(err.errorClass).toBe('unknown');
    expect(err.text).toContain('502 Bad Gateway');
  });

  it('garbage on the JSON, ensms and SOAP forms → unknown too', async () => {
    for (const [endpoint, form] of [
      ['json', 'smsJson.aspx'],
      ['ensms', 'ensms.ashx'],
      ['soap', 'WebService.asmx'],
    ]) {
      const x = await setup({ options: { endpoint } });
      x.gateway.faults.push({ kind: 'garbage' });
      const err = (await thrown(x.driver.send({ form, messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
      expect(err.errorClass).toBe('unknown');
      await x.close();
    }
  });

  it('no answer within the response timeout → unknown', async () => {
    s = await setup();
    const quick = createPlatformDriver(s.account, new HttpClient('platform', { responseTimeoutMs: 300 }));
    s.gateway.faults.push({ kind: 'hang' });
    const err = (await thrown(quick.send({ form: 'sms.aspx', messages: [msg('13800000001', '你好' + SIG)] }, ctx()))) as ProviderError;
    expect(err.errorClass).toBe('unknown');
    await quick.close();
  });

  it('a gateway that is not there → retry', async () => {
    s = await setup();
    const gone = createPlatformDriver({ ...s.account, baseUrl: 'http://127.0.0.1:1' }, new HttpClient('platform'));
    const err = (await thrown(gone.balance())) as ProviderError;
    expect(err.errorClass).toBe('retry');
    await gone.close();
  });

  it('a Success answer without a taskID → unknown', async () => {
    const { readSendXml } = await import('../../src/main/providers/platform/answers');
    const err = (() => {
      try {
        readSendXml('<returnsms><returnstatus>Success</returnstatus><message>操作成功</message><taskID></taskID></returnsms>');
      } catch (e) {
        return e as ProviderError;
      }
      throw new Error('expected a throw');
    })();
    expect(err.errorClass).toBe('unknown');
  });

  it('a returnstatus nobody documented → unknown', async () => {
    const { readSendXml } = await import('../../src/main/providers/platform/answers');
    expect(() => readSendXml('<returnsms><returnstatus>Maybe</returnstatus></returnsms>')).toThrow(ProviderError);
  });
});
