// Planning at the sizes users have: a spread of 200,000 values into Math.max overflowed
// the stack in two planners. Counts stay the documented minimum.
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/main/providers/http';
import { DRIVERS } from '../../src/main/providers/registry';
import type { OutboundMessage } from '../../src/main/providers/types';

const N = 200_000;
const messages: OutboundMessage[] = Array.from({ length: N }, (_, i) => ({
  ref: String(i + 1),
  mobile: `13${String(i).padStart(9, '0')}`,
  text: `顾客${i}您好【门店】`,
  values: { 姓名: `顾客${i}`, value0: `顾客${i}` },
}));

describe('planning 200,000 messages', () => {
  it.each([
    ['yunchuda', N / 200],
    ['smsadmin', N / 1000],
  ] as const)('%s plans them in %i requests', async (provider, expected) => {
    const driver = DRIVERS[provider].create({ provider, baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', signature: '门店', options: {} }, new HttpClient(provider));
    const plan = driver.plan(messages, { kind: 'notification', template: '<姓名>您好【门店】', providerTemplateId: 'TPCODE_1' });
    await driver.close();
    expect(plan).toHaveLength(expected);
    expect(plan.reduce((n, s) => n + s.messages.length, 0)).toBe(N);
  });
});
