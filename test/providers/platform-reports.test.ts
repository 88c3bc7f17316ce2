// Receipts and replies: XML and JSON pulls, the taskid query, pushes (the document's own examples).
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/main/providers/errors';
import { HttpClient } from '../../src/main/providers/http';
import { platform } from '../../src/main/providers/platform';
import { readCallJson, readStatusJson } from '../../src/main/providers/platform/reports';
import type { PushRequest, ReceiptIn } from '../../src/main/providers/types';
import type { PushDelivery } from '../gateways/harness';
import { ctx, msg, setup, type Setup } from './platform-fixture';

const SIG = '【星辰科技】';
let s: Setup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function asPush(d: PushDelivery): PushRequest {
  return { method: d.method, query: new URLSearchParams(d.query), headers: { 'content-type': d.contentType }, body: d.body };
}

function pushOf(xml: string): PushRequest {
  return { method: 'POST', query: new URLSearchParams(), headers: { 'content-type': 'text/xml' }, body: Buffer.from(xml, 'utf8') };
}

async function sendThree(x: Setup): Promise<string> {
  const ms = [msg('13800000001', '通知' + SIG), msg('13800000002', '通知' + SIG), msg('13800000003', '通知' + SIG)];
  const out = await x.driver.send({ form: 'sms.aspx', messages: ms }, ctx({ extno: '01' }));
  return out.providerBatchId ?? '';
}

