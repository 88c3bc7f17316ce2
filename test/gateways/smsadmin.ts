// Simulated smsadmin (通用短信平台) gateway, written from its HTTP document 1.0.5, not
// from our driver: the documented paths under /smsmarketing/wwwroot/api/, GB2312 in
// and out (UTF-8 sent by mistake comes out garbled, as on the real server), plain or
// md5-lower passwords per endpoint, the _urldecode endpoints url-decoding their
// documented fields once more, 100 numbers per GET and 1000 per POST / 点点通 group
// (code 3), the channel's length limit (code 7), balance per billed part (code 2),
// duplicate numbers removed (1.0.3), malformed 点点通 groups silently filtered, pull
// queues drained 20 per call (150 / 160 when empty) and the two push formats.
//
// Things the document does not answer for (a reused linkid, a trailing ';', unknown
// parameter names...) are accepted as a lenient server would, and noted in
// `violations` so that tests can insist there are none.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import {
  startGateway,
  type AcceptedMessage,
  type GatewayReply,
  type GatewayRequest,
  type PushDelivery,
  type SimulatedGateway,
} from './harness';

export const API_PATH = '/smsmarketing/wwwroot/api/';

export interface SmsadminGatewayOptions {
  uid?: string;
  password?: string;
  /** 剩余资费. */
  balance?: number;
  /** Fee per billed part (70 chars one part, 67 per part beyond). */
  pricePerPart?: number;
  /** The channel's limit reported by answer 7 (超过 XX 个字). */
  maxChars?: number;
  /** false → 4 此用户不允许发送. */
  sendAllowed?: boolean;
  /** true → 8 用户已冻结. */
  frozen?: boolean;
  sensitiveWords?: string[];
  /** Reports and replies queued for the pull endpoints, or returned as push requests. */
  delivery?: 'pull' | 'push';
  /** Push parameters in a form body (the document says POST) or in the query string (its examples). */
  pushStyle?: 'form' | 'query';
}

type Settings = Required<Omit<SmsadminGatewayOptions, 'balance'>>;

export interface ReportLine {
  mobile: string;
  date: string;
  linkid: string;
  status: string;
  subcode: string;
}

export interface ReplyLine {
  mobile: string;
  date: string;
  linkid: string;
  text: string;
  subcode: string;
}

/** One accepted send request. */
export interface SubmissionRecord {
  endpoint: string;
  linkid: string;
  dtime: string;
  /** After duplicates were removed and malformed 点点通 groups filtered. */
  mobiles: string[];
  /** The text each of those mobiles gets. */
  texts: string[];
  /** The 点点通 template, as url-decoded. */
  template?: string;
}

export interface SmsadminGateway extends SimulatedGateway {
  settings: Settings;
  submissions: SubmissionRecord[];
  /** Protocol slips the document gives no answer for; a correct driver leaves this empty. */
  violations: string[];
  /** 点点通 groups dropped as 格式不符. */
  filtered: string[];
  /** Numbers removed as duplicates within one request. */
  duplicatesRemoved: string[];
  /** Pending pull queues (oldest first). */
  reportQueue: ReportLine[];
  replyQueue: ReplyLine[];
  /** The next send request (any send endpoint) gets this code instead of being processed. */
  failNext(code: number, text?: string): void;
  /** Like reportDelivery with any status (UNDELIV, EXPIRED, MK:0001…). */
  reportStatus(messages: AcceptedMessage[], status: string): PushDelivery[];
  /** The push request for one report or reply, whatever `settings.delivery`. */
  pushFor(line: { kind: 'rpt'; report: ReportLine } | { kind: 'mo'; reply: ReplyLine }): PushDelivery;
}

interface SendSpec {
  method: 'GET' | 'POST';
  limit: number;
  auth: 'plain' | 'md5';
  /** Fields this endpoint url-decodes once more ("参数 … 的值进行 url 编码"). */
  urldecoded: string[];
  ddt: boolean;
}

