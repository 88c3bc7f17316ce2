// 创瑞's two pushes (§3 status reports, §4 replies), both form parameters. The document
// says POST, yet its examples are query strings, so both places are read (the body wins
// for a key present in both).
//
// Verification, only where the account configures it:
//   status  name = MD5(AccessSecret + random + timestamp). The parameter table has no
//           `random` or `timestamp` although the text says the request carries them; we read
//           them as parameters of those names. With a secret set and either missing, the
//           push is refused: it cannot be told apart from a forgery.
//           pwd = the status-report password (push credential `reportPwd`).
//   replies name / pwd = the names 创瑞 configured at the user's request (push credentials
//           `moName`, `moPwd`). Push credentials are stored encrypted, as the password.
import { timingSafeEqual } from 'node:crypto';
import type { AccountConfig, PushRequest, PushResult, ReceiptIn, ReplyIn } from '../types';
import { formDecode, md5 } from '../util';
import { pushError } from './codes';

/** The document does not say what to answer; a 200 with the provider's own success code. */
export const PUSH_ANSWER: PushResult['answer'] = { status: 200, contentType: 'text/plain; charset=utf-8', body: '0' };

/** Account option keys (choice lists). */
export const OPTION = {
  sysExtLength: 'sysExtLength',
} as const;

/** The values 创瑞's pushes carry, as the user set them with 创瑞 (Capabilities.pushCredentials). */
export const PUSH_CREDENTIAL = {
  reportPwd: 'reportPwd',
  moName: 'moName',
  moPwd: 'moPwd',
} as const;

/** A reply with both halves of the extension exposed (§4: system ext + custom ext). */
export interface ChuangruiReplyIn extends ReplyIn {
  /** The extension as pushed: system part followed by the custom part. */
  fullExtno: string;
  /** The system part, when the account says how long it is. */
  systemExtno?: string;
  /** The custom part (our `extno` at sending), when the account says how long the system part is. */
  customExtno?: string;
}

const ITEM_SEP = '#@@#';
const FIELD_SEP = '#@#';
const MOBILE = /^\+?\d{5,20}$/;
const TIME = /^\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{1,2}(:\d{1,2})?$/;

export function pushParams(req: PushRequest): URLSearchParams {
  const merged = new URLSearchParams(req.query);
  const body = req.body.toString('utf8').trim();
  if (body === '') return merged;
  const form = formDecode(body, 'utf-8');
  for (const key of new Set(form.keys())) {
    merged.delete(key);
    for (const v of form.getAll(key)) merged.append(key, v);
  }
  return merged;
}

/** Constant-time comparison, so a forger cannot learn the secret byte by byte. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function configured(account: AccountConfig, key: string): string | undefined {
  const v = account.pushCredentials?.[key];
  return v === undefined || v === '' ? undefined : v;
}

function verifyStatus(p: URLSearchParams, account: AccountConfig): void {
  if (account.secret) {
    const random = p.get('random');
    const timestamp = p.get('timestamp');
    const name = p.get('name') ?? '';
    if (!random || !timestamp) {
      throw pushError(
        '状态报告缺少 random 或 timestamp，无法用 AccessSecret 校验，已拒收。如创瑞不发送这两个参数，请在账户中清空 AccessSecret。',
        'Status report without random or timestamp cannot be verified with the AccessSecret; refused. If 创瑞 does not send them, clear the AccessSecret in the account.',
      );
    }
    // The document does not fix the digest's case: compare case-insensitively.
    if (!same(name.toLowerCase(), md5(account.secret + random + timestamp, 'lower'))) {
      throw pushError('状态报告的 name 校验失败（可能是伪造的推送），已拒收。', 'Status report name does not verify (possibly forged); refused.');
    }
  }
  const pwd = configured(account, PUSH_CREDENTIAL.reportPwd);
  if (pwd !== undefined && !same(p.get('pwd') ?? '', pwd)) {
    throw pushError('状态报告的 pwd 不正确（可能是伪造的推送），已拒收。', 'Status report pwd is wrong (possibly forged); refused.');
  }
}

function verifyReply(p: URLSearchParams, account: AccountConfig): void {
  const name = configured(account, PUSH_CREDENTIAL.moName);
  const pwd = configured(account, PUSH_CREDENTIAL.moPwd);
  if ((name !== undefined && !same(p.get('name') ?? '', name)) || (pwd !== undefined && !same(p.get('pwd') ?? '', pwd))) {
    throw pushError('上行推送的 name 或 pwd 不正确（可能是伪造的推送），已拒收。', 'Reply push name or pwd is wrong (possibly forged); refused.');
  }
}

function mobiles(list: string): string[] {
  const out = list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  if (out.length === 0 || !out.every((m) => MOBILE.test(m))) {
    throw pushError('状态报告的 mobile 不是手机号列表，已拒收。', 'Status report mobile is not a list of numbers; refused.');
  }
  return out;
}

/** §3.2: only DELIVRD is a delivery; every other state (EXPIRED, UNDELIV, UNKNOWN, REJECTD, DTBLACK, ERR:104, REJECT, gateway codes) is a failure, kept verbatim. */
export function isDelivered(state: string): boolean {
  return state === 'DELIVRD';
}

