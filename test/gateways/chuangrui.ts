// A simulated 创瑞 gateway, written from the document (not from the driver): one URL for
// sending (type=pt) and the balance (type=balance), parameters read from the form body
// or the query string (the document says POST, its examples are GET), UTF-8 checked, the
// one-line CSV answer, and the pushes 创瑞 would make (status reports, replies).
//
// Choices where the document is silent (same readings as docs/providers/chuangrui.md):
// - a wrong password answers 10 (账号不存在): the table has no other code for it;
// - a balance too low answers `2,余额不足`: the table has no balance error, and
//   integrations of this API read 2 that way (the document gives 2 as 含有敏感词汇 too);
// - the balance answer is `0,<count>`; billing is per part of 【sign】content
//   (70 characters one part, 67 per part beyond), per accepted number;
// - invalid numbers (not 1[3-9]xxxxxxxxx) count in invalidcount, blacklisted ones in
//   blackcount, neither is billed nor accepted; no number at all answers 3;
// - status pushes carry `random` and `timestamp` parameters, name = md5(secret+random+timestamp)
//   in lower case when an AccessSecret is set, else the configured plain name.
import { createHash } from 'node:crypto';
import type { PushRequest } from '../../src/main/providers/types';
import { startGateway, type AcceptedMessage, type GatewayReply, type GatewayRequest, type PushDelivery, type SimulatedGateway } from './harness';

export interface ChuangruiGatewayOptions {
  name?: string;
  pwd?: string;
  balance?: number;
  blacklist?: string[];
  sensitiveWords?: string[];
  accountState?: AccountState;
  ipAllowed?: boolean;
  /** AccessSecret: status pushes are signed with it. */
  accessSecret?: string;
  /** The status push's plain `name` when no AccessSecret is set (the §3.3 example has "admin"). */
  reportName?: string;
  reportPwd?: string;
  moName?: string;
  moPwd?: string;
  /** The system extension 创瑞 assigned (§4 example: 008). */
  systemExtno?: string;
  /** The §1.7.2 example has a space after the first comma. Default true. */
  spaceAfterCode?: boolean;
  successMsg?: string;
  /** POST form body (§3: "POST方式推送") or GET query string (the examples). Default POST. */
  pushMethod?: 'POST' | 'GET';
}

export type AccountState = 'active' | 'cancelled' | 'suspended';

/** One accepted send request, with what a test may want to check. */
export interface ChuangruiSubmission {
  sendid: string;
  content: string;
  sign: string;
  mobiles: string[];
  stime: string;
  extno: string;
  invalid: number;
  black: number;
  parts: number;
  /** 'form' when the parameters came in a POST body, 'query' otherwise. */
  via: 'form' | 'query';
}

export interface ReplyItem {
  mobile: string;
  text: string;
  extno?: string;
  time?: string;
}

export interface ChuangruiGateway extends SimulatedGateway {
  /** Mutable settings, read at each request. */
  settings: Required<Omit<ChuangruiGatewayOptions, 'balance' | 'blacklist' | 'sensitiveWords'>> & {
    blacklist: Set<string>;
    sensitiveWords: string[];
  };
  /** Answers forced on the next send/balance requests, one each, without processing: `{code:'13'}`. */
  forced: { code: string; msg?: string }[];
  submissions: ChuangruiSubmission[];
  /** Status pushes with any §3.2 state (DTBLACK, ERR:104, a gateway code...). */
  reportStates(messages: AcceptedMessage[], state: string, time?: string): PushDelivery[];
  /** Several replies in one push, joined by #@@#. */
  replyBatch(items: ReplyItem[]): PushDelivery[];
}

/** The documented texts (§1.7.3), for answers. */
export const MESSAGES: Record<string, string> = {
  '0': '提交成功',
  '1': '含有敏感词汇',
  '2': '含有敏感词汇',
  '3': '没有号码',
  '4': '包含sql语句',
  '10': '账号不存在',
  '11': '账号注销',
  '12': '账号停用',
  '13': 'IP鉴权失败',
  '14': '格式错误',
  '-1': '系统异常',
};

const MOBILE = /^1[3-9]\d{9}$/;
const STIME = /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}$/;
const SQL = /\b(select|insert|update|delete|drop|truncate|exec)\b[\s\S]*\b(from|into|table|set|where)\b/i;

