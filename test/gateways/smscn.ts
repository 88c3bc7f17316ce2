// Simulated 云信 sms.cn gateway, written from the provider's document (not from the
// driver): /voice/ with ac=send|sendcode|status|number|query, auth by pwd =
// md5(password+uid) or tokenkey = md5(uid+secretkey+timestamp) with a 5-minute window in
// Beijing time, encode=gbk, answers in json/xml/txt, templates with {$name} variables and
// review states, per-part billing, a status-report queue and a send-record queue drained
// 50 at a time, each record handed out once.
//
// Where the document is silent the simulation makes a choice, marked "choice:", so
// campaign tests know what they run against.
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { startGateway, type AcceptedMessage, type GatewayReply, type GatewayRequest, type PushDelivery, type SimulatedGateway } from './harness';

export type TemplateState = 'approved' | 'pending' | 'rejected';

export interface SmscnTemplate {
  id: string;
  /** Template text with {$name} variables, 【签名】 included, e.g. '【云信】您的验证码是：{$code}。' */
  text: string;
  state: TemplateState;
}

/** One row of the status queue, as section 五 shows it. */
export interface StatusRow {
  retime: string;
  mobile: string;
  mobileids: string;
  resultcode: string;
  status: string;
}

/** One row of the send-record queue, as section 七 shows it. */
export interface RecordRow {
  sendtime: string;
  mobile: string;
  content: string;
  status: '1' | '0';
}

/** A request as the gateway understood it (decoded in the charset it declared). */
export interface SmscnCall {
  ac: string;
  charset: 'utf-8' | 'gbk';
  params: Record<string, string>;
}

/** Knobs tests may change at any time through `gateway.settings`. */
export interface SmscnSettings {
  uid: string;
  /** Login password: pwd must be md5(password + uid), 32 lowercase hex. */
  password: string;
  secretkey: string;
  /** The gateway's clock (auth window, retime, sendtime, hourly/daily limits). */
  now: () => Date;
  /** Paths the gateway serves; the document only shows /voice/. */
  paths: string[];
  /** choice: the document gives no figure for 106 号码过多. */
  maxMobilesPerRequest: number;
  /** choice: 105 内容过多 above this many characters of rendered content. */
  maxChars: number;
  /** choice: 169 变量内容超过限制 above this many characters in one variable. */
  maxVariableChars: number;
  /** 104 非法字符 when a value contains one of these. */
  illegal: string[];
  /** 151 每小时 / 152 每天 limits in messages, Beijing clock hour and day; null: none. */
  hourlyLimit: number | null;
  dailyLimit: number | null;
  /** 124 when the same content went to a number this many times within the hour; null: never. */
  maxRepeats: number | null;
  frozen: boolean; // 109
  apiForbidden: boolean; // 116
  /** 117 unless the caller (always 127.0.0.1 here) is this IP; null: no binding. */
  boundIp: string | null;
  /** Status rows per ac=status call: choice, the document is silent, same 50 as ac=query. */
  statusPageSize: number;
  /** Declare the answer's charset in Content-Type (false: the client must recognise GBK itself). */
  declareCharset: boolean;
}

export interface SmscnGateway extends SimulatedGateway {
  settings: SmscnSettings;
  templates: Map<string, SmscnTemplate>;
  /** Adds or replaces a template; state decides 167/168. */
  addTemplate(id: string, text: string, state?: TemplateState): void;
  /** The next matching request (any ac, or this one) is answered with this code and not processed. */
  failNext(stat: string, options?: { ac?: string; message?: string }): void;
  /** Status rows waiting for ac=status. */
  statusQueue: StatusRow[];
  /** Send records waiting for ac=query. */
  records: RecordRow[];
  /** Queues a status row with any documented resultcode (100, 130–134) and operator status. */
  reportStatus(messages: AcceptedMessage[], resultcode: string, status: string): void;
  /** Every request decoded, in order (forced failures included). */
  calls: SmscnCall[];
}

