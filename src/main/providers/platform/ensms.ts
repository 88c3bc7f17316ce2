// ensms.ashx (1.5 加密传输): a JSON payload, UTF-8 bytes, single DES CBC/PKCS7 with
// key = first 8 bytes of the password right-padded with 0 and IV = key, base64.
// Single DES is not in Node's default OpenSSL 3 provider (it sits in "legacy"), so the
// pure-JS crypto-js does it, identically in Node and Electron.
import CryptoJS from 'crypto-js';
import { md5 } from '../util';

export interface EnsmsFields {
  username: string;
  /** The plain password: Secret and the DES key are derived from it, it is never sent. */
  password: string;
  /** MMddHHmmss, Beijing time. */
  stamp: string;
  mobiles: string[];
  text: string;
  ext: string;
  /** yyyy-MM-dd HH:mm:ss or ''. */
  sendTime: string;
}

/** Secret = MD5(password + stamp), 32 hex, upper case. */
export function ensmsSecret(password: string, stamp: string): string {
  return md5(password + stamp, 'upper');
}

/**
 * The JSON string, keys in the document's example order. "Moblie" is the document's
 * spelling, kept: it is the key the server reads.
 */
export function ensmsJson(f: EnsmsFields): string {
  return JSON.stringify({
    UserName: f.username,
    Secret: ensmsSecret(f.password, f.stamp),
    Stamp: f.stamp,
    Moblie: f.mobiles.join(','),
    Text: f.text,
    Ext: f.ext,
    SendTime: f.sendTime,
  });
}

function words(bytes: Buffer): CryptoJS.lib.WordArray {
  return CryptoJS.enc.Hex.parse(bytes.toString('hex'));
}

/** The password's UTF-8 bytes, first 8, right-padded with 0x00. */
export function desKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 8);
  return key;
}

/** Text64 = base64(DES-CBC-PKCS7(utf8(json), key, iv = key)). */
export function text64(json: string, password: string): string {
  const key = words(desKey(password));
  const cipher = CryptoJS.DES.encrypt(words(Buffer.from(json, 'utf8')), key, {
    iv: key,
    mode: CryptoJS.mode.CBC,
    padding: CryptoJS.pad.Pkcs7,
  });
  return CryptoJS.enc.Base64.stringify(cipher.ciphertext);
}