function beijing(date: Date): { stamp: string; compact: string } {
  const d = new Date(date.getTime() + 8 * 3600_000).toISOString(); // 2024-01-02T03:04:05.678Z
  return { stamp: `${d.slice(0, 10)} ${d.slice(11, 19)}`, compact: d.slice(0, 23).replace(/\D/g, '') };
}

/** Strict UTF-8 form decoding of a latin1 string of bytes: null when they are not UTF-8 (the document fixes UTF-8). */
function decodeForm(text: string): URLSearchParams | null {
  const out = new URLSearchParams();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const decode = (s: string): string => {
    const bytes: number[] = [];
    const raw = s.replace(/\+/g, ' ');
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
        bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(raw.charCodeAt(i) & 0xff); // the text holds bytes (latin1), as node hands them over
    }
    return utf8.decode(Uint8Array.from(bytes));
  };
  try {
    for (const pair of text.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      out.append(decode(eq < 0 ? pair : pair.slice(0, eq)), decode(eq < 0 ? '' : pair.slice(eq + 1)));
    }
  } catch {
    return null;
  }
  return out;
}

function encodeForm(params: [string, string][]): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Parts billed for one recipient: 70 characters one part, 67 per part beyond, counted in
 * UCS-2 units as carriers do (an emoji counts 2), like src/shared/segments.ts.
 */
