// Form encoding in a byte charset (GB2312/GBK), as smsadmin and smscn send it: every
// byte outside RFC 3986's unreserved set is %XX in upper case, and it decodes back.
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, formDecode, formEncode, percentDecode, percentEncode, travelsInGbk } from '../../src/main/providers/util';

describe('percentEncode in a byte charset', () => {
  it('keeps unreserved characters, escapes every other byte in upper case', () => {
    // 门 is C3 C5 in GB2312, 店 B5 EA.
    expect(percentEncode('门店 a+b~c-d_e.f/%&=', 'gb2312')).toBe('%C3%C5%B5%EA%20a%2Bb~c-d_e.f%2F%25%26%3D');
  });

  it('escapes each of the 256 byte values as the byte-by-byte definition does', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    // Bytes 0x00-0x7F are ASCII in GBK: one character each.
    const ascii = all.subarray(0, 128).toString('latin1');
    const expected = [...encodeText(ascii, 'gbk')]
      .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0')))
      .join('');
    expect(percentEncode(ascii, 'gbk')).toBe(expected);
  });

  it('round-trips a long mixed text through the form encoding', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `顾客${i}您好，验证码${100000 + i}【门店】`).join('\n');
    const form = formEncode({ msg: text, uid: 'shop' }, 'gbk');
    expect(formDecode(form, 'gbk').get('msg')).toBe(text);
    expect(percentDecode(percentEncode(text, 'gb2312'), 'gb2312')).toBe(text);
  });
});

describe('travelsInGbk', () => {
  // The definition: the whole text encoded and decoded again is unchanged.
  const whole = (text: string): boolean => decodeText(encodeText(text, 'gbk'), 'gbk') === text;

  it('agrees with encoding the whole text, for texts that travel and texts that do not', () => {
    const texts = ['', 'abc 123 ~!', '顾客您好，验证码123456【门店】', '€ ¥ ·', '😀 emoji', 'a\ud800b lone surrogate', '\udc00', '龘靐 齉', 'Ⅻ ㈱ ﹏', '한국어', 'ä ö ü ß', '\u0000\u007f'];
    const verdicts = texts.map((t) => travelsInGbk(t));
    expect(verdicts).toEqual(texts.map(whole));
    // Asked again (now from what is known), the same answers.
    expect(texts.map((t) => travelsInGbk(t))).toEqual(verdicts);
    // Not vacuous: some travel, some do not.
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it('agrees with encoding the whole text over every character of the Basic Multilingual Plane', () => {
    const chars = Array.from({ length: 0x10000 }, (_, cp) => String.fromCharCode(cp));
    // Alone, first, last and between others: iconv-lite's bytes for some characters depend on where they stand.
    for (const place of [(ch: string) => ch, (ch: string) => ch + '门', (ch: string) => 'x' + ch, (ch: string) => 'x' + ch + '门店']) {
      const mismatched = chars.map(place).filter((t) => travelsInGbk(t) !== whole(t));
      expect(mismatched).toEqual([]);
    }
  });
});