const TEXT: Record<string, [zh: string, en: string]> = {
  '100': ['发送成功', 'SUCCESS'],
  '101': ['验证失败', 'AUTHENTICATION FAILED'],
  '102': ['短信不足', 'INSUFFICIENT BALANCE'],
  '103': ['操作失败', 'OPERATION FAILED'],
  '104': ['非法字符', 'ILLEGAL CHARACTERS'],
  '105': ['内容过多', 'CONTENT TOO LONG'],
  '106': ['号码过多', 'TOO MANY NUMBERS'],
  '107': ['频率过快', 'TOO FREQUENT'],
  '108': ['号码内容空', 'NUMBER OR CONTENT EMPTY'],
  '109': ['账号冻结', 'ACCOUNT FROZEN'],
  '112': ['号码错误', 'WRONG NUMBER'],
  '116': ['禁止接口发送', 'API SENDING FORBIDDEN'],
  '117': ['绑定IP不正确', 'BOUND IP INCORRECT'],
  '118': ['验证时间戳格式不对', 'BAD TIMESTAMP FORMAT'],
  '119': ['超过验证时效', 'TIMESTAMP EXPIRED'],
  '124': ['重复提交过多', 'TOO MANY REPEATS'],
  '151': ['超出设置限制', 'OVER THE SET LIMIT'],
  '152': ['每天发送量限制', 'DAILY LIMIT'],
  '161': ['未添加短信模板', 'NO TEMPLATE'],
  '162': ['模板格式不正确', 'BAD TEMPLATE FORMAT'],
  '163': ['模板ID不正确', 'WRONG TEMPLATE ID'],
  '164': ['全文模板不匹配', 'TEMPLATE MISMATCH'],
  '166': ['模板内容重复', 'DUPLICATE TEMPLATE'],
  '167': ['模板审核中', 'TEMPLATE UNDER REVIEW'],
  '168': ['模板审核不通过', 'TEMPLATE REJECTED'],
  '169': ['变量内容超过限制', 'VARIABLE TOO LONG'],
};

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** Beijing wall-clock fields of a moment. */
function beijing(date: Date, pattern: 'stamp' | 'time' | 'hour' | 'day'): string {
  const iso = new Date(date.getTime() + 8 * 3600_000).toISOString(); // 2012-01-02T10:20:33.000Z
  const [d, t] = [iso.slice(0, 10), iso.slice(11, 19)];
  if (pattern === 'time') return `${d} ${t}`;
  if (pattern === 'hour') return `${d} ${t.slice(0, 2)}`;
  if (pattern === 'day') return d;
  return (d + t).replace(/[-:]/g, '');
}

/** yyyyMMddHHmmss in Beijing time → epoch ms; null for a malformed or impossible stamp (118). */
function parseStamp(stamp: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - 8 * 3600_000;
  return beijing(new Date(ms), 'stamp') === stamp ? ms : null;
}

function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\$([^{}$]+)\}/g)].map((m) => m[1]))];
}

function render(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\$([^{}$]+)\}/g, (all, name: string) => vars[name] ?? all);
}

/** Billed parts: 70 characters single, 67 per part beyond (choice: the document is silent). */
function parts(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The variables JSON: {"key":"value"}, values strings (numbers tolerated); anything else is 162. */
function parseVariables(content: string): Record<string, string> | null {
  try {
    const v: unknown = JSON.parse(content);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string' && typeof x !== 'number') return null;
      out[k] = String(x);
    }
    return out;
  } catch {
    return null;
  }
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Fields = Record<string, string | number>;
type Format = 'json' | 'xml' | 'txt';

interface Answer {
  fields: Fields;
  rows?: Record<string, string>[];
  /** The txt form's name for fields, e.g. number → remain (section 六). */
  txt?: Fields;
}

function renderAnswer(answer: Answer, format: Format): { body: string; type: string } {
  if (format === 'txt') {
    const fields = answer.txt ?? answer.fields;
    return { body: ['sms', ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)].join('&'), type: 'text/plain' };
  }
  if (format === 'xml') {
    const leaf = (k: string, v: string | number): string => `<${k}>${xmlEscape(String(v))}</${k}>`;
    const head = Object.entries(answer.fields).map(([k, v]) => leaf(k, v)).join('\n');
    const rows = answer.rows
      ? `\n<values>\n${answer.rows.map((r, i) => `<value${i}>${Object.entries(r).map(([k, v]) => leaf(k, v)).join('')}</value${i}>`).join('\n')}\n</values>`
      : '';
    return { body: `<result>\n${head}${rows}\n</result>`, type: 'text/xml' };
  }
  return { body: JSON.stringify(answer.rows ? { ...answer.fields, values: answer.rows } : answer.fields), type: 'application/json' };
}

