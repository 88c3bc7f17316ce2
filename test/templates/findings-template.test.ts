// Preflight rules on the template itself, each with a case that triggers it and one
// that does not: provider template id, signature present and well formed, opt-out
// suffix required or customary, unknown placeholders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChuangruiGateway } from '../gateways/chuangrui';
import type { SimulatedGateway } from '../gateways/harness';
import { startPlatformGateway } from '../gateways/platform';
import { startSmsadminGateway } from '../gateways/smsadmin';
import { startSmscnGateway } from '../gateways/smscn';
import { startYunchudaGateway } from '../gateways/yunchuda';
import { members, seedList } from '../helpers/lists';
import { bench, rules, type Bench } from './setup';

let b: Bench;
let listId: number;
const gateways: SimulatedGateway[] = [];
const account: Record<string, (signature?: string) => number> = {};
let made = 0;

beforeAll(async () => {
  b = bench();
  listId = seedList(b.core.db, '会员', ['姓名', 'code'], members(3));
  const smsadmin = await startSmsadminGateway({ uid: 'u', password: 'pw', balance: 1000 });
  const platform = await startPlatformGateway({ account: 'u', password: 'pw', balance: 1000 });
  const chuangrui = await startChuangruiGateway({ name: 'u', pwd: 'pw', balance: 1000 });
  const yunchuda = await startYunchudaGateway({ username: 'u', password: 'pw', balance: 1000 });
  const smscn = await startSmscnGateway({ uid: 'u', password: 'pw', secretkey: 'SECRETKEY0123456789', balance: 1000 });
  gateways.push(smsadmin, platform, chuangrui, yunchuda, smscn);
  const add = (provider: 'smsadmin' | 'platform' | 'chuangrui' | 'yunchuda' | 'smscn', url: string, extra: { userid?: string; secret?: string } = {}) => (signature?: string) =>
    b.addAccount({ name: `${provider}-${made++}`, provider, baseUrl: url, username: 'u', password: 'pw', signature, ...extra });
  account.smsadmin = add('smsadmin', smsadmin.url);
  account.platform = add('platform', platform.url, { userid: '1' });
  account.chuangrui = add('chuangrui', chuangrui.url);
  account.yunchuda = add('yunchuda', yunchuda.url);
  account.smscn = add('smscn', smscn.url, { secret: 'SECRETKEY0123456789' });
});
afterAll(async () => {
  await b.core.remove();
  for (const gw of gateways) await gw.close();
});

describe('provider-template.missing', () => {
  it('is an error where the provider sends only approved templates and no id is given', async () => {
    const e = await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '<姓名>您好' });
    expect(e.findings).toContainEqual(expect.objectContaining({ rule: 'provider-template.missing', severity: 'error', count: 0 }));
  });

  it('is absent with an id, and for free-text providers', async () => {
    expect(rules(await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '<姓名>您好', providerTemplateId: 'TPCODE_1' }))).not.toContain('provider-template.missing');
    expect(rules(await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好' }))).not.toContain('provider-template.missing');
  });
});

describe('signature.missing', () => {
  it("is an error when a 'content' provider's text would carry no 【签名】", async () => {
    const e = await b.run({ listId, accountId: account.platform(), body: '<姓名>您好' });
    const f = e.findings.find((x) => x.rule === 'signature.missing');
    expect(f).toMatchObject({ severity: 'error' });
    expect(f?.action.zh).toContain('签名');
  });

  it("is an error when a 'parameter' provider's account has no signature", async () => {
    expect(rules(await b.run({ listId, accountId: account.chuangrui(), body: '<姓名>您好' }))).toContain('signature.missing');
  });

  it('is absent when the body ends with its own 【…】, and where the provider does not require one', async () => {
    expect(rules(await b.run({ listId, accountId: account.platform(), body: '<姓名>您好【星辰商店】' }))).not.toContain('signature.missing');
    expect(rules(await b.run({ listId, accountId: account.smscn(), body: '<姓名>您好', providerTemplateId: '1' }))).not.toContain('signature.missing');
  });
});

