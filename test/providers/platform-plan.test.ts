// plan(): the fewest requests the limits allow (1000 numbers per same-text request,
// 500 lines per BatchSms, no number twice in one request).
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/main/providers/http';
import { platform } from '../../src/main/providers/platform';
import type { AccountConfig, OutboundMessage, Submission } from '../../src/main/providers/types';
import { msg } from './platform-fixture';

function driverWith(options: Record<string, string> = {}) {
  const account: AccountConfig = { provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '12', options };
  return platform.create(account, new HttpClient('platform'));
}

const SIG = '【星辰科技】';
const mobile = (i: number): string => String(13800000000 + i);
const ctx = { kind: 'marketing' as const, template: '' };

function plan(messages: OutboundMessage[], options?: Record<string, string>): Submission[] {
  return driverWith(options).plan(messages, ctx);
}

function checkInvariants(messages: OutboundMessage[], subs: Submission[]): void {
  const refs = subs.flatMap((s) => s.messages.map((m) => m.ref));
  expect(refs.sort()).toEqual(messages.map((m) => m.ref).sort());
  for (const s of subs) {
    expect(new Set(s.messages.map((m) => m.mobile)).size).toBe(s.messages.length);
    if (s.form === 'BatchSms.ashx') expect(s.messages.length).toBeLessThanOrEqual(500);
    else {
      expect(s.messages.length).toBeLessThanOrEqual(1000);
      expect(new Set(s.messages.map((m) => m.text)).size).toBe(1);
    }
  }
}

describe('plan', () => {
  it('nothing → nothing', () => {
    expect(plan([])).toEqual([]);
  });

  it('all the same text: one sms.aspx request per 1000 numbers', () => {
    const ms = Array.from({ length: 2500 }, (_, i) => msg(mobile(i), '会员日八折' + SIG));
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([
      ['sms.aspx', 1000],
      ['sms.aspx', 1000],
      ['sms.aspx', 500],
    ]);
  });

  it('all different texts: BatchSms, 500 lines per request', () => {
    const ms = Array.from({ length: 1201 }, (_, i) => msg(mobile(i), `尊敬的${i}号会员${SIG}`));
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([
      ['BatchSms.ashx', 500],
      ['BatchSms.ashx', 500],
      ['BatchSms.ashx', 201],
    ]);
    // Without duplicates the batches keep the original order.
    expect(subs[0].messages.map((m) => m.ref)).toEqual(ms.slice(0, 500).map((m) => m.ref));
  });

  it('a single message: one same-text request', () => {
    const subs = plan([msg(mobile(1), '你好' + SIG)]);
    expect(subs.map((s) => s.form)).toEqual(['sms.aspx']);
  });

  it('small groups of the same text go together in one batch rather than one request each', () => {
    const ms = Array.from({ length: 20 }, (_, i) => msg(mobile(i), `第${i % 10}组${SIG}`));
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([['BatchSms.ashx', 20]]);
  });

  it('mixed: a big same-text group alone, the rest batched', () => {
    const same = Array.from({ length: 900 }, (_, i) => msg(mobile(i), '统一通知' + SIG));
    const diff = Array.from({ length: 300 }, (_, i) => msg(mobile(5000 + i), `个性化${i}${SIG}`));
    const ms = [...same, ...diff];
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.length).toBe(2);
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([
      ['sms.aspx', 900],
      ['BatchSms.ashx', 300],
    ]);
  });

  it('mixed where batching everything is fewer: 400 same + 50 different → one batch', () => {
    const ms = [...Array.from({ length: 400 }, (_, i) => msg(mobile(i), '统一' + SIG)), ...Array.from({ length: 50 }, (_, i) => msg(mobile(1000 + i), `个${i}${SIG}`))];
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.map((s) => [s.form, s.messages.length])).toEqual([['BatchSms.ashx', 450]]);
  });

  it('mixed over the caps: 1500 same + 700 different → 2 same-text + 2 batches (4 is the minimum)', () => {
    const ms = [...Array.from({ length: 1500 }, (_, i) => msg(mobile(i), '统一' + SIG)), ...Array.from({ length: 700 }, (_, i) => msg(mobile(5000 + i), `个${i}${SIG}`))];
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.length).toBe(4);
  });

  it('duplicates of one number with different texts: one batch per copy', () => {
    const ms = [msg(mobile(1), 'a' + SIG), msg(mobile(1), 'b' + SIG), msg(mobile(1), 'c' + SIG), msg(mobile(2), 'd' + SIG), msg(mobile(3), 'e' + SIG)];
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.length).toBe(3);
  });

  it('duplicates of one number with the same text never share a mobile list', () => {
    const ms = [msg(mobile(1), '同' + SIG), msg(mobile(1), '同' + SIG), msg(mobile(2), '同' + SIG)];
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.length).toBe(2);
  });

  it('duplicates spread over batches still reach the minimum: 1000 lines, one number 3 times', () => {
    const ms = Array.from({ length: 1000 }, (_, i) => msg(i < 3 ? mobile(0) : mobile(i), `第${i}条${SIG}`));
    const subs = plan(ms);
    checkInvariants(ms, subs);
    expect(subs.length).toBe(3);
  });

  it('uses the account endpoint for same-text requests', () => {
    const ms = [msg(mobile(1), '同' + SIG), msg(mobile(2), '同' + SIG)];
    expect(plan(ms, { endpoint: 'json' })[0].form).toBe('smsJson.aspx');
    expect(plan(ms, { endpoint: 'gbk' })[0].form).toBe('smsGBK.aspx');
    expect(plan(ms, { endpoint: 'ensms' })[0].form).toBe('ensms.ashx');
    expect(plan(ms, { endpoint: 'soap' })[0].form).toBe('WebService.asmx');
  });

  it('GB2312 endpoint: a text GB2312 cannot carry goes through UTF-8 sms.aspx instead', () => {
    const ms = [...Array.from({ length: 600 }, (_, i) => msg(mobile(i), '生日快乐🎂' + SIG)), ...Array.from({ length: 600 }, (_, i) => msg(mobile(i), '普通' + SIG))];
    expect(plan(ms, { endpoint: 'gbk' }).map((s) => s.form)).toEqual(['sms.aspx', 'smsGBK.aspx']);
  });

  it('is pure: same input, same output, input untouched', () => {
    const ms = Array.from({ length: 30 }, (_, i) => msg(mobile(i % 7), `t${i % 4}${SIG}`));
    const copy = structuredClone(ms);
    expect(plan(ms)).toEqual(plan(ms));
    expect(ms).toEqual(copy);
  });

  it('plans 200k different texts in linear time', () => {
    const ms = Array.from({ length: 200_000 }, (_, i) => ({ ref: String(i), mobile: mobile(i), text: `第${i}位${SIG}`, values: {} }));
    const t = Date.now();
    const subs = plan(ms);
    expect(subs.length).toBe(400);
    expect(Date.now() - t).toBeLessThan(5_000);
  });
});
