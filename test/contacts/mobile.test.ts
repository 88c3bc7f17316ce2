import { describe, expect, it } from 'vitest';
import { normalizeMobile } from '../../src/shared/mobile';

const ok = (raw: string): string => {
  const r = normalizeMobile(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.message.en}`);
  return r.mobile;
};

describe('normalizeMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    [' 138 0013 8000 ', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['(138)00138000', '13800138000'],
    ['138.0013.8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８００１３８０００', '13800138000'],
    ['138\u00a00013\u00a08000', '13800138000'],
    ['13800138000.0', '13800138000'],
    ['19912345678', '19912345678'],
  ])('%j → %s', (raw, mobile) => {
    expect(ok(raw)).toBe(mobile);
  });

  it('says empty for blanks', () => {
    expect(normalizeMobile('  ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(normalizeMobile('')).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('refuses Excel scientific notation because digits were lost, telling the user what to do in Excel', () => {
    for (const raw of ['1.38E+10', '1.38001E+10', '1.38E10', '1.38e+10']) {
      const r = normalizeMobile(raw);
      expect(r).toMatchObject({ ok: false, reason: 'scientific' });
      if (r.ok) continue;
      expect(r.message.zh).toContain('文本');
      expect(r.message.zh).toContain('丢失');
      expect(r.message.en).toContain('format the column as Text');
    }
  });

  it.each(['12800138000', '1380013800', '138001380000', '010-12345678', '86138001380', '+86 1380013800', 'abc', '13800138000 张三', '23800138000'])(
    'refuses %j as not a mainland mobile',
    (raw) => {
      const r = normalizeMobile(raw);
      expect(r).toMatchObject({ ok: false, reason: 'not-mobile' });
      if (!r.ok) expect(r.message.en).toContain('11 digits starting with 1');
    },
  );

  it('strips 86 only when 11 digits remain', () => {
    expect(ok('8613800138000')).toBe('13800138000');
    // 86 followed by 10 digits is no prefix: still not a mobile
    expect(normalizeMobile('861380013800').ok).toBe(false);
  });
});
