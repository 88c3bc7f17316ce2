import { describe, expect, it } from 'vitest';
import { countParts, partsFor } from '../../src/shared/segments';
import { TemplateError, compileTemplate, render, valuesByName } from '../../src/shared/template';

describe('segments', () => {
  it('70 characters is one part; 71 is two; 67 per part beyond', () => {
    expect(countParts('字'.repeat(70))).toBe(1);
    expect(countParts('a'.repeat(71))).toBe(2);
    expect(countParts('字'.repeat(134))).toBe(2);
    expect(countParts('字'.repeat(135))).toBe(3);
    expect(partsFor(0)).toBe(1);
  });

  it('counts an emoji as two (UCS-2 surrogate pair)', () => {
    expect(countParts('字'.repeat(69) + '😀')).toBe(2);
    expect(countParts('字'.repeat(68) + '😀')).toBe(1);
  });

  it('random texts: the part count is the fewest 67-char parts that hold the text, or 1 up to 70', () => {
    let seed = 7;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) {
      const len = rnd(400);
      const text = Array.from({ length: len }, () => (rnd(2) ? '中' : 'a')).join('');
      const parts = countParts(text);
      if (len <= 70) expect(parts).toBe(1);
      else {
        expect(parts * 67).toBeGreaterThanOrEqual(len);
        expect((parts - 1) * 67).toBeLessThan(len);
      }
    }
  });
});

describe('templates', () => {
  const fields = ['姓名', 'code', '门店'];

  it('merges positional and named placeholders, Unicode names included', () => {
    const t = compileTemplate('<姓名>您好，验证码<value1>，<门店>欢迎您', fields);
    expect(render(t, ['张三', '1234', '南京路店']).text).toBe('张三您好，验证码1234，南京路店欢迎您');
    expect(t.names).toEqual(['姓名', 'value1', '门店']);
    // Only the placeholders the template uses travel, by the name it uses.
    expect(valuesByName(t, ['张三', '1234', '南京路店'])).toEqual({ 姓名: '张三', value1: '1234', 门店: '南京路店' });
  });

  it('names every unknown placeholder before anything is sent', () => {
    expect(() => compileTemplate('<name> <value3> <门店>', fields)).toThrow(TemplateError);
    try {
      compileTemplate('<name> <value3> <门店>', fields);
    } catch (err) {
      expect((err as TemplateError).unknown.map((u) => u.name)).toEqual(['name', 'value3']);
    }
  });

  it('follows the empty-value policy: refuse reports, allow leaves empty, default fills', () => {
    const t = compileTemplate('<姓名>您好', fields);
    expect(render(t, [''], { kind: 'refuse' }).empty).toEqual(['姓名']);
    expect(render(t, [''], { kind: 'allow' })).toEqual({ text: '您好', empty: [] });
    expect(render(t, [''], { kind: 'default', text: '顾客' }).text).toBe('顾客您好');
  });

  it('leaves text that only looks like markup alone when it is not a placeholder', () => {
    const t = compileTemplate('a < b > c <not closed', fields);
    expect(render(t, []).text).toBe('a < b > c <not closed');
  });
});
