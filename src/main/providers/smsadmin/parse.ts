// Reading smsadmin's query answers (balance, sensitive words, pulled reports and
// replies) and its pushes. All arrive in GB2312; callers hand us decoded text.
import { ProviderError, info, unparseable } from '../errors';
import { decodeText, percentDecode } from '../util';
import type { Balance, PullPage, PushRequest, PushResult, ReceiptIn, ReplyIn } from '../types';
import { PULL_LIMITS, type ReplyFormat } from './capabilities';
import { checkQueryError } from './errors';

const PROVIDER = 'smsadmin';

/** 8.: "160" — 当前账户无可获取的状态报告. */
export const NO_REPORTS = '160';
/** 7.: "150" — 当前账户无可获取的用户上行信息. */
export const NO_REPLIES = '150';

/** The status a delivered message reports; every other status is a failure (see the doc). */
export const DELIVERED = 'DELIVRD';

export function isDelivered(status: string): boolean {
  return status.trim().toUpperCase() === DELIVERED;
}

/** 5.: "用户ID=uid 剩余资费=XXX". */
export function parseBalance(body: string): Balance {
  checkQueryError(body);
  const m = /剩余资费\s*[=＝:：]\s*(-?\d+(?:\.\d+)?)/u.exec(body);
  if (!m) throw unparseable(PROVIDER, body);
  return { unit: 'money', amount: Number(m[1]), raw: body.trim() };
}

/** 6.: "敏感字:敏感字1;敏感字2;" → the words; "不含敏感字" → []. */
export function parseSensitiveWords(body: string): string[] {
  checkQueryError(body);
  const trimmed = body.trim();
  if (trimmed.startsWith('不含敏感字')) return [];
  const m = /^敏感字\s*[:：]([\s\S]*)$/u.exec(trimmed);
  if (!m) throw unparseable(PROVIDER, body);
  return m[1]
    .split(/[;；]/u)
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

/** A pulled line begins with a mobile number and '/'. */
const LINE_START = /^\s*\+?\d{5,}\//;

function isEmptyAnswer(body: string, code: string): boolean {
  return body.trim() === code;
}

/**
 * 8.: "手机号/日期/流水号/状态值/子码" per line. The status and the fields after the date never
 * contain '/', so fields are taken from both ends and a date written with '/' still reads.
 */
export function parseReportLine(line: string): ReceiptIn | null {
  const f = line.trim().split('/');
  if (f.length < 5) return null;
  const n = f.length;
  const mobile = f[0].trim();
  const status = f[n - 2].trim();
  if (!/^\+?\d+$/.test(mobile) || status === '') return null;
  return {
    mobile,
    status,
    delivered: isDelivered(status),
    ...optional('reportedAt', f.slice(1, n - 3).join('/').trim()),
    ...optional('providerBatchId', f[n - 3].trim()),
    ...optional('extno', f[n - 1].trim()),
  };
}

/** A date at the start of the middle part, then the linkid, then the content (which may hold '/'). */
const DATE_LINKID_CONTENT = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2})?)?)\/([^/]*)\/([\s\S]*)$/u;

/**
 * 7.: "手机号/日期/流水号/回复内容/子码". The plain format does not escape the content, so the
 * mobile is taken from the start, the subcode from the end, and the date by its shape.
 */