describe('signature.form', () => {
  it('is an error for a signature shorter or longer than the provider allows', async () => {
    const short = await b.run({ listId, accountId: account.platform('星'), body: '<姓名>您好' });
    expect(short.findings.find((f) => f.rule === 'signature.form')?.message.zh).toContain('3–8');
    expect(rules(await b.run({ listId, accountId: account.platform('星辰商店星辰商店星'), body: '<姓名>您好' }))).toContain('signature.form');
    expect(rules(await b.run({ listId, accountId: account.yunchuda('星巴'), body: '<姓名>您好', providerTemplateId: 'T' }))).toContain('signature.form');
  });

  it('is an error for an account signature typed with its brackets', async () => {
    const e = await b.run({ listId, accountId: account.smsadmin('【门店】'), body: '<姓名>您好' });
    expect(e.findings.find((f) => f.rule === 'signature.form')?.action.zh).toContain('不带【】');
  });

  it('is absent for a signature of legal length', async () => {
    expect(rules(await b.run({ listId, accountId: account.platform('星辰商店'), body: '<姓名>您好' }))).not.toContain('signature.form');
    expect(rules(await b.run({ listId, accountId: account.chuangrui('创瑞'), body: '<姓名>您好' }))).not.toContain('signature.form');
  });
});

describe('signature.duplicate', () => {
  it('warns when the provider adds 【sign】 and the body has its own 【…】', async () => {
    const e = await b.run({ listId, accountId: account.chuangrui('创瑞店'), body: '<姓名>您好【创瑞店】' });
    expect(e.findings).toContainEqual(expect.objectContaining({ rule: 'signature.duplicate', severity: 'warning' }));
    expect(rules(await b.run({ listId, accountId: account.chuangrui('创瑞店'), body: '<姓名>您好' }))).not.toContain('signature.duplicate');
  });
});

describe('suffix.required', () => {
  it('is an error for marketing without 拒收请回复R at the end where the provider requires it', async () => {
    const e = await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '<姓名>您好，全场八折', kind: 'marketing', providerTemplateId: 'T' });
    expect(e.findings).toContainEqual(expect.objectContaining({ rule: 'suffix.required', severity: 'error' }));
    expect(rules(await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '拒收请回复R <姓名>您好', kind: 'marketing', providerTemplateId: 'T' }))).toContain('suffix.required');
  });

  it('is absent when the body ends with it, and for other kinds', async () => {
    expect(rules(await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '<姓名>您好，全场八折拒收请回复R', kind: 'marketing', providerTemplateId: 'T' }))).not.toContain('suffix.required');
    expect(rules(await b.run({ listId, accountId: account.yunchuda('星巴克'), body: '<姓名>您好', kind: 'notification', providerTemplateId: 'T' }))).not.toContain('suffix.required');
  });
});

describe('suffix.customary', () => {
  it('warns on marketing without any opt-out note where the provider does not require one', async () => {
    const e = await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好，全场八折', kind: 'marketing' });
    expect(e.findings).toContainEqual(expect.objectContaining({ rule: 'suffix.customary', severity: 'warning' }));
    expect(rules(e)).not.toContain('suffix.required');
  });

  it('is absent with an opt-out note (before the signature too), and for notifications', async () => {
    expect(rules(await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好，全场八折，回T退订', kind: 'marketing' }))).not.toContain('suffix.customary');
    expect(rules(await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好，拒收请回复R【门店】', kind: 'marketing' }))).not.toContain('suffix.customary');
    expect(rules(await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好', kind: 'notification' }))).not.toContain('suffix.customary');
  });
});

describe('placeholder.unknown', () => {
  it('is an error naming every unknown placeholder; nothing is counted', async () => {
    const e = await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好<电话><地址>' });
    const f = e.findings.find((x) => x.rule === 'placeholder.unknown');
    expect(f?.severity).toBe('error');
    expect(f?.message.zh).toContain('<电话>、<地址>');
    expect(e).toMatchObject({ recipients: 0, totalParts: 0, distribution: [], fits: null });
    expect(e.balance).not.toBeNull();
  });

  it('is absent when every placeholder is a field or a valid position', async () => {
    const e = await b.run({ listId, accountId: account.smsadmin('门店'), body: '<姓名>您好<value1>' });
    expect(rules(e)).toEqual([]);
    expect(e.recipients).toBe(3);
  });
});
