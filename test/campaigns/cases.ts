// One campaign setup per provider, for the engine tests: its simulated gateway, an
// account on it, a template the provider accepts, and what each recipient should get.
import type { AccountInput } from '../../src/shared/contract';
import type { Kind, ProviderName } from '../../src/shared/providers';
import type { SimulatedGateway } from '../gateways/harness';
import { startChuangruiGateway } from '../gateways/chuangrui';
import { startPlatformGateway } from '../gateways/platform';
import { startSmsadminGateway } from '../gateways/smsadmin';
import { startSmscnGateway } from '../gateways/smscn';
import { startYunchudaGateway } from '../gateways/yunchuda';

export interface ProviderCase {
  provider: ProviderName;
  start(): Promise<SimulatedGateway>;
  account(gw: SimulatedGateway): AccountInput;
  /** The Qunfa template (fields 姓名 and code). */
  body: string;
  kind: Kind;
  providerTemplateId?(gw: SimulatedGateway): string;
  /** The text the recipient should get, as the gateway records it. */
  expected(name: string, code: string): string;
  /** The fewest requests for n recipients with all-different texts. */
  requests(n: number): number;
  receipts: 'pull' | 'push';
}

const BODY = '<姓名>您好，您的会员码<code>，本周全场八折。';

export const CASES: ProviderCase[] = [
  {
    provider: 'smsadmin',
    start: () => startSmsadminGateway({ uid: 'shop', password: 'pw-smsadmin', balance: 1e6 }),
    account: (gw) => ({ name: 'smsadmin', provider: 'smsadmin', baseUrl: gw.url, username: 'shop', password: 'pw-smsadmin', signature: '门店', unitPrice: 0.05, options: {} }),
    body: BODY,
    kind: 'notification',
    expected: (n, c) => `${n}您好，您的会员码${c}，本周全场八折。【门店】`,
    requests: (n) => Math.ceil(n / 1000),
    receipts: 'pull',
  },
  {
    provider: 'platform',
    start: () => startPlatformGateway({ account: 'shop', password: 'pw-platform', balance: 1e6 }),
    account: (gw) => ({ name: 'platform', provider: 'platform', baseUrl: gw.url, username: 'shop', password: 'pw-platform', userid: '12', signature: '星辰商店', unitPrice: 0.04, options: {} }),
    body: BODY,
    kind: 'notification',
    expected: (n, c) => `${n}您好，您的会员码${c}，本周全场八折。【星辰商店】`,
    requests: (n) => Math.ceil(n / 500),
    receipts: 'pull',
  },
  {
    provider: 'smscn',
    start: async () => {
      const gw = await startSmscnGateway({ uid: 'shop', password: 'pw-smscn', secretkey: 'SECRETKEY0123456789', balance: 1e6 });
      gw.addTemplate('700001', '{$姓名}您好，您的会员码{$code}，本周全场八折。');
      return gw;
    },
    account: (gw) => ({ name: 'smscn', provider: 'smscn', baseUrl: gw.url, username: 'shop', password: 'pw-smscn', secret: 'SECRETKEY0123456789', unitPrice: 0.05, options: {} }),
    body: BODY,
    kind: 'notification',
    providerTemplateId: () => '700001',
    expected: (n, c) => `${n}您好，您的会员码${c}，本周全场八折。`,
    requests: (n) => n,
    receipts: 'pull',
  },
  {
    provider: 'yunchuda',
    start: async () => {
      const gw = await startYunchudaGateway({ username: 'shop', password: 'pw-yunchuda', balance: 1e6 });
      (gw as unknown as { templateId: string }).templateId = (gw as unknown as { addApprovedTemplate(c: string, s?: string): string }).addApprovedTemplate('{姓名}您好，您的会员码{code}，本周全场八折。', '星巴克');
      return gw;
    },
    account: (gw) => ({ name: 'yunchuda', provider: 'yunchuda', baseUrl: gw.url, username: 'shop', password: 'pw-yunchuda', signature: '星巴克', unitPrice: 0.05, options: {} }),
    body: BODY,
    kind: 'notification',
    providerTemplateId: (gw) => (gw as unknown as { templateId: string }).templateId,
    expected: (n, c) => `【星巴克】${n}您好，您的会员码${c}，本周全场八折。`,
    requests: (n) => Math.ceil(n / 200),
    receipts: 'push',
  },
  {
    provider: 'chuangrui',
    start: () => startChuangruiGateway({ name: 'shop', pwd: 'pw-chuangrui', balance: 1e6 }),
    account: (gw) => ({ name: 'chuangrui', provider: 'chuangrui', baseUrl: gw.url, username: 'shop', password: 'pw-chuangrui', signature: '创瑞店', unitPrice: 0.05, options: {} }),
    body: BODY,
    kind: 'notification',
    expected: (n, c) => `【创瑞店】${n}您好，您的会员码${c}，本周全场八折。`,
    requests: (n) => n,
    receipts: 'push',
  },
];