export function parseReplyLine(line: string, format: ReplyFormat): ReplyIn | null {
  const first = line.indexOf('/');
  const last = line.lastIndexOf('/');
  if (first < 0 || last <= first) return null;
  const mobile = line.slice(0, first).trim();
  if (!/^\+?\d+$/.test(mobile)) return null;
  const middle = line.slice(first + 1, last);
  let parts = DATE_LINKID_CONTENT.exec(middle)?.slice(1);
  if (!parts) {
    const f = middle.split('/');
    if (f.length < 3) return null;
    parts = [f[0], f[1], f.slice(2).join('/')];
  }
  const [date, linkid, content] = parts;
  return {
    mobile,
    text: format === 'urlencode' ? percentDecode(content, 'gb2312') : content,
    ...optional('repliedAt', date.trim()),
    ...optional('providerBatchId', linkid.trim()),
    ...optional('extno', line.slice(last + 1).trim()),
  };
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Lines of a pull answer. In the plain reply format a reply containing a line break
 * spans lines: a line not starting with "mobile/" continues the previous one.
 */
function dataLines(body: string, joinContinuations: boolean): string[] {
  const lines: string[] = [];
  for (const raw of body.replace(/(\r?\n)+$/, '').split(/\r?\n/)) {
    if (joinContinuations && lines.length > 0 && !LINE_START.test(raw)) lines[lines.length - 1] += '\n' + raw;
    else if (raw.trim() !== '') lines.push(raw);
  }
  return lines.filter((l) => l.trim() !== '');
}

/**
 * A pulled page. Items are gone from the server once fetched, so a line we cannot read is
 * skipped rather than failing the page (failing would lose the readable ones too); a body
 * in which no line reads is unparseable.
 */
function parsePage<T>(body: string, empty: string, lines: string[], parse: (line: string) => T | null): PullPage<T> {
  if (isEmptyAnswer(body, empty)) return { items: [], more: false };
  checkQueryError(body);
  const items = lines.map(parse).filter((x): x is T => x !== null);
  if (items.length === 0) throw unparseable(PROVIDER, body);
  return { items, more: lines.length >= PULL_LIMITS.maxPerCall };
}

export function parseReportPage(body: string): PullPage<ReceiptIn> {
  return parsePage(body, NO_REPORTS, dataLines(body, false), parseReportLine);
}

export function parseReplyPage(body: string, format: ReplyFormat): PullPage<ReplyIn> {
  return parsePage(body, NO_REPLIES, dataLines(body, format === 'plain'), (line) => parseReplyLine(line, format));
}

/** What we answer a push: the document names no answer; the platform's own "0" success code. */
export const PUSH_ANSWER: PushResult['answer'] = { status: 200, contentType: 'text/plain; charset=gb2312', body: '0' };

/**
 * Form fields of a body whose escapes (or raw bytes) are GB2312. Works on bytes, so a
 * body carrying unescaped GB2312 reads too (util.formDecode expects ASCII input).
 */
export function decodeGbForm(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of splitBytes(body, 0x26 /* & */)) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf(0x3d /* = */);
    const key = eq < 0 ? pair : pair.subarray(0, eq);
    const value = eq < 0 ? Buffer.alloc(0) : pair.subarray(eq + 1);
    fields.set(unescapeBytes(key).trim().toLowerCase(), unescapeBytes(value));
  }
  return fields;
}

function splitBytes(buf: Buffer, sep: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === sep) {
      out.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

function unescapeBytes(part: Buffer): string {
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const hex = part.subarray(i + 1, i + 3).toString('latin1');
    if (part[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(part[i] === 0x2b ? 0x20 : part[i]);
  }
  return decodeText(Buffer.from(bytes), 'gb2312');
}

/** Push fields from the body (the document says POST) and the query (its examples show one); the body wins. */
function pushFields(request: PushRequest): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [k, v] of request.query) fields.set(k.trim().toLowerCase(), v);
  for (const [k, v] of decodeGbForm(request.body)) fields.set(k, v);
  return fields;
}

function notOurPush(why: string): ProviderError {
  return new ProviderError(
    PROVIDER,
    '',
    why,
    info('request', '收到的推送不是通用短信平台的格式，已忽略。', 'The push received is not in the smsadmin format; ignored.'),
  );
}

/** 9. Class=mo and 10. Class=rpt. */
export function parsePushRequest(request: PushRequest): PushResult {
  const f = pushFields(request);
  const cls = (f.get('class') ?? '').trim().toLowerCase();
  const mobile = (f.get('mobile') ?? '').trim();
  if (mobile === '') throw notOurPush('push without Mobile');
  const linkid = (f.get('linkid') ?? '').trim();
  if (cls === 'rpt') {
    const status = (f.get('report') ?? '').trim();
    if (status === '') throw notOurPush('Class=rpt without Report');
    const receipt: ReceiptIn = {
      mobile,
      status,
      delivered: isDelivered(status),
      ...optional('providerBatchId', linkid),
      ...optional('reportedAt', (f.get('reporttime') ?? '').trim()),
    };
    return { receipts: [receipt], replies: [], answer: PUSH_ANSWER };
  }
  if (cls === 'mo') {
    const reply: ReplyIn = {
      mobile,
      text: f.get('message') ?? '',
      ...optional('providerBatchId', linkid),
      ...optional('repliedAt', (f.get('reverttime') ?? '').trim()),
    };
    return { receipts: [], replies: [reply], answer: PUSH_ANSWER };
  }
  throw notOurPush(`unknown Class=${cls.slice(0, 20)}`);
}
