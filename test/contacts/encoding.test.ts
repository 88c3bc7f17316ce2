import { describe, expect, it } from 'vitest';
import { detectEncoding, EncodingError, TextStream } from '../../src/main/contacts/encoding';
import { gbk, utf16be, utf16le, utf8Bom } from './fixture';

/** Feeds `bytes` to a stream decoder in chunks of `size`, as the reader does. */
function decodeInChunks(bytes: Uint8Array, size: number, stream: TextStream): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += size) out += stream.decode(bytes.subarray(at, at + size), at, at + size >= bytes.length);
  return out;
}

describe('detectEncoding', () => {
  it('reads BOMs: UTF-8, UTF-16 LE and BE', () => {
    expect(detectEncoding(utf8Bom('a'), true)).toMatchObject({ encoding: 'utf-8', reason: 'bom' });
    expect(detectEncoding(utf16le('a'), true)).toMatchObject({ encoding: 'utf-16le', reason: 'bom' });
    expect(detectEncoding(utf16be('a'), true)).toMatchObject({ encoding: 'utf-16be', reason: 'bom' });
  });

  it('takes valid UTF-8 without a BOM as UTF-8, and anything else as GB18030', () => {
    expect(detectEncoding(Buffer.from('姓名,手机', 'utf8'), true)).toMatchObject({ encoding: 'utf-8', reason: 'utf-8', provisional: false });
    expect(detectEncoding(gbk('姓名,手机'), true)).toMatchObject({ encoding: 'gb18030', reason: 'fallback' });
  });

  it('does not fail a sample cut in the middle of a UTF-8 character', () => {
    const bytes = Buffer.from('姓名', 'utf8');
    expect(detectEncoding(bytes.subarray(0, 4), false)).toMatchObject({ encoding: 'utf-8' });
  });

  it('marks a pure ASCII sample provisional, and lets the user override', () => {
    expect(detectEncoding(Buffer.from('name,mobile'), false)).toMatchObject({ encoding: 'utf-8', provisional: true });
    expect(detectEncoding(Buffer.from('name,mobile'), false, 'gb18030')).toMatchObject({ encoding: 'gb18030', reason: 'user' });
  });
});

describe('TextStream', () => {
  it('decodes GB18030 and UTF-16 across chunk boundaries that split characters', () => {
    const text = '姓名,手机\r\n张三,13800138000\r\n𠀀龘,13900139000\r\n';
    for (const size of [1, 2, 3, 5, 7]) {
      expect(decodeInChunks(gbk(text), size, new TextStream({ encoding: 'gb18030', reason: 'fallback', provisional: false }))).toBe(text.replace('𠀀', '?'));
      expect(decodeInChunks(utf16le(text), size, new TextStream({ encoding: 'utf-16le', reason: 'bom', provisional: false }))).toBe(text);
      expect(decodeInChunks(utf16be(text), size, new TextStream({ encoding: 'utf-16be', reason: 'bom', provisional: false }))).toBe(text);
    }
  });

  it('settles a provisional UTF-8 file on GB18030 when GBK appears after a long ASCII start, keeping every character right', () => {
    const ascii = 'name,mobile\r\n' + 'Zhang,13800138000\r\n'.repeat(5000);
    const text = ascii + '张三,13900139000\r\n李四,13700137000\r\n';
    const bytes = gbk(text);
    const stream = new TextStream({ encoding: 'utf-8', reason: 'utf-8', provisional: true });
    expect(decodeInChunks(bytes, 4096, stream)).toBe(text);
    expect(stream.encoding).toBe('gb18030');
  });

  it('settles a provisional file on UTF-8 when the later bytes are UTF-8', () => {
    const text = 'name,mobile\r\n'.repeat(2000) + '张三,13900139000\r\n';
    const stream = new TextStream({ encoding: 'utf-8', reason: 'utf-8', provisional: true });
    expect(decodeInChunks(Buffer.from(text, 'utf8'), 1000, stream)).toBe(text);
    expect(stream.encoding).toBe('utf-8');
  });

  it('fails clearly, with the byte offset, when a UTF-8 file turns invalid later: never U+FFFD', () => {
    const good = Buffer.from('姓名,手机\r\n'.repeat(100), 'utf8');
    const bytes = Buffer.concat([good, gbk('张三'), Buffer.from('\r\n')]);
    const stream = new TextStream({ encoding: 'utf-8', reason: 'utf-8', provisional: false });
    let error: unknown;
    try {
      decodeInChunks(bytes, 64, stream);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EncodingError);
    // Where the bytes stop making sense: the GBK lead byte may still pass as a UTF-8 lead.
    expect((error as EncodingError).offset).toBeGreaterThanOrEqual(good.length);
    expect((error as EncodingError).offset).toBeLessThanOrEqual(good.length + 1);
  });
});