/** Form pairs as bytes: '&' and '=' split, '+' is a space, %XX a byte; other bytes stay (raw GBK too). */
function formBytes(raw: Buffer): [Buffer, Buffer][] {
  const unescape = (part: Buffer): Buffer => {
    const out: number[] = [];
    for (let i = 0; i < part.length; i++) {
      const b = part[i];
      const hex = part.subarray(i + 1, i + 3).toString('latin1');
      if (b === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 2;
      } else out.push(b === 0x2b ? 0x20 : b);
    }
    return Buffer.from(out);
  };
  const pairs: [Buffer, Buffer][] = [];
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    if (i < raw.length && raw[i] !== 0x26) continue;
    const piece = raw.subarray(start, i);
    start = i + 1;
    if (piece.length === 0) continue;
    const eq = piece.indexOf(0x3d);
    pairs.push(eq < 0 ? [unescape(piece), Buffer.alloc(0)] : [unescape(piece.subarray(0, eq)), unescape(piece.subarray(eq + 1))]);
  }
  return pairs;
}

/** Query then body, body winning (PHP's $_REQUEST), decoded in `charset`. */
function requestParams(req: GatewayRequest, charset: 'utf-8' | 'gbk' | 'latin1'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [Buffer.from(req.rawQuery, 'latin1'), req.body]) {
    for (const [k, v] of formBytes(source)) {
      out[k.toString('latin1')] = charset === 'gbk' ? iconv.decode(v, 'gbk') : v.toString(charset === 'utf-8' ? 'utf8' : 'latin1');
    }
  }
  return out;
}

/** Section 二: UTF-8 unless encode=gbk. Section 七 (ac=query): GBK unless encode=utf8. */
function charsetOf(ac: string, encode: string): 'utf-8' | 'gbk' {
  const e = encode.toLowerCase();
  if (ac === 'query') return e === 'utf8' || e === 'utf-8' ? 'utf-8' : 'gbk';
  return e === 'gbk' ? 'gbk' : 'utf-8';
}

class Refusal extends Error {
  constructor(
    readonly stat: string,
    readonly text?: string,
  ) {
    super(stat);
  }
}