const SEND: Record<string, SendSpec> = {
  get_send: { method: 'GET', limit: 100, auth: 'plain', urldecoded: [], ddt: false },
  get_send_md5: { method: 'GET', limit: 100, auth: 'md5', urldecoded: [], ddt: false },
  get_send_urldecode: { method: 'GET', limit: 100, auth: 'plain', urldecoded: ['msg'], ddt: false },
  post_send: { method: 'POST', limit: 1000, auth: 'plain', urldecoded: [], ddt: false },
  post_send_md5: { method: 'POST', limit: 1000, auth: 'md5', urldecoded: [], ddt: false },
  post_send_urldecode: { method: 'POST', limit: 1000, auth: 'plain', urldecoded: ['uid', 'msg'], ddt: false },
  post_send_ddt: { method: 'POST', limit: 1000, auth: 'md5', urldecoded: ['msg', 'params'], ddt: true },
};

const SEND_PARAMS = ['uid', 'pwd', 'mobile', 'msg', 'dtime', 'linkid'];
const DDT_PARAMS = ['uid', 'pwd', 'msg', 'params', 'dtime', 'linkid'];

export const ANSWERS = {
  ok: '0 发送成功!',
  auth: '1 用户名或密码错误!',
  balance: '2 余额不足!',
  tooMany: (limit: number): string => `3 超过发送最大量 ${limit} 条`,
  notAllowed: '4 此用户不允许发送!',
  empty: '5 手机号或发送信息不能为空!',
  tooLong: (max: number): string => `7 超过 ${max} 个字,请修改后发送!`,
  frozen: '8 用户已冻结, 请联系客服人员!',
  noReplies: '150',
  noReports: '160',
  clean: '不含敏感字',
} as const;

/** The documented answer of each code, for failNext. */
function defaultAnswer(code: number, limit: number, maxChars: number): string {
  const table: Record<number, string> = {
    0: ANSWERS.ok,
    1: ANSWERS.auth,
    2: ANSWERS.balance,
    3: ANSWERS.tooMany(limit),
    4: ANSWERS.notAllowed,
    5: ANSWERS.empty,
    7: ANSWERS.tooLong(maxChars),
    8: ANSWERS.frozen,
  };
  return table[code] ?? String(code);
}

// ---- GB2312 on the wire ------------------------------------------------------------

function gbDecode(bytes: Buffer): string {
  return iconv.decode(bytes, 'gb2312');
}

/** %XX → byte, '+' → space, other bytes as they are (a raw GB2312 body reads too). */
function unescapeBytes(part: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const hex = part.subarray(i + 1, i + 3).toString('latin1');
    if (part[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(part[i] === 0x2b ? 0x20 : part[i]);
  }
  return Buffer.from(out);
}

/** A query string or form body as PHP would read it, bytes decoded as GB2312. Last value of a key wins. */
function readForm(raw: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0x26) continue;
    const pair = raw.subarray(start, i);
    start = i + 1;
    if (pair.length === 0) continue;
    const eq = pair.indexOf(0x3d);
    const key = gbDecode(unescapeBytes(eq < 0 ? pair : pair.subarray(0, eq)));
    fields.set(key, eq < 0 ? '' : gbDecode(unescapeBytes(pair.subarray(eq + 1))));
  }
  return fields;
}

/** PHP urldecode of a value already read from the form: its escapes are GB2312 bytes. */
function urldecode(value: string): string {
  return gbDecode(unescapeBytes(iconv.encode(value, 'gb2312')));
}

