// Balance, management operations (templates, password, SOAP, MMS) and the capabilities.
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/main/providers/errors';
import { platform } from '../../src/main/providers/platform';
import { md5 } from '../../src/main/providers/util';
import type { TemplateInfo } from '../../src/main/providers/platform/templates';
import type { SendResult } from '../../src/main/providers/platform/soap';
import { setup, thrown, type Setup } from './platform-fixture';

let s: Setup | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const run = (x: Setup, name: string, params: unknown): Promise<unknown> => {
  const op = x.driver.operations[name];
  if (!op) throw new Error(`no operation ${name}`);
  return op.run(params);
};

describe('capabilities', () => {
  it('states the document’s figures', () => {
    const c = platform.capabilities;
    expect(c.provider).toBe('platform');
    expect(c.defaultBaseUrl).toBe('http://47.92.214.24');
    expect(c.segments).toEqual({ single: 70, multi: 67 });
    expect(c.signature).toEqual({ placement: 'content', required: true, minChars: 3, maxChars: 8 });
    expect(c.frequency).toEqual({ perNumberPerDay: 10, verificationPer3Minutes: 3 });
    expect(c.send.extnoMaxDigits).toBe(5);
    expect(c.send.personalised).toMatchObject({ form: 'BatchSms.ashx', uniqueMobiles: true, maxMobilesPerItem: 1 });
    expect(c.send.nativePlaceholder).toBe('@');
    expect(c.receipts.push && c.replies.push).toBe(true);
    expect(c.receipts.pull?.maxPerCall).toBe(1000);
    expect(c.options.map((o) => o.key)).toEqual(['endpoint', 'reports']);
    expect(c.fields.find((f) => f.key === 'password')?.secret).toBe(true);
  });

  it('lists the operations, each with a schema and both languages', async () => {
    s = await setup();
    expect(Object.keys(s.driver.operations).sort()).toEqual(
      ['mms-balance', 'mms-send', 'password-change', 'receipts-by-task', 'soap-send', 'template-add', 'template-delete', 'template-query', 'template-update'].sort(),
    );
    for (const op of Object.values(s.driver.operations)) {
      expect(op.description.zh).not.toBe('');
      expect(op.description.en).not.toBe('');
    }
  });
});

describe('balance', () => {
  it('sms.aspx overage: "Sucess" as the document spells it', async () => {
    s = await setup({ gateway: { balance: 321 } });
    const b = await s.driver.balance();
    expect(b).toEqual({ unit: 'count', amount: 321, raw: 'overage=321 payinfo=预付费 sendTotal=321' });
    const raw = s.gateway.requests[0];
    expect(raw.path).toBe('/sms.aspx');
    expect(s.gateway.calls[0].params.get('action')).toBe('overage');
  });

  it('smsJson.aspx overage (postpaid, negative)', async () => {
    s = await setup({ options: { endpoint: 'json' }, gateway: { balance: -4, postpaid: true } });
    expect((await s.driver.balance()).amount).toBe(-4);
    expect(s.gateway.requests[0].path).toBe('/smsJson.aspx');
  });

  it('smsGBK.aspx overage', async () => {
    s = await setup({ options: { endpoint: 'gbk' }, gateway: { balance: 8 } });
    const b = await s.driver.balance();
    expect(b.amount).toBe(8);
    expect(b.raw).toContain('预付费');
  });

  it('ensms and SOAP accounts ask sms.aspx', async () => {
    s = await setup({ options: { endpoint: 'ensms' } });
    await s.driver.balance();
    expect(s.gateway.requests[0].path).toBe('/sms.aspx');
  });

  it('wrong password: request class', async () => {
    s = await setup({ account: { password: 'x' } });
    expect(((await thrown(s.driver.balance())) as ProviderError).errorClass).toBe('request');
  });

  it('MMS balance through mms.aspx', async () => {
    s = await setup({ gateway: { mmsBalance: 77 } });
    expect(await run(s, 'mms-balance', {})).toMatchObject({ amount: 77 });
    expect(s.gateway.requests[0].path).toBe('/mms.aspx');
  });
});

