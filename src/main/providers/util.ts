// Small pieces every driver needs, so that no driver writes its own: digests in the
// case a document fixes, form encoding in the document's charset, Beijing time
// whatever the PC's timezone, and the grouping helpers the planners share.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import type { OutboundMessage, Submission } from './types';

export type Charset = 'utf-8' | 'gb2312' | 'gbk';

/** MD5 hex digest of a UTF-8 string, in the case the document requires. */
export function md5(text: string, letterCase: 'upper' | 'lower'): string {
  const hex = createHash('md5').update(text, 'utf8').digest('hex');
  return letterCase === 'upper' ? hex.toUpperCase() : hex;
}

export function encodeText(text: string, charset: Charset): Buffer {
  return charset === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset === 'gb2312' ? 'gbk' : charset);
}

export function decodeText(body: Buffer, charset: Charset): string {
  return charset === 'utf-8' ? body.toString('utf8') : iconv.decode(body, 'gb18030');
}

/**
 * What is known of each code point in GBK, found as texts use them: 'yes' or 'no' (it
 * survives or not, the same wherever it stands), or 'whole' (its bytes depend on its
 * neighbours, as iconv-lite's four-byte GB18030 ranges do: a text holding one is checked whole).
 */
const GBK_KNOWN = new Map<number, 'yes' | 'no' | 'whole'>();

function roundTrips(text: string): boolean {
  return decodeText(encodeText(text, 'gbk'), 'gbk') === text;
}

function gbkVerdict(ch: string): 'yes' | 'no' | 'whole' {
  const alone = encodeText(ch, 'gbk');
  const between = encodeText('a' + ch + 'a', 'gbk');
  const sameBytes = between.length === alone.length + 2 && between.subarray(1, -1).equals(alone);
  if (!sameBytes) return 'whole';
  return roundTrips(ch) && roundTrips('a' + ch + 'a') ? 'yes' : 'no';
}

/**
 * Whether the text survives encoding in GBK (GB2312 is sent as GBK) unchanged: a
 * character it cannot carry would arrive as '?'. GBK maps most code points to bytes of
 * their own, so the text survives when each of them does: each is looked up once, not
 * every text encoded and decoded again (a Buffer and two passes per message).
 */
export function travelsInGbk(text: string): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) continue;
    let verdict = GBK_KNOWN.get(cp);
    if (verdict === undefined) GBK_KNOWN.set(cp, (verdict = gbkVerdict(ch)));
    if (verdict === 'no') return false;
    if (verdict === 'whole') return roundTrips(text);
  }
  return true;
}

/** Each byte as it travels percent-encoded: RFC 3986 unreserved characters kept, the rest %XX. */
const PERCENT_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const c = String.fromCharCode(byte);
  return /[A-Za-z0-9\-_.~]/.test(c) ? c : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
});

/** Percent-encodes a value's bytes in the given charset (RFC 3986 unreserved kept, space as %20). */
export function percentEncode(value: string, charset: Charset): string {
  if (charset === 'utf-8') return encodeURIComponent(value);
  // By table: a request of a thousand GB2312 messages is ~100 KB of bytes, each of which
  // used to cost a string and a regular-expression test.
  const bytes = encodeText(value, charset);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += PERCENT_BYTE[bytes[i]];
  return out;
}

/** application/x-www-form-urlencoded body or query string in the given charset; undefined values are left out. */
export function formEncode(params: Record<string, string | undefined>, charset: Charset): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${percentEncode(k, charset)}=${percentEncode(v, charset)}`)
    .join('&');
}

/** Parses a form body or query string whose percent-escapes are bytes in `charset`. */
export function formDecode(text: string, charset: Charset): URLSearchParams {
  const out = new URLSearchParams();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    out.append(percentDecode(k, charset), percentDecode(v, charset));
  }
  return out;
}

export function percentDecode(value: string, charset: Charset): string {
  const bytes: number[] = [];
  const raw = value.replace(/\+/g, ' ');
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return decodeText(Buffer.from(bytes), charset);
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * Formats a moment in Beijing time (UTC+8, no daylight saving) whatever the PC's zone.
 * Pattern letters: yyyy MM dd HH mm ss SSS.
 */
export function beijingTime(date: Date, pattern: string): string {
  const d = new Date(date.getTime() + BEIJING_OFFSET_MS);
  const two = (n: number): string => String(n).padStart(2, '0');
  return pattern
    .replace('yyyy', String(d.getUTCFullYear()))
    .replace('MM', two(d.getUTCMonth() + 1))
    .replace('dd', two(d.getUTCDate()))
    .replace('HH', two(d.getUTCHours()))
    .replace('mm', two(d.getUTCMinutes()))
    .replace('ss', two(d.getUTCSeconds()))
    .replace('SSS', String(d.getUTCMilliseconds()).padStart(3, '0'));
}

/** The largest value, by a loop: spreading a million values into Math.max overflows the stack. */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Messages grouped by identical text, in first-seen order. */
export function groupByText(messages: readonly OutboundMessage[]): OutboundMessage[][] {
  const groups = new Map<string, OutboundMessage[]>();
  for (const m of messages) {
    const g = groups.get(m.text);
    if (g) g.push(m);
    else groups.set(m.text, [m]);
  }
  return [...groups.values()];
}

/** One request per distinct text, each split at `maxMobiles`: the minimum without a personalised form. */
export function planSameText(messages: readonly OutboundMessage[], maxMobiles: number, form: string): Submission[] {
  return groupByText(messages).flatMap((group) => chunk(group, maxMobiles).map((part) => ({ form, messages: part })));
}

/** Joins a base URL the user may have typed with or without a trailing slash, and a documented path. */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