export function billedParts(text: string): number {
  const n = text.length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

/** Turns a push 创瑞 would make into what our receiver hands the driver. */
export function asPushRequest(d: PushDelivery): PushRequest {
  return { method: d.method, query: new URLSearchParams(d.query), headers: { 'content-type': d.contentType }, body: d.body };
}

export async function startChuangruiGateway(opts: ChuangruiGatewayOptions = {}): Promise<ChuangruiGateway> {
  const settings: ChuangruiGateway['settings'] = {
    name: opts.name ?? 'test',
    pwd: opts.pwd ?? 'testpwd',
    accountState: opts.accountState ?? 'active',
    ipAllowed: opts.ipAllowed ?? true,
    accessSecret: opts.accessSecret ?? '',
    reportName: opts.reportName ?? '',
    reportPwd: opts.reportPwd ?? '',
    moName: opts.moName ?? '',
    moPwd: opts.moPwd ?? '',
    systemExtno: opts.systemExtno ?? '008',
    spaceAfterCode: opts.spaceAfterCode ?? true,
    successMsg: opts.successMsg ?? MESSAGES['0'],
    pushMethod: opts.pushMethod ?? 'POST',
    blacklist: new Set(opts.blacklist ?? []),
    sensitiveWords: opts.sensitiveWords ?? [],
  };
  const forced: ChuangruiGateway['forced'] = [];
  const submissions: ChuangruiSubmission[] = [];
  const accepted: AcceptedMessage[] = [];
  const state = { balance: opts.balance ?? 10_000, serial: 0 };

  const answer = (code: string, msg = MESSAGES[code] ?? ''): GatewayReply => ({ body: `${code},${msg}` });

  function readParams(req: GatewayRequest): { p: URLSearchParams; via: 'form' | 'query' } | null {
    const query = decodeForm(req.rawQuery);
    const isForm = req.method === 'POST' && /application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    const body = isForm ? decodeForm(req.body.toString('latin1')) : new URLSearchParams();
    if (query === null || body === null) return null;
    // Like an ASP.NET Request[...]: the form first, then the query string.
    for (const [k, v] of query) if (!body.has(k)) body.append(k, v);
    return { p: body, via: isForm && req.body.length > 0 ? 'form' : 'query' };
  }

  function authError(p: URLSearchParams): GatewayReply | null {
    if (p.get('name') !== settings.name || p.get('pwd') !== settings.pwd) return answer('10');
    if (settings.accountState === 'cancelled') return answer('11');
    if (settings.accountState === 'suspended') return answer('12');
    if (!settings.ipAllowed) return answer('13');
    return null;
  }

  function nextSendid(): string {
    state.serial += 1;
    return beijing(new Date()).compact + String(state.serial).padStart(9, '0');
  }

  function send(p: URLSearchParams, via: 'form' | 'query'): GatewayReply {
    const content = p.get('content') ?? '';
    const sign = (p.get('sign') ?? '').trim();
    const stime = p.get('stime') ?? '';
    const extno = p.get('extno') ?? '';
    if (content === '' || content.length > 500 || sign === '') return answer('14');
    if (!/^\d*$/.test(extno) || (stime !== '' && !STIME.test(stime))) return answer('14');
    const numbers = (p.get('mobile') ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== '');
    if (numbers.length === 0) return answer('3');
    if (SQL.test(content)) return answer('4');
    if (settings.sensitiveWords.some((w) => content.includes(w))) return answer('1');
    const invalid = numbers.filter((m) => !MOBILE.test(m));
    const black = numbers.filter((m) => MOBILE.test(m) && settings.blacklist.has(m));
    const ok = numbers.filter((m) => MOBILE.test(m) && !settings.blacklist.has(m));
    const text = `【${sign}】${content}`;
    const parts = billedParts(text);
    if (ok.length * parts > state.balance) return answer('2', '余额不足');
    state.balance -= ok.length * parts;
    const sendid = nextSendid();
    for (const mobile of ok) accepted.push({ mobile, text, batchId: sendid, extno: extno || undefined });
    submissions.push({ sendid, content, sign, mobiles: numbers, stime, extno, invalid: invalid.length, black: black.length, parts, via });
    const sp = settings.spaceAfterCode ? ' ' : '';
    return { body: `0,${sp}${sendid},${invalid.length},${ok.length},${black.length},${settings.successMsg}` };
  }

  const base = await startGateway((req) => {
    const read = readParams(req);
    if (read === null) return answer('14');
    const type = read.p.get('type');
    if (type !== 'pt' && type !== 'balance') return answer('14');
    const force = forced.shift();
    if (force) return answer(force.code, force.msg);
    const refused = authError(read.p);
    if (refused) return refused;
    return type === 'balance' ? { body: `0,${state.balance}` } : send(read.p, read.via);
  });

  function delivery(params: [string, string][]): PushDelivery {
    const encoded = encodeForm(params);
    return settings.pushMethod === 'GET'
      ? { method: 'GET', query: encoded, contentType: '', body: Buffer.alloc(0) }
      : { method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(encoded, 'utf8') };
  }

  function statusName(random: string, timestamp: string): string {
    if (!settings.accessSecret) return settings.reportName;
    return createHash('md5').update(settings.accessSecret + random + timestamp, 'utf8').digest('hex');
  }

  function reportStates(messages: AcceptedMessage[], stateText: string, time = beijing(new Date()).stamp): PushDelivery[] {
    const byBatch = new Map<string, string[]>();
    for (const m of messages) byBatch.set(m.batchId, [...(byBatch.get(m.batchId) ?? []), m.mobile]);
    return [...byBatch].map(([sendid, mobiles]) => {
      const random = String(100000 + Math.floor(Math.random() * 900000));
      const timestamp = String(Math.floor(Date.now() / 1000));
      return delivery([
        ['name', statusName(random, timestamp)],
        ['pwd', settings.reportPwd],
        ['sendid', sendid],
        ['time', time],
        ['mobile', mobiles.join(',')],
        ['state', stateText],
        ['random', random],
        ['timestamp', timestamp],
      ]);
    });
  }

  function replyBatch(items: ReplyItem[]): PushDelivery[] {
    const now = beijing(new Date()).stamp;
    const args = items.map((i) => [i.mobile, i.text, i.time ?? now, settings.systemExtno + (i.extno ?? '')].join('#@#')).join('#@@#');
    return [delivery([['name', settings.moName], ['pwd', settings.moPwd], ['args', args]])];
  }

  const gateway: ChuangruiGateway = {
    url: base.url,
    port: base.port,
    requests: base.requests,
    faults: base.faults,
    close: base.close,
    settings,
    forced,
    submissions,
    accepted,
    get balance(): number {
      return state.balance;
    },
    set balance(v: number) {
      state.balance = v;
    },
    reportDelivery: (messages, outcome) => reportStates(messages, outcome === 'delivered' ? 'DELIVRD' : 'UNDELIV'),
    reply: (mobile, text, extno) => replyBatch([{ mobile, text, extno }]),
    reportStates,
    replyBatch,
  };
  return gateway;
}