describe('templates (freeTemplate.aspx)', () => {
  it('add, query, update, delete', async () => {
    s = await setup();
    const added = (await run(s, 'template-add', { template: '您的验证码：@【星辰】' })) as { templateId: string };
    expect(added.templateId).toMatch(/^\d+$/);
    expect(s.gateway.calls[0].params.get('action')).toBe('Add');
    expect(s.gateway.calls[0].params.get('password')).toBe(md5('secret-pw', 'upper'));

    const q = (await run(s, 'template-query', { templateId: added.templateId })) as { templates: TemplateInfo[] };
    expect(q.templates).toEqual([{ templateId: added.templateId, status: '3', statusLabel: { zh: '审核中', en: 'under review' }, template: '您的验证码：@【星辰】' }]);

    s.gateway.templates.set(added.templateId, { id: added.templateId, template: '您的验证码：@【星辰】', status: 1 });
    await run(s, 'template-update', { templateId: added.templateId, template: '验证码@@，5分钟内有效【星辰】' });
    const q2 = (await run(s, 'template-query', { templateId: added.templateId })) as { templates: TemplateInfo[] };
    expect(q2.templates[0]).toMatchObject({ status: '3', template: '验证码@@，5分钟内有效【星辰】' });

    await run(s, 'template-delete', { templateId: added.templateId });
    expect(s.gateway.templates.size).toBe(0);
    expect(s.gateway.calls.map((c) => c.params.get('action'))).toEqual(['Add', 'query', 'update', 'query', 'del']);
  });

  it('five consecutive @ pass, six are refused before sending', async () => {
    s = await setup();
    await run(s, 'template-add', { template: '金额@@@@@元【星辰】' });
    const err = await thrown(run(s, 'template-add', { template: '金额@@@@@@元【星辰】' }));
    expect(String(err)).toContain('@');
    expect(s.gateway.requests).toHaveLength(1);
    expect(s.driver.operations['template-update'].params.safeParse({ templateId: '1', template: '@@@@@@' }).success).toBe(false);
    expect(s.driver.operations['template-add'].params.safeParse({ template: '' }).success).toBe(false);
  });

  it('the gateway refuses six @ too (sent around the schema) with 1001', async () => {
    s = await setup();
    s.gateway.templatesEnabled = true;
    const res = await fetch(s.gateway.url + '/freeTemplate.aspx', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `action=Add&account=shop&password=${md5('secret-pw', 'upper')}&template=${encodeURIComponent('@@@@@@【星辰】')}`,
    });
    expect(await res.json()).toMatchObject({ Status: 'Faild', StatusCode: '1001' });
  });

  it('1119 未启用该功能 (9.1’s example) → request', async () => {
    s = await setup({ gateway: { templatesEnabled: false } });
    const err = (await thrown(run(s, 'template-add', { template: '您好@【星辰】' }))) as ProviderError;
    expect([err.code, err.text, err.errorClass]).toEqual(['1119', '未启用该功能', 'request']);
  });

  it('an unknown template id → Faild 1001', async () => {
    s = await setup();
    const err = (await thrown(run(s, 'template-query', { templateId: '404' }))) as ProviderError;
    expect(err.code).toBe('1001');
  });

  it('wrong password → 1005 class request', async () => {
    s = await setup({ account: { password: 'x' } });
    const err = (await thrown(run(s, 'template-add', { template: '您好@【星辰】' }))) as ProviderError;
    expect([err.code, err.errorClass]).toEqual(['1005', 'request']);
  });
});