/** PHP urlencode over GB2312 bytes. */
export function gbUrlencode(text: string): string {
  let out = '';
  for (const byte of iconv.encode(text, 'gb2312')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.]/.test(c) ? c : byte === 0x20 ? '+' : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function gbForm(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${gbUrlencode(k)}=${gbUrlencode(v)}`)
    .join('&');
}

function reply(text: string, status = 200): GatewayReply {
  return { status, contentType: 'text/html; charset=gb2312', body: iconv.encode(text, 'gb2312') };
}

function md5Lower(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Beijing time, as the platform writes dates. */
function beijingNow(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Billed parts: 70 characters one part, 67 per part beyond (every character counts one). */
export function partsOf(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

// ---- the gateway -------------------------------------------------------------------

export async function startSmsadminGateway(opts: SmsadminGatewayOptions = {}): Promise<SmsadminGateway> {
  const settings: Settings = {
    uid: opts.uid ?? 'qunfa',
    password: opts.password ?? 'S3cret-pw',
    pricePerPart: opts.pricePerPart ?? 1,
    maxChars: opts.maxChars ?? 300,
    sendAllowed: opts.sendAllowed ?? true,
    frozen: opts.frozen ?? false,
    sensitiveWords: opts.sensitiveWords ?? [],
    delivery: opts.delivery ?? 'pull',
    pushStyle: opts.pushStyle ?? 'form',
  };
  const forcedCodes: { code: number; text?: string }[] = [];
  const usedLinkids = new Set<string>();
  const lastLinkid = new Map<string, string>();
  let generated = 0;

  const base = await startGateway((req) => handle(req));
  const gw: SmsadminGateway = Object.assign(base, {
    settings,
    balance: opts.balance ?? 1000,
    accepted: [] as AcceptedMessage[],
    submissions: [] as SubmissionRecord[],
    violations: [] as string[],
    filtered: [] as string[],
    duplicatesRemoved: [] as string[],
    reportQueue: [] as ReportLine[],
    replyQueue: [] as ReplyLine[],
    failNext(code: number, text?: string): void {
      forcedCodes.push({ code, text });
    },
    reportDelivery(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] {
      return gw.reportStatus(messages, outcome === 'delivered' ? 'DELIVRD' : 'UNDELIV');
    },
    reportStatus(messages: AcceptedMessage[], status: string): PushDelivery[] {
      const lines = messages.map((m) => ({ mobile: m.mobile, date: beijingNow(), linkid: m.batchId, status, subcode: m.extno ?? '' }));
      if (settings.delivery === 'pull') {
        gw.reportQueue.push(...lines);
        return [];
      }
      return lines.map((report) => gw.pushFor({ kind: 'rpt', report }));
    },
    reply(mobile: string, text: string, extno?: string): PushDelivery[] {
      const line: ReplyLine = { mobile, date: beijingNow(), linkid: lastLinkid.get(mobile) ?? '', text, subcode: extno ?? '' };
      if (settings.delivery === 'pull') {
        gw.replyQueue.push(line);
        return [];
      }
      return [gw.pushFor({ kind: 'mo', reply: line })];
    },
    pushFor(line: { kind: 'rpt'; report: ReportLine } | { kind: 'mo'; reply: ReplyLine }): PushDelivery {
      const fields: Record<string, string> =
        line.kind === 'rpt'
          ? { Class: 'rpt', SmsName: settings.uid, Mobile: line.report.mobile, LinkId: line.report.linkid, Report: line.report.status, ReportTime: line.report.date }
          : { Class: 'mo', SmsName: settings.uid, Mobile: line.reply.mobile, Message: line.reply.text, LinkId: line.reply.linkid, RevertTime: line.reply.date };
      const encoded = gbForm(fields);
      return settings.pushStyle === 'form'
        ? { method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(encoded, 'latin1') }
        : { method: 'POST', query: encoded, contentType: 'application/x-www-form-urlencoded', body: Buffer.alloc(0) };
    },
  });

  function handle(req: GatewayRequest): GatewayReply {
    if (!req.path.startsWith(API_PATH) || !req.path.endsWith('/')) return reply('404 Not Found', 404);
    const endpoint = req.path.slice(API_PATH.length, -1);
    const spec = SEND[endpoint];
    if (spec) {
      if (req.method !== spec.method) return reply('405 Method Not Allowed', 405);
      return reply(handleSend(endpoint, spec, fieldsOf(req)));
    }
    if (req.method !== 'GET') return reply('405 Method Not Allowed', 405);
    const fields = fieldsOf(req);
    switch (endpoint) {
      case 'user_info':
      case 'user_info_urldecode':
        return reply(handleBalance(endpoint, fields));
      case 'mgz':
        return reply(handleMgz(fields));
      case 'report':
        return reply(handleReports(fields));
      case 'reve':
      case 'reve_urlencode':
        return reply(handleReplies(endpoint, fields));
      default:
        return reply('404 Not Found', 404);
    }
  }

  function fieldsOf(req: GatewayRequest): Map<string, string> {
    return readForm(req.method === 'GET' ? Buffer.from(req.rawQuery, 'latin1') : req.body);
  }

  function note(endpoint: string, what: string): void {
    gw.violations.push(`${endpoint}: ${what}`);
  }

  function checkNames(endpoint: string, fields: Map<string, string>, allowed: string[]): void {
    for (const key of fields.keys()) if (!allowed.includes(key)) note(endpoint, `undocumented parameter ${key}`);
  }

  function authOk(endpoint: string, uid: string, pwd: string, auth: 'plain' | 'md5'): boolean {
    if (auth === 'md5' && pwd === md5Lower(settings.password).toUpperCase()) note(endpoint, 'md5 in upper case');
    const expected = auth === 'md5' ? md5Lower(settings.password) : settings.password;
    return uid === settings.uid && pwd === expected;
  }

  function field(fields: Map<string, string>, name: string, spec?: SendSpec): string {
    const value = fields.get(name) ?? '';
    return spec?.urldecoded.includes(name) ? urldecode(value) : value;
  }

  function handleSend(endpoint: string, spec: SendSpec, fields: Map<string, string>): string {
    const force = forcedCodes.shift();
    if (force) return force.text ?? defaultAnswer(force.code, spec.limit, settings.maxChars);
    checkNames(endpoint, fields, spec.ddt ? DDT_PARAMS : SEND_PARAMS);
    if (!authOk(endpoint, field(fields, 'uid', spec), fields.get('pwd') ?? '', spec.auth)) return ANSWERS.auth;
    if (!settings.sendAllowed) return ANSWERS.notAllowed;
    if (settings.frozen) return ANSWERS.frozen;
    const parsed = spec.ddt ? readDdt(endpoint, fields, spec) : readPlain(endpoint, fields, spec);
    if (typeof parsed === 'string') return parsed;
    const { mobiles, texts } = dedupe(parsed.mobiles, parsed.texts);
    if (mobiles.length === 0 || texts.some((t) => t === '')) return ANSWERS.empty;
    if (texts.some((t) => [...t].length > settings.maxChars)) return ANSWERS.tooLong(settings.maxChars);
    const cost = texts.reduce((sum, t) => sum + partsOf(t) * settings.pricePerPart, 0);
    if (gw.balance < cost) return ANSWERS.balance;
    accept(endpoint, fields, mobiles, texts, parsed.template, cost);
    return ANSWERS.ok;
  }

  function readPlain(endpoint: string, fields: Map<string, string>, spec: SendSpec): { mobiles: string[]; texts: string[]; template?: string } | string {
    const list = fields.get('mobile') ?? '';
    const msg = field(fields, 'msg', spec);
    if (list === '' || msg === '') return ANSWERS.empty;
    if (list.endsWith(';')) note(endpoint, 'trailing ; in mobile');
    const mobiles = list.split(';').filter((m) => m !== '');
    if (mobiles.length > spec.limit) return ANSWERS.tooMany(spec.limit);
    for (const m of mobiles) if (!/^\d+$/.test(m)) note(endpoint, `mobile ${m} is not digits`);
    return { mobiles, texts: mobiles.map(() => msg) };
  }

  /** 点点通: {valueN} markers, groups "mobile,v0,v1;…"; a group that does not fit is dropped (格式不符). */
  function readDdt(endpoint: string, fields: Map<string, string>, spec: SendSpec): { mobiles: string[]; texts: string[]; template: string } | string {
    const template = field(fields, 'msg', spec);
    const params = field(fields, 'params', spec);
    if (template === '' || params === '') return ANSWERS.empty;
    const markers = [...template.matchAll(/\{value(\d+)\}/g)].map((m) => Number(m[1]));
    if (new Set(markers).size !== markers.length) note(endpoint, 'repeated variable marker (变量标识符号不能重复)');
    if (markers.some((n, i) => n !== i)) note(endpoint, 'markers not numbered {value0}, {value1}… in order of appearance');
    if (params.endsWith(';')) note(endpoint, 'trailing ; in params');
    const groups = params.split(';').filter((g) => g !== '');
    if (groups.length > spec.limit) return ANSWERS.tooMany(spec.limit);
    const mobiles: string[] = [];
    const texts: string[] = [];
    for (const group of groups) {
      const [mobile, ...values] = group.split(',');
      if (!/^1\d{10}$/.test(mobile) || values.length !== new Set(markers).size) {
        gw.filtered.push(group);
        continue;
      }
      mobiles.push(mobile);
      texts.push(template.replace(/\{value(\d+)\}/g, (whole, n: string) => values[Number(n)] ?? whole));
    }
    return { mobiles, texts, template };
  }

  /** 1.0.3: duplicate numbers within one request are removed (the first stays). */
  function dedupe(mobiles: string[], texts: string[]): { mobiles: string[]; texts: string[] } {
    const seen = new Set<string>();
    const out = { mobiles: [] as string[], texts: [] as string[] };
    mobiles.forEach((m, i) => {
      if (seen.has(m)) {
        gw.duplicatesRemoved.push(m);
        return;
      }
      seen.add(m);
      out.mobiles.push(m);
      out.texts.push(texts[i]);
    });
    return out;
  }

  function accept(endpoint: string, fields: Map<string, string>, mobiles: string[], texts: string[], template: string | undefined, cost: number): void {
    let linkid = fields.get('linkid') ?? '';
    const dtime = fields.get('dtime') ?? '';
    if (linkid !== '' && !/^[A-Za-z0-9]{1,32}$/.test(linkid)) note(endpoint, `linkid ${linkid} is not 1–32 letters/digits`);
    if (linkid !== '' && usedLinkids.has(linkid)) note(endpoint, `linkid ${linkid} reused (不得重复)`);
    if (dtime !== '' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(dtime)) note(endpoint, `dtime ${dtime} is not 0000-00-00 00:00:00`);
    if (linkid === '') linkid = `SYS${++generated}`;
    usedLinkids.add(linkid);
    gw.balance = Math.round((gw.balance - cost) * 10_000) / 10_000;
    mobiles.forEach((mobile, i) => {
      gw.accepted.push({ mobile, text: texts[i], batchId: linkid });
      lastLinkid.set(mobile, linkid);
    });
    gw.submissions.push({ endpoint, linkid, dtime, mobiles, texts, ...(template === undefined ? {} : { template }) });
  }

  function queryAuth(endpoint: string, fields: Map<string, string>, urldecoded: string[] = []): boolean {
    checkNames(endpoint, fields, endpoint === 'mgz' ? ['uid', 'pwd', 'msg'] : ['uid', 'pwd']);
    const uid = urldecoded.includes('uid') ? urldecode(fields.get('uid') ?? '') : (fields.get('uid') ?? '');
    return authOk(endpoint, uid, fields.get('pwd') ?? '', 'plain');
  }

  function handleBalance(endpoint: string, fields: Map<string, string>): string {
    if (!queryAuth(endpoint, fields, endpoint === 'user_info_urldecode' ? ['uid'] : [])) return ANSWERS.auth;
    return `用户ID=${settings.uid} 剩余资费=${gw.balance}`;
  }

  function handleMgz(fields: Map<string, string>): string {
    if (!queryAuth('mgz', fields)) return ANSWERS.auth;
    const msg = fields.get('msg') ?? '';
    const found = settings.sensitiveWords.filter((w) => msg.includes(w));
    return found.length === 0 ? ANSWERS.clean : `敏感字:${found.map((w) => w + ';').join('')}`;
  }

  /** 20 per call, gone once fetched, '\n' after each line. */
  function handleReports(fields: Map<string, string>): string {
    if (!queryAuth('report', fields)) return ANSWERS.auth;
    const page = gw.reportQueue.splice(0, 20);
    if (page.length === 0) return ANSWERS.noReports;
    return page.map((r) => `${r.mobile}/${r.date}/${r.linkid}/${r.status}/${r.subcode}\n`).join('');
  }

  function handleReplies(endpoint: string, fields: Map<string, string>): string {
    if (!queryAuth(endpoint, fields)) return ANSWERS.auth;
    const page = gw.replyQueue.splice(0, 20);
    if (page.length === 0) return ANSWERS.noReplies;
    const content = (t: string): string => (endpoint === 'reve_urlencode' ? gbUrlencode(t) : t);
    return page.map((r) => `${r.mobile}/${r.date}/${r.linkid}/${content(r.text)}/${r.subcode}\n`).join('');
  }

  return gw;
}
