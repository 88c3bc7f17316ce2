// The fields' JSON built by hand (row-checker.ts jsonArray) is exactly JSON.stringify's.
import { describe, expect, it } from 'vitest';
import { jsonArray } from '../../src/main/contacts/row-checker';

describe('jsonArray', () => {
  it('writes what JSON.stringify writes, whatever the values hold', () => {
    const pieces = ['', 'a', '顾客', '南京路3号店', '"', '\\', '\n', '\t', '\u0000', '\u001f', ' ', '\u2028', '😀', '\ud83d', '\ude00', '"引号"', 'C:\\路径', '{"a":1}', '[', ']', ','];
    const cases: string[][] = [[], [''], ['', ''], ...pieces.map((p) => [p]), ...pieces.map((p) => ['前' + p + '后', '金卡'])];
    // Every pair and a pseudo-random sample of longer mixes.
    for (const a of pieces) for (const b of pieces) cases.push([a + b, b, a]);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 2_000; n++) cases.push(Array.from({ length: next() % 6 }, () => Array.from({ length: next() % 5 }, () => pieces[next() % pieces.length]).join('')));
    for (const values of cases) expect(jsonArray(values)).toBe(JSON.stringify(values));
  });
});