describe('password change (pwd.aspx)', () => {
  it('changes the password; the driver goes on with the new one', async () => {
    s = await setup();
    const r = await run(s, 'password-change', { newPassword: 'n3w-pass' });
    expect(r).toEqual({ message: '操作成功' });
    const p = s.gateway.calls[0].params;
    expect([...p.keys()]).toEqual(['userid', 'account', 'password', 'newpassword']);
    expect(s.gateway.password).toBe('n3w-pass');
    expect((await s.driver.balance()).unit).toBe('count');
  });

  it('refuses a new password over 20 characters before sending', async () => {
    s = await setup();
    await thrown(run(s, 'password-change', { newPassword: 'x'.repeat(21) }));
    expect(s.gateway.requests).toHaveLength(0);
  });

  it('a wrong old password: 用户名或密码错误, and the driver keeps its password', async () => {
    s = await setup({ account: { password: 'wrong' } });
    const err = (await thrown(run(s, 'password-change', { newPassword: 'abc' }))) as ProviderError;
    expect(err.text).toBe('用户名或密码错误');
    expect(s.gateway.password).toBe('secret-pw');
  });
});

describe('SOAP operation', () => {
  it('returns the SendResult', async () => {
    s = await setup({ gateway: { balance: 50 } });
    const r = (await run(s, 'soap-send', { mobiles: ['13800000001', '13800000002'], content: '您好' + 'x'.repeat(70) + '【星辰科技】' })) as SendResult;
    expect(r).toMatchObject({ statusCode: 'OK', description: '操作成功', successCounts: 2, billingCount: 4, amount: 46, errors: [] });
    expect(r.msgId).toBe(s.gateway.accepted[0].batchId);
    const body = s.gateway.requests[0].body.toString('utf8');
    expect(body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><soap:Envelope /);
    expect(body).toContain('<SendSms xmlns="http://tempuri.org/"><userName>shop</userName><password>secret-pw</password><sms><Msisdns>');
  });

  it('validates numbers and extno', async () => {
    s = await setup();
    expect(s.driver.operations['soap-send'].params.safeParse({ mobiles: ['123'], content: 'x' }).success).toBe(false);
    expect(s.driver.operations['soap-send'].params.safeParse({ mobiles: ['13800000001'], content: 'x', extno: '123456' }).success).toBe(false);
  });
});

describe('MMS (mms.aspx)', () => {
  it('packs the files as tms and sends subject and numbers', async () => {
    s = await setup({ gateway: { mmsBalance: 10 } });
    const txt = Buffer.from('周末大促，全场五折', 'utf8');
    const img = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]);
    const r = await run(s, 'mms-send', {
      mobiles: ['13800000001', '13800000002'],
      subject: '周末大促',
      files: [
        { name: '1.txt', base64: txt.toString('base64') },
        { name: '1.jpg', base64: img.toString('base64') },
      ],
      sendAt: '2030-01-01 10:00:00',
    });
    expect(r).toMatchObject({ remainpoint: 8, successCounts: 2 });
    expect(s.gateway.mmsTasks).toHaveLength(1);
    const task = s.gateway.mmsTasks[0];
    expect(task.subject).toBe('周末大促');
    expect(task.mobiles).toEqual(['13800000001', '13800000002']);
    expect(task.sendTime).toBe('2030-01-01 10:00:00');
    expect(task.files.map((f) => [f.name, f.data.toString('hex')])).toEqual([
      ['1.txt', txt.toString('hex')],
      ['1.jpg', img.toString('hex')],
    ]);
    expect(s.gateway.calls[0].params.get('action')).toBe('send');
  });

  it('an empty subject is refused by the schema; the gateway’s 3001 maps to request', async () => {
    s = await setup();
    expect(s.driver.operations['mms-send'].params.safeParse({ mobiles: ['13800000001'], subject: '', files: [{ name: 'a.txt', base64: '' }] }).success).toBe(false);
    s.gateway.failNext.push('3001');
    const err = (await thrown(run(s, 'mms-send', { mobiles: ['13800000001'], subject: 's', files: [{ name: 'a.txt', base64: 'YQ==' }] }))) as ProviderError;
    expect([err.text, err.errorClass]).toEqual(['主题为空', 'request']);
  });
});