function parseStatus(p: URLSearchParams): ReceiptIn[] {
  const sendid = (p.get('sendid') ?? '').trim();
  const state = (p.get('state') ?? '').trim();
  if (sendid === '' || state === '') {
    throw pushError('状态报告缺少 sendid 或 state，已拒收。', 'Status report without sendid or state; refused.');
  }
  // §3.1: with several numbers the time is the first number's; it is the only time given.
  const time = p.get('time')?.trim() || undefined;
  return mobiles(p.get('mobile') ?? '').map((mobile) => ({
    mobile,
    providerBatchId: sendid,
    status: state,
    delivered: isDelivered(state),
    reportedAt: time,
  }));
}

/** Splits `system + custom` by the system part's length (§4 advises cutting by length). */
export function splitExtno(full: string, systemLength: number | null): Pick<ChuangruiReplyIn, 'systemExtno' | 'customExtno'> {
  if (systemLength === null) return {};
  return { systemExtno: full.slice(0, systemLength), customExtno: full.slice(systemLength) };
}

export function systemExtLength(account: AccountConfig): number | null {
  const v = account.options[OPTION.sysExtLength];
  return v !== undefined && /^\d{1,2}$/.test(v) ? Number(v) : null;
}

/**
 * One `mobile#@#content#@#time#@#ext` item. The extension may be empty, and perhaps left
 * out with its separator; the content is whatever lies between the mobile and the time.
 */
function parseItem(item: string, sysLen: number | null): ChuangruiReplyIn {
  const parts = item.split(FIELD_SEP);
  if (parts.length < 3) {
    throw pushError('上行推送的 args 格式不对，已拒收。', 'Reply push args are not in the documented format; refused.');
  }
  const hasExt = parts.length >= 4 && !TIME.test(parts[parts.length - 1].trim());
  const ext = hasExt ? parts[parts.length - 1].trim() : '';
  const time = parts[parts.length - (hasExt ? 2 : 1)].trim();
  const mobile = parts[0].trim();
  const text = parts.slice(1, parts.length - (hasExt ? 2 : 1)).join(FIELD_SEP);
  if (!MOBILE.test(mobile) || !TIME.test(time) || !/^\d*$/.test(ext)) {
    throw pushError('上行推送的 args 格式不对，已拒收。', 'Reply push args are not in the documented format; refused.');
  }
  const split = splitExtno(ext, sysLen);
  const extno = sysLen === null ? ext : split.customExtno;
  return { mobile, text, repliedAt: time, extno: extno || undefined, fullExtno: ext, ...split };
}

function parseReplies(args: string, sysLen: number | null): ChuangruiReplyIn[] {
  return args
    .split(ITEM_SEP)
    .filter((i) => i.trim() !== '')
    .map((i) => parseItem(i, sysLen));
}

export function parsePush(req: PushRequest, account: AccountConfig): PushResult {
  const p = pushParams(req);
  if (p.has('args')) {
    verifyReply(p, account);
    const replies = parseReplies(p.get('args') ?? '', systemExtLength(account));
    if (replies.length === 0) throw pushError('上行推送没有内容，已拒收。', 'Reply push without any reply; refused.');
    return { receipts: [], replies, answer: PUSH_ANSWER };
  }
  if (p.has('sendid') && p.has('state') && p.has('mobile')) {
    verifyStatus(p, account);
    return { receipts: parseStatus(p), replies: [], answer: PUSH_ANSWER };
  }
  throw pushError('这不是创瑞的状态报告或上行推送，已拒收。', 'This is neither a 创瑞 status report nor a reply push; refused.');
}
