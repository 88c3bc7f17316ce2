import { describe, expect, it } from 'vitest';
import { MobileSet } from '../../src/main/contacts/mobile-set';

describe('MobileSet', () => {
  it('keeps the first value of each mobile through many growths', () => {
    const set = new MobileSet();
    const n = 200_000;
    for (let i = 0; i < n; i++) expect(set.addOrGet(String(13000000000 + i * 7), i + 1)).toBeUndefined();
    expect(set.size).toBe(n);
    for (let i = 0; i < n; i += 997) expect(set.addOrGet(String(13000000000 + i * 7), 0)).toBe(i + 1);
    expect(set.has('13000000007')).toBe(true);
    expect(set.has('13000000008')).toBe(false);
    expect(set.size).toBe(n);
  });
});
