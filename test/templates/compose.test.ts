// Where each provider's signature goes and what it bills, checked against the simulated
// gateways' own billing (written from the documents, not from compose.ts).
import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../src/main/providers/registry';
import { billedLength, effectiveSignature, sendTemplate, signatureIn, visibleText } from '../../src/shared/compose';
import { PROVIDERS } from '../../src/shared/providers';
import { billingLength, countParts } from '../../src/shared/segments';
import { billedParts as chuangruiBilledParts } from '../gateways/chuangrui';
import { billedParts as platformBilledParts, signatureOf as platformSignatureOf } from '../gateways/platform/rules';

const caps = {
  platform: capabilitiesOf('platform'),
  smsadmin: capabilitiesOf('smsadmin'),
  chuangrui: capabilitiesOf('chuangrui'),
  yunchuda: capabilitiesOf('yunchuda'),
  smscn: capabilitiesOf('smscn'),
};

describe("'content' providers (platform, smsadmin): the text carries 【签名】 at its end", () => {
  it.each(['platform', 'smsadmin'] as const)('%s: appends the account signature when the body has none', (p) => {
    expect(sendTemplate('<姓名>您好', caps[p], '门店')).toBe('<姓名>您好【门店】');
    expect(visibleText('张三您好【门店】', caps[p], '门店')).toBe('张三您好【门店】');
    expect(billedLength('张三您好【门店】', caps[p], '门店')).toBe(8);
  });

  it.each(['platform', 'smsadmin'] as const)('%s: leaves a body that already has 【…】 (even before a suffix) alone', (p) => {
    expect(sendTemplate('您好【自己的】拒收请回复R', caps[p], '门店')).toBe('您好【自己的】拒收请回复R');
    expect(effectiveSignature('您好【自己的】拒收请回复R', caps[p], '门店')).toBe('自己的');
    expect(sendTemplate('您好', caps[p], null)).toBe('您好');
    expect(effectiveSignature('您好', caps[p], null)).toBeNull();
  });

  it('platform: the gateway reads the same signature and bills the same parts', () => {
    for (const body of ['您好', '字'.repeat(66), '字'.repeat(130), '😀'.repeat(40)]) {
      const sent = sendTemplate(body, caps.platform, '星辰商店');
      expect(platformSignatureOf(sent)).toBe('星辰商店');
      expect(countParts(visibleText(sent, caps.platform, '星辰商店'))).toBe(platformBilledParts(sent));
    }
  });
});

describe("'parameter' provider (chuangrui): the provider puts 【sign】 in front and bills it", () => {
  it('sends the body unchanged and bills the signature with its brackets', () => {
    expect(sendTemplate('<姓名>您好', caps.chuangrui, '创瑞店')).toBe('<姓名>您好');
    expect(visibleText('张三您好', caps.chuangrui, '创瑞店')).toBe('【创瑞店】张三您好');
    expect(billedLength('张三您好', caps.chuangrui, '创瑞店')).toBe(4 + 3 + 2);
  });

  it('adds it even when the text has its own 【…】: the provider always does', () => {
    expect(visibleText('【别的】您好', caps.chuangrui, '创瑞店')).toBe('【创瑞店】【别的】您好');
    expect(billedLength('【别的】您好', caps.chuangrui, '创瑞店')).toBe(6 + 5);
  });

  it('bills what the gateway bills, at the part boundaries', () => {
    for (const n of [60, 61, 62, 120, 125, 126, 200]) {
      const text = '字'.repeat(n);
      expect(countParts(visibleText(text, caps.chuangrui, '创瑞店'))).toBe(chuangruiBilledParts(`【创瑞店】${text}`));
    }
  });
});

describe("'provider-template' providers (yunchuda, smscn): the approved template carries the signature", () => {
  it('yunchuda: the provider adds 【signature】 in front when the body has none', () => {
    expect(sendTemplate('<姓名>您好', caps.yunchuda, '星巴克')).toBe('<姓名>您好');
    expect(visibleText('张三您好', caps.yunchuda, '星巴克')).toBe('【星巴克】张三您好');
    expect(billedLength('张三您好', caps.yunchuda, '星巴克')).toBe(9);
  });

  it('yunchuda: a body mirroring the template with its 【…】 is billed as it is', () => {
    expect(visibleText('【星巴克】张三您好', caps.yunchuda, '星巴克')).toBe('【星巴克】张三您好');
    expect(billedLength('【星巴克】张三您好', caps.yunchuda, '星巴克')).toBe(9);
  });

  it('smscn: no account signature, the template text is what is billed', () => {
    expect(visibleText('【云信】验证码1234', caps.smscn, null)).toBe('【云信】验证码1234');
    expect(billedLength('【云信】验证码1234', caps.smscn, null)).toBe(11);
    expect(effectiveSignature('【云信】验证码<code>', caps.smscn, null)).toBe('云信');
  });
});

describe('every provider', () => {
  it('bills exactly the billing length of what the recipient reads', () => {
    let seed = 11;
    const rnd = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pieces = ['字', 'a', '😀', '【', '】', '店', ' '];
    for (let i = 0; i < 500; i++) {
      const provider = PROVIDERS[rnd(PROVIDERS.length)];
      const signature = rnd(4) === 0 ? null : ['门店', '星辰商店', '😀店'][rnd(3)];
      const body = Array.from({ length: rnd(150) }, () => pieces[rnd(pieces.length)]).join('');
      const sent = sendTemplate(body, caps[provider], signature);
      expect(billedLength(sent, caps[provider], signature)).toBe(billingLength(visibleText(sent, caps[provider], signature)));
    }
  });

  it('signatureIn reads the last 【…】', () => {
    expect(signatureIn('【甲】中间【乙】')).toBe('乙');
    expect(signatureIn('没有签名')).toBeNull();
  });
});
