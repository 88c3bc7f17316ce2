// plan: group 1,000,000 messages into submissions for each provider, beside the
// documented minimum number of requests. The ratio must be exactly 1.00.
import { PROVIDERS, type ProviderName } from '../../src/shared/providers';
import { HttpClient } from '../../src/main/providers/http';
import { DRIVERS } from '../../src/main/providers/registry';
import type { OutboundMessage } from '../../src/main/providers/types';
import { type BenchRow, emit, mobileOf, peakRssMb, scaled, time } from '../lib';

async function main(): Promise<void> {
  const N = scaled(1_000_000);

  /** The fewest requests the documents allow, worked out from their limits (not from the drivers). */
  const MINIMUM: Record<ProviderName, { different: (n: number) => number; same: (n: number) => number }> = {
    // SendBatchSms: 200 numbers per request in all (§1.2), whatever the entries.
    yunchuda: { different: (n) => Math.ceil(n / 200), same: (n) => Math.ceil(n / 200) },
    // 点点通 1000 groups per POST; plain POST 1000 numbers.
    smsadmin: { different: (n) => Math.ceil(n / 1000), same: (n) => Math.ceil(n / 1000) },
    // one content per request; 100 numbers per request (our documented cap).
    smscn: { different: (n) => n, same: (n) => Math.ceil(n / 100) },
    // no personalised form; 500 numbers per request (our documented cap).
    chuangrui: { different: (n) => n, same: (n) => Math.ceil(n / 500) },
    // BatchSms 500 lines; sms.aspx 1000 numbers (our documented caps).
    platform: { different: (n) => Math.ceil(n / 500), same: (n) => Math.ceil(n / 1000) },
  };

  const rows: BenchRow[] = [];
  for (const [shape, template] of [
    ['different', '<姓名>您好，验证码<code>'],
    ['same', '本周会员日全场八折'],
  ] as const) {
    const messages: OutboundMessage[] = Array.from({ length: N }, (_, i) => {
      const values = { 姓名: `顾客${i}`, code: String(100000 + i), value0: `顾客${i}`, value1: String(100000 + i) };
      const text = shape === 'different' ? `${values.姓名}您好，验证码${values.code}` : template;
      return { ref: String(i + 1), mobile: mobileOf(i), text, values: shape === 'different' ? values : {} };
    });
    for (const provider of PROVIDERS) {
      const driver = DRIVERS[provider].create({ provider, baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', userid: '1', signature: '星辰商店', secret: 's', options: {} }, new HttpClient(provider));
      const body = provider === 'platform' || provider === 'smsadmin' ? template + '【星辰商店】' : template;
      const planned = await time(() =>
        driver.plan(
          messages.map((m) => (provider === 'platform' || provider === 'smsadmin' ? { ...m, text: m.text + '【星辰商店】' } : m)),
          { kind: 'notification', template: body, providerTemplateId: '700001' },
        ),
      );
      await driver.close();
      const min = MINIMUM[provider][shape](N);
      rows.push({
        case: 'plan',
        what: `${provider}: ${N.toLocaleString('en')} ${shape} texts → ${planned.result.length.toLocaleString('en')} requests (${Math.round(planned.ms)} ms)`,
        unit: 'count',
        value: planned.result.length,
        baseline: min,
        baselineWhat: 'the documented minimum',
        ratio: planned.result.length / min,
        target: '= 1.00',
        ok: planned.result.length === min,
        peakRssMb: peakRssMb(),
      });
    }
  }
  emit(rows);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