describe('status pulls', () => {
  it('XML: 10 delivered, 20 failed, taskid as the batch id, errorcode as the status', async () => {
    s = await setup();
    const taskId = await sendThree(s);
    s.gateway.reportDelivery(s.gateway.accepted.slice(0, 2), 'delivered');
    s.gateway.reportDelivery(s.gateway.accepted.slice(2), 'failed');
    const page = await s.driver.pullReceipts?.();
    expect(page?.more).toBe(false);
    expect(page?.items.map((r) => [r.mobile, r.delivered, r.status, r.providerBatchId, r.extno])).toEqual([
      ['13800000001', true, 'DELIVRD', taskId, '01'],
      ['13800000002', true, 'DELIVRD', taskId, '01'],
      ['13800000003', false, 'UNDELIV', taskId, '01'],
    ]);
    expect(page?.items[0].reportedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const p = s.gateway.calls.at(-1)?.params;
    expect(s.gateway.calls.at(-1)?.path).toBe('statusapi.aspx');
    expect(p?.get('action')).toBe('query');
    expect(p?.get('statusNum')).toBe('1000');
    expect((await s.driver.pullReceipts?.())?.items).toEqual([]);
  });

  it('a full page (statusNum) means more', async () => {
    s = await setup();
    for (let i = 0; i < 1001; i++) {
      s.gateway.statusQueue.push({ mobile: String(13800000000 + i), taskid: '7', status: '10', receivetime: '2030-01-01 00:00:00', errorcode: 'DELIVRD', extno: '' });
    }
    const first = await s.driver.pullReceipts?.();
    expect([first?.items.length, first?.more]).toEqual([1000, true]);
    const second = await s.driver.pullReceipts?.();
    expect([second?.items.length, second?.more]).toEqual([1, false]);
  });

  it('JSON: no status field, so errorcode decides (DELIVRD delivered, anything else failed)', async () => {
    s = await setup({ options: { reports: 'json' } });
    await sendThree(s);
    s.gateway.reportDelivery(s.gateway.accepted.slice(0, 1), 'delivered');
    s.gateway.reportDelivery(s.gateway.accepted.slice(1), 'failed');
    const page = await s.driver.pullReceipts?.();
    expect(s.gateway.calls.at(-1)?.path).toBe('statusjsonapi.aspx');
    expect(page?.items.map((r) => [r.mobile, r.delivered, r.status])).toEqual([
      ['13800000001', true, 'DELIVRD'],
      ['13800000002', false, 'UNDELIV'],
      ['13800000003', false, 'UNDELIV'],
    ]);
  });

  it('JSON with a status field: status decides', async () => {
    s = await setup({ options: { reports: 'json' }, gateway: { jsonStatusField: true } });
    s.gateway.statusQueue.push({ mobile: '13800000001', taskid: '9', status: '10', receivetime: '2030-01-01 00:00:00', errorcode: '0', extno: '' });
    const page = await s.driver.pullReceipts?.();
    expect(page?.items[0]).toMatchObject({ delivered: true, status: '0' });
  });

  it('reads 4.5’s own JSON example', () => {
    const doc = `{"error":"1",
"remark":"成功",
"statusbox":[
    {"mobile":"15510331875",
     "taskid":"123",
     "receivetime":"2018-02-01 00:00:00",
     "errorcode":"dEv"
    },{
    "mobile":"13483728958",
    "taskid":"124",
    "receivetime":"2018-02-01 00:00:00",
    "errorcode":"back"}
    ]
}`;
    const page = readStatusJson(doc, 1000);
    expect(page.items).toEqual<ReceiptIn[]>([
      { mobile: '15510331875', providerBatchId: '123', status: 'dEv', delivered: false, reportedAt: '2018-02-01 00:00:00', extno: undefined },
      { mobile: '13483728958', providerBatchId: '124', status: 'back', delivered: false, reportedAt: '2018-02-01 00:00:00', extno: undefined },
    ]);
    expect(page.more).toBe(false);
    expect(() => readStatusJson('{"error":"1005","remark":"密码错了","statusbox":[]}', 1000)).toThrow(ProviderError);
  });

  it('the receipts-by-task operation asks for one taskid only', async () => {
    s = await setup();
    const first = await sendThree(s);
    const second = await sendThree(s);
    s.gateway.reportDelivery(s.gateway.accepted, 'delivered');
    const page = (await s.driver.operations['receipts-by-task'].run({ taskId: second })) as { items: ReceiptIn[] };
    expect(page.items.map((r) => r.providerBatchId)).toEqual([second, second, second]);
    expect(s.gateway.calls.at(-1)?.params.get('taskid')).toBe(second);
    expect(s.gateway.statusQueue.map((i) => i.taskid)).toEqual([first, first, first]);
  });

  it('a number blacklisted inside a sms.aspx request is reported failed', async () => {
    s = await setup({ gateway: { blacklist: ['13800000002'] } });
    await sendThree(s);
    const page = await s.driver.pullReceipts?.();
    expect(page?.items.map((r) => [r.mobile, r.delivered, r.status])).toEqual([['13800000002', false, 'MsisdnBlack']]);
  });

  it('a 4th verification code within 3 minutes is reported failed (恶意注册)', async () => {
    const now = new Date('2030-05-01T02:00:00Z');
    s = await setup({ gateway: { now: () => now } });
    for (let i = 0; i < 4; i++) await s.driver.send({ form: 'sms.aspx', messages: [msg('13800000001', `您的验证码：${1000 + i}${SIG}`)] }, ctx());
    const page = await s.driver.pullReceipts?.();
    expect(page?.items.map((r) => r.status)).toEqual(['恶意注册']);
  });

  it('errorstatus 3 when the account may not view reports', async () => {
    s = await setup({ gateway: { reportsAllowed: false } });
    await expect(s.driver.pullReceipts?.()).rejects.toMatchObject({ code: '3', errorClass: 'request' });
  });
});

describe('reply pulls', () => {
  it('XML: callbox mobile, content, receivetime, extno', async () => {
    s = await setup();
    s.gateway.reply('13800000001', '你好，我不需要', '01');
    s.gateway.reply('13800000002', 'TD');
    const page = await s.driver.pullReplies?.();
    expect(s.gateway.calls.at(-1)?.path).toBe('callapi.aspx');
    expect(s.gateway.calls.at(-1)?.params.get('statusNum')).toBeNull();
    expect(page?.items.map((r) => [r.mobile, r.text, r.extno])).toEqual([
      ['13800000001', '你好，我不需要', '01'],
      ['13800000002', 'TD', undefined],
    ]);
    expect(page?.more).toBe(false);
    expect((await s.driver.pullReplies?.())?.items).toEqual([]);
  });

  it('JSON: callJsonApi.aspx', async () => {
    s = await setup({ options: { reports: 'json' } });
    s.gateway.reply('13800000001', '退订 <b>&', '123');
    const page = await s.driver.pullReplies?.();
    expect(s.gateway.calls.at(-1)?.path).toBe('calljsonapi.aspx');
    expect(page?.items).toEqual([{ mobile: '13800000001', text: '退订 <b>&', repliedAt: expect.any(String), extno: '123' }]);
  });

  it('reads 5.5’s own JSON example (0001-01-01 is no time)', () => {
    const doc = `{"error":"1",
"remark":"成功",
"callbox":[
  {"mobile":"15510331875",
   "content":"a",
  "receivetime":"0001-01-01 00:00:00",
  "extno":"123"
  },{
  "mobile":"13483728958",
    "content":"b",
  "receivetime":"0001-01-01 00:00:00",
  "extno":"456"
  }
 ]
}`;
    expect(readCallJson(doc, 1000).items).toEqual([
      { mobile: '15510331875', text: 'a', repliedAt: undefined, extno: '123' },
      { mobile: '13483728958', text: 'b', repliedAt: undefined, extno: '456' },
    ]);
  });
});

describe('pushes', () => {
  // parsePush touches no network: a driver that is never used to send is enough.
  const parse = platform.create({ provider: 'platform', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', options: {} }, new HttpClient('platform')).parsePush;

  it('6.2: the document’s status push, answered "1"', () => {
    const doc = `<?xml version="1.0" encoding="utf-8" ?> 
<returnsms>
<statusbox>
<mobile>15023239810</mobile>
<taskid>1212</taskid>
<status>10</status>
<receivetime>2018-02-02 22:12:11</receivetime>
<errorcode>DELIVRD</errorcode>
<extno>01</extno>
</statusbox>
<statusbox>
<mobile>15023239811</mobile>
<taskid>1212</taskid>
<status>20</status>
<receivetime>2018-02-02 22:12:11</receivetime>
<errorcode>2</errorcode>
<extno></extno>
</statusbox>
</returnsms>`;
    const r = parse?.(pushOf(doc));
    expect(r?.answer).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: '1' });
    expect(r?.replies).toEqual([]);
    expect(r?.receipts).toEqual([
      { mobile: '15023239810', providerBatchId: '1212', status: 'DELIVRD', delivered: true, reportedAt: '2018-02-02 22:12:11', extno: '01' },
      { mobile: '15023239811', providerBatchId: '1212', status: '2', delivered: false, reportedAt: '2018-02-02 22:12:11', extno: undefined },
    ]);
  });

  it('6.3: the document’s reply push, annotations and all', () => {
    const doc = `<?xml version="1.0" encoding="utf-8" ?> 
<returnsms>
<callbox>
<mobile>15023239810</mobile>-------------对应的手机号码
<content>你好，我不需要</content>---------上行内容
<receivetime>2018-02-02 22:12:11</receivetime>-------------接收时间
<extno>01</extno>----子号，即自定义扩展号
</callbox>
<callbox>
<mobile>15023239811</mobile>
<content>你好，本次活动路线是怎么的</content>
<receivetime>2018-02-02 22:12:11</receivetime>
<extno>01</extno>
</callbox>
</returnsms>`;
    const r = parse?.(pushOf(doc));
    expect(r?.receipts).toEqual([]);
    expect(r?.replies).toEqual([
      { mobile: '15023239810', text: '你好，我不需要', repliedAt: '2018-02-02 22:12:11', extno: '01' },
      { mobile: '15023239811', text: '你好，本次活动路线是怎么的', repliedAt: '2018-02-02 22:12:11', extno: '01' },
    ]);
    expect(r?.answer.body).toBe('1');
  });

  it('the gateway’s push requests parse back (push mode)', async () => {
    s = await setup({ gateway: { mode: 'push' } });
    const taskId = await sendThree(s);
    const pushes = s.gateway.reportDelivery(s.gateway.accepted, 'delivered');
    expect(pushes).toHaveLength(1);
    expect(s.gateway.statusQueue).toEqual([]);
    const r = s.driver.parsePush?.(asPush(pushes[0]));
    expect(r?.receipts.map((x) => [x.mobile, x.delivered, x.providerBatchId])).toEqual([
      ['13800000001', true, taskId],
      ['13800000002', true, taskId],
      ['13800000003', true, taskId],
    ]);
    const replies = s.gateway.reply('13800000009', '好的，谢谢 & 再见', '01');
    expect(s.driver.parsePush?.(asPush(replies[0])).replies).toEqual([{ mobile: '13800000009', text: '好的，谢谢 & 再见', repliedAt: expect.any(String), extno: '01' }]);
  });

  it.each([
    ['a JSON body', '{"statusbox":[]}'],
    ['an error answer', '<returnsms><errorstatus><error>1</error><remark>x</remark></errorstatus></returnsms>'],
    ['another root', '<root><statusbox><mobile>1</mobile></statusbox></root>'],
    ['a statusbox without a mobile', '<returnsms><statusbox><taskid>1</taskid></statusbox></returnsms>'],
    ['broken XML', '<returnsms><statusbox>'],
    ['an empty body', ''],
  ])('refuses %s', (_label, body) => {
    expect(() => parse?.(pushOf(body))).toThrow(ProviderError);
  });
});
