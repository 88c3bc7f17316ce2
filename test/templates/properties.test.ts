// Random templates and values through every provider's account (seeded, so a failure
// repeats): the estimate's counts agree with the parts each recipient's visible text
// needs, the distribution sums to the recipients, the cost is parts × price exactly;
// and the sensitive-word matcher agrees with a plain search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../src/main/providers/registry';
import { WordMatcher } from '../../src/main/services/word-matcher';
import { PROVIDERS, type ProviderName } from '../../src/shared/providers';
import { billingLength, countParts } from '../../src/shared/segments';
import type { EmptyPolicyView } from '../../src/shared/views';
import { CASES } from '../campaigns/cases';
import type { SimulatedGateway } from '../gateways/harness';
import { seedList } from '../helpers/lists';
import { bench, type Bench } from './setup';

function prng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

const PIECES = ['您好', '，', 'a', '1', '😀', '店', '【', '】', ' ', '会员日全场八折'];
const FIELDS = ['姓名', 'code', '门店'];

describe('estimate properties over random templates and values', () => {
  let b: Bench;
  const gateways: SimulatedGateway[] = [];
  const accounts = new Map<ProviderName, { id: number; price: number }>();

  beforeAll(async () => {
    b = bench();
    for (const c of CASES) {
      const gw = await c.start();
      gateways.push(gw);
      const price = [0.05, 0.0333, 0.1, 0.045, 0.07][accounts.size];
      accounts.set(c.provider, { id: b.addAccount({ ...c.account(gw), unitPrice: price }), price });
    }
  });
  afterAll(async () => {
    await b.core.remove();
    for (const gw of gateways) await gw.close();
  });

  it('200 random campaigns: parts, distribution and cost agree with each visible text', async () => {
    const rnd = prng(20260310);
    const text = (max: number): string => Array.from({ length: rnd(max) }, () => PIECES[rnd(PIECES.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const provider = PROVIDERS[rnd(PROVIDERS.length)];
      const account = accounts.get(provider);
      if (!account) throw new Error(provider);
      const caps = capabilitiesOf(provider);
      const body = Array.from({ length: 1 + rnd(4) }, () => text(12) + (rnd(3) ? `<${FIELDS[rnd(3)]}>` : `<value${rnd(3)}>`)).join('') + text(6);
      const rows = Array.from({ length: 1 + rnd(8) }, (_, i) => [`139${String(round * 10 + i).padStart(8, '0')}`, ...FIELDS.map(() => (rnd(5) ? text(40) : ''))]);
      const listId = seedList(b.core.db, `随机${round}`, FIELDS, rows);
      const emptyPolicy: EmptyPolicyView = [{ kind: 'refuse' as const }, { kind: 'allow' as const }, { kind: 'default' as const, text: text(5) }][rnd(3)];

      const e = await b.run({ listId, accountId: account.id, body, emptyPolicy, providerTemplateId: 'T1' });
      const page = b.estimates.preview({ listId, body, emptyPolicy, accountId: account.id, offset: 0, limit: 100 });
      const sent = page.rows.filter((r) => emptyPolicy.kind !== 'refuse' || r.empty.length === 0);

      for (const r of page.rows) {
        expect(r.length).toBe(billingLength(r.text));
        expect(r.parts).toBe(countParts(r.text, caps.segments));
      }
      expect(e.recipients).toBe(sent.length);
      expect(e.distribution.reduce((n, d) => n + d.count, 0)).toBe(e.recipients);
      expect(e.totalParts).toBe(sent.reduce((n, r) => n + r.parts, 0));
      expect(e.totalParts).toBe(e.distribution.reduce((n, d) => n + d.parts * d.count, 0));
      expect(Math.round(e.cost * 10_000)).toBe(e.totalParts * Math.round(account.price * 10_000));
      if (sent.length) expect(e.longest?.length).toBe(Math.max(...sent.map((r) => r.length)));
    }
  });
});

describe('WordMatcher', () => {
  it('finds exactly the words a plain search finds, on 500 random texts', () => {
    const rnd = prng(7);
    const alphabet = ['加', '微', '信', '刷', '单', 'a', 'b', '😀'];
    const word = (): string => Array.from({ length: 1 + rnd(4) }, () => alphabet[rnd(alphabet.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const words = Array.from({ length: 1 + rnd(12) }, word);
      const matcher = new WordMatcher(words);
      const text = Array.from({ length: rnd(60) }, () => alphabet[rnd(alphabet.length)]).join('');
      const found = matcher.find(text).map((h) => matcher.words[h]);
      expect(new Set(found)).toEqual(new Set(words.filter((w) => text.includes(w))));
      expect(found.length).toBe(new Set(found).size);
    }
  });
});