export async function startSmscnGateway(opts: Partial<SmscnSettings> & { balance?: number } = {}): Promise<SmscnGateway> {
  const { balance = 100_000, ...overrides } = opts;
  const settings: SmscnSettings = {
    uid: 'test',
    password: '123123',
    secretkey: '64CQMlr579J0L46U9q1qR285Risfc04G',
    now: () => new Date(),
    paths: ['/voice/'],
    maxMobilesPerRequest: 100,
    maxChars: 500,
    maxVariableChars: 100,
    illegal: [],
    hourlyLimit: null,
    dailyLimit: null,
    maxRepeats: null,
    frozen: false,
    apiForbidden: false,
    boundIp: null,
    statusPageSize: 50,
    declareCharset: true,
    ...overrides,
  };
  const templates = new Map<string, SmscnTemplate>();
  const forced: { stat: string; ac?: string; message?: string }[] = [];
  const sentPerHour = new Map<string, number>();
  const sentPerDay = new Map<string, number>();
  const repeats = new Map<string, number>();
  const calls: SmscnCall[] = [];
  // The handler needs the gateway object, which exists only once the server listens.
  const started: { gateway?: SmscnGateway } = {};
  const state = (): SmscnGateway => {
    if (!started.gateway) throw new Error('gateway not started');
    return started.gateway;
  };

  function authenticate(p: Record<string, string>): void {
    if (p.uid !== settings.uid) throw new Refusal('101');
    if (p.tokenkey !== undefined) {
      // Signature mode: "pwd参数不需要填写"; the timestamp is checked before the digest.
      const at = parseStamp(p.timestamp ?? '');
      if (at === null) throw new Refusal('118');
      if (Math.abs(settings.now().getTime() - at) > 5 * 60_000) throw new Refusal('119');
      if (p.tokenkey !== md5(settings.uid + settings.secretkey + p.timestamp)) throw new Refusal('101');
    } else if (p.pwd !== md5(settings.password + settings.uid)) {
      throw new Refusal('101');
    }
    if (settings.boundIp !== null && settings.boundIp !== '127.0.0.1') throw new Refusal('117');
    if (settings.frozen) throw new Refusal('109');
  }

  function send(p: Record<string, string>): Answer {
    if (settings.apiForbidden) throw new Refusal('116');
    const mobiles = list(p.mobile);
    const content = (p.content ?? '').trim();
    if (mobiles.length === 0 || content === '') throw new Refusal('108');
    if (!p.template) throw new Refusal('161');
    const template = templates.get(p.template);
    if (!template) throw new Refusal('163');
    if (template.state === 'pending') throw new Refusal('167');
    if (template.state === 'rejected') throw new Refusal('168');
    const vars = parseVariables(content);
    if (!vars) throw new Refusal('162');
    const wanted = templateVariables(template.text);
    const given = Object.keys(vars);
    if (wanted.length !== given.length || !wanted.every((n) => n in vars)) throw new Refusal('164');
    if (given.some((k) => [...vars[k]].length > settings.maxVariableChars)) throw new Refusal('169');
    if (given.some((k) => settings.illegal.some((bad) => vars[k].includes(bad)))) throw new Refusal('104');
    if (mobiles.length > settings.maxMobilesPerRequest) throw new Refusal('106');
    if (mobiles.some((m) => !/^1\d{10}$/.test(m) && !/^0\d{9,11}$/.test(m))) throw new Refusal('112');
    // "格式为消息编号+逗号": a trailing comma is tolerated (list() drops empty entries).
    const ids = p.mobileids === undefined ? [] : list(p.mobileids);
    // choice: the document names no code for mobileids that do not pair with the numbers; 103 操作失败.
    if (p.mobileids !== undefined && (ids.length !== mobiles.length || ids.some((id) => !/^\d+$/.test(id)))) throw new Refusal('103');
    const text = render(template.text, vars);
    if ([...text].length > settings.maxChars) throw new Refusal('105');
    checkLimits(mobiles, text);
    const cost = parts(text) * mobiles.length;
    const g = state();
    if (g.balance < cost) throw new Refusal('102');
    g.balance -= cost;
    const now = settings.now();
    const hour = beijing(now, 'hour');
    const day = beijing(now, 'day');
    mobiles.forEach((mobile, i) => {
      // The document's send answer has no batch id: batchId stays ''.
      g.accepted.push({ mobile, text, batchId: '', messageId: ids[i] });
      g.records.push({ sendtime: beijing(now, 'time'), mobile, content: text, status: '1' });
      const key = `${hour}|${mobile}|${text}`;
      repeats.set(key, (repeats.get(key) ?? 0) + 1);
    });
    sentPerHour.set(hour, (sentPerHour.get(hour) ?? 0) + mobiles.length);
    sentPerDay.set(day, (sentPerDay.get(day) ?? 0) + mobiles.length);
    return { fields: { stat: '100' } };
  }

  function checkLimits(mobiles: string[], text: string): void {
    const now = settings.now();
    const hour = beijing(now, 'hour');
    const day = beijing(now, 'day');
    if (settings.hourlyLimit !== null && (sentPerHour.get(hour) ?? 0) + mobiles.length > settings.hourlyLimit) {
      throw new Refusal('151', '每小时发送量限制');
    }
    if (settings.dailyLimit !== null && (sentPerDay.get(day) ?? 0) + mobiles.length > settings.dailyLimit) throw new Refusal('152');
    const max = settings.maxRepeats;
    if (max !== null && mobiles.some((m) => (repeats.get(`${hour}|${m}|${text}`) ?? 0) >= max)) throw new Refusal('124');
  }

  function status(): Answer {
    const queue = state().statusQueue;
    const total = queue.length;
    const rows = queue.splice(0, settings.statusPageSize);
    return { fields: { stat: '100', total: String(total) }, rows: rows.map((r) => ({ ...r })) };
  }

  function query(p: Record<string, string>): Answer {
    const records = state().records;
    const matching = records.filter((r) => (!p.date || r.sendtime.startsWith(p.date)) && (!p.key || r.mobile === p.key));
    if (matching.length === 0) return { fields: { total: '0', page_size: '0', total_page: '0' } };
    const page = matching.slice(0, 50);
    // 记录只能取一次: what is handed out leaves the queue.
    for (const r of page) records.splice(records.indexOf(r), 1);
    return {
      // The document's JSON example writes stat as a number here.
      fields: { stat: 100, total: String(matching.length), page_size: String(page.length), total_page: String(Math.ceil(matching.length / 50)) },
      rows: page.map((r) => ({ ...r })),
    };
  }

  function dispatch(ac: string, p: Record<string, string>): Answer {
    const next = forced[0];
    if (next && (!next.ac || next.ac === ac)) {
      forced.shift();
      throw new Refusal(next.stat, next.message);
    }
    authenticate(p);
    if (ac === 'send' || ac === 'sendcode') return send(p);
    if (ac === 'status') return status();
    if (ac === 'number') return { fields: { stat: '100', number: String(state().balance) }, txt: { stat: '100', remain: String(state().balance) } };
    if (ac === 'query') return query(p);
    throw new Refusal('103'); // choice: an unknown ac is 操作失败
  }

  function handle(req: GatewayRequest): GatewayReply {
    if (!settings.paths.includes(req.path)) return { status: 404, body: 'Not Found' };
    // ac and encode are ASCII: read them before knowing the charset.
    const ascii = requestParams(req, 'latin1');
    const ac = ascii.ac ?? '';
    const charset = charsetOf(ac, ascii.encode ?? '');
    const p = requestParams(req, charset);
    calls.push({ ac, charset, params: p });
    const asked = (p.format ?? 'json').toLowerCase();
    // Only send (section 4.1) and number (section 六's example) have a text form; json otherwise.
    const textAllowed = ac === 'send' || ac === 'sendcode' || ac === 'number';
    const format: Format = asked === 'xml' ? 'xml' : asked === 'txt' && textAllowed ? 'txt' : 'json';
    const english = p.language === 'english';
    let answer: Answer;
    try {
      answer = dispatch(ac, p);
      if (answer.fields.stat === '100' && (ac === 'send' || ac === 'sendcode')) answer.fields.message = english ? TEXT['100'][1] : TEXT['100'][0];
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      const [zh, en] = TEXT[err.stat] ?? ['未知错误', 'UNKNOWN'];
      answer = { fields: { stat: err.stat, message: err.text ?? (english ? en : zh) } };
    }
    const { body, type } = renderAnswer(answer, format);
    const charsetName = charset === 'gbk' ? 'gbk' : 'utf-8';
    return {
      contentType: settings.declareCharset ? `${type}; charset=${charsetName}` : type,
      body: charset === 'gbk' ? iconv.encode(body, 'gbk') : Buffer.from(body, 'utf8'),
    };
  }

  const base = await startGateway(handle);

  function queueStatus(messages: AcceptedMessage[], resultcode: string, code: string): void {
    const retime = beijing(settings.now(), 'time');
    for (const m of messages) state().statusQueue.push({ retime, mobile: m.mobile, mobileids: m.messageId ?? '', resultcode, status: code });
  }

  const gateway: SmscnGateway = Object.assign(base, {
    accepted: [] as AcceptedMessage[],
    balance,
    settings,
    templates,
    statusQueue: [] as StatusRow[],
    records: [] as RecordRow[],
    calls,
    addTemplate(id: string, text: string, templateState: TemplateState = 'approved'): void {
      templates.set(id, { id, text, state: templateState });
    },
    failNext(stat: string, options: { ac?: string; message?: string } = {}): void {
      forced.push({ stat, ...options });
    },
    reportStatus: queueStatus,
    reportDelivery(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] {
      if (outcome === 'delivered') queueStatus(messages, '100', 'DELIVRD');
      else queueStatus(messages, '130', 'UNDELIV');
      return []; // pulled through ac=status; the document describes no push
    },
    reply(): PushDelivery[] {
      return []; // the document offers no replies (上行), neither pulled nor pushed
    },
  });
  started.gateway = gateway;
  return gateway;
}
