// Decoding what clients send the simulated platform: forms (UTF-8 or GB2312), the
// ensms Text64 (DES-CBC/PKCS7, key = password's first 8 bytes padded with 0, IV = key),
// BatchSms content (base64 of gzip), mms tms packs, and SOAP SendSms fields.
import { gunzipSync } from 'node:zlib';
import CryptoJS from 'crypto-js';
import { formDecode } from '../../../src/main/providers/util';
import type { GatewayRequest } from '../harness';

/** Query string and form body merged; the body wins. */
export function requestParams(req: GatewayRequest, charset: 'utf-8' | 'gb2312'): URLSearchParams {
  const out = formDecode(req.rawQuery, charset);
  const type = String(req.headers['content-type'] ?? '');
  if (req.body.length > 0 && !/xml/i.test(type)) {
    for (const [k, v] of formDecode(req.body.toString('latin1'), charset)) out.set(k, v);
  }
  return out;
}

export function desDecrypt(text64: string, password: string): string {
  const keyBytes = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(keyBytes, 0, 0, 8);
  const key = CryptoJS.enc.Hex.parse(keyBytes.toString('hex'));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text64)) throw new Error('not base64');
  const plain = CryptoJS.DES.decrypt(CryptoJS.lib.CipherParams.create({ ciphertext: CryptoJS.enc.Base64.parse(text64) }), key, {
    iv: key,
    mode: CryptoJS.mode.CBC,
    padding: CryptoJS.pad.NoPadding,
  });
  const bytes = Buffer.from(plain.toString(CryptoJS.enc.Hex), 'hex');
  // PKCS7 checked here, strictly: a wrong key leaves garbage padding.
  const n = bytes.length > 0 && bytes.length % 8 === 0 ? bytes[bytes.length - 1] : 0;
  if (n < 1 || n > 8 || !bytes.subarray(bytes.length - n).every((b) => b === n)) throw new Error('DES decryption failed');
  const text = bytes.subarray(0, bytes.length - n);
  return new TextDecoder('utf-8', { fatal: true }).decode(text);
}

export function desEncrypt(json: string, password: string): string {
  const keyBytes = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(keyBytes, 0, 0, 8);
  const key = CryptoJS.enc.Hex.parse(keyBytes.toString('hex'));
  const c = CryptoJS.DES.encrypt(CryptoJS.enc.Hex.parse(Buffer.from(json, 'utf8').toString('hex')), key, { iv: key, mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.Pkcs7 });
  return c.ciphertext.toString(CryptoJS.enc.Base64);
}

/** 1.6.2: base64 → gunzip → lines split on CRLF (empty lines, e.g. a trailing CRLF, ignored). */
export function batchLines(content: string): string[] {
  const gz = Buffer.from(content, 'base64');
  return gunzipSync(gz).toString('utf8').split('\r\n').filter((l) => l !== '');
}

/** 2.2: name, NUL, int32 size (little-endian, .NET BinaryWriter), bytes; repeated. */
export function unpackTms(pack: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let pos = 0;
  while (pos < pack.length) {
    const nul = pack.indexOf(0, pos);
    if (nul < 0 || nul + 5 > pack.length) throw new Error('bad tms header');
    const size = pack.readInt32LE(nul + 1);
    if (size < 0 || nul + 5 + size > pack.length) throw new Error('bad tms size');
    out.push({ name: pack.subarray(pos, nul).toString('utf8'), data: Buffer.from(pack.subarray(nul + 5, nul + 5 + size)) });
    pos = nul + 5 + size;
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** The text of the first element with this local name, or undefined (absent or self-closed → ''). */
export function soapField(xml: string, name: string): string | undefined {
  const self = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?/>`).exec(xml);
  const full = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`).exec(xml);
  if (full && (!self || full.index <= self.index)) return unescapeXml(full[1]);
  return self ? '' : undefined;
}
