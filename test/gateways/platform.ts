// A simulated platform (the white-label sms.aspx gateway), written from its document:
// every endpoint, the MD5 UPPER password, GB2312 on smsGBK.aspx, the DES-encrypted
// ensms.ashx, gzip BatchSms.ashx, tms MMS, pulls, pushes, templates, SOAP, password
// change, the ResultCode table and the sending rules (signature, length, 10 per number
// per day, 3 verification codes per 3 minutes, billing 70/67). Tests force documented
// errors with `failNext` (chapter 10 codes) and `failNextPull` (the XML pulls' 1–4).
import { beijingTime, md5 } from '../../src/main/providers/util';
import { startGateway, type AcceptedMessage, type Gateway, type GatewayReply, type GatewayRequest, type PushDelivery, type SimulatedGateway } from './harness';
import { CODES, MSG_EMPTY, MSG_OK, MSG_WRONG, PULL_ERRORS, Refusal } from './platform/codes';
import { batchLines, desDecrypt, requestParams, soapField, unpackTms } from './platform/decode';
import {
  callBoxes,
  ensmsReply,
  errorStatusXml,
  jsonReply,
  overageJson,
  overageXml,
  sendJson,
  sendXml,
  soapReply,
  statusBoxes,
  statusOnlyXml,
  templateReply,
  xmlReply,
  type CallItem,
  type SendResultFields,
  type StatusItem,
} from './platform/render';
import { billedParts, isVerification, longestAtRun, MOBILE, signatureOf } from './platform/rules';

export type { CallItem, StatusItem } from './platform/render';

export interface PlatformGatewayOptions {
  account?: string;
  /** The plain password; clients send MD5 UPPER of it (or derive the DES key from it). */
  password?: string;
  /** The enterprise id ensms.ashx checks (sms.aspx does not: "企业ID(不验证)"). */
  userid?: string;
  /** SMS balance in parts (条). */
  balance?: number;
  mmsBalance?: number;
  /** Postpaid (后付费) accounts may go negative, as the document's "-4" shows. */
  postpaid?: boolean;
  /** 'pull' (default): reports and replies wait in queues; 'push': returned as push requests. */
  mode?: 'pull' | 'push';
  now?: () => Date;
  perNumberPerDay?: number;
  verificationPer3Minutes?: number;
  /** Longest text accepted (2105 ContentLong beyond): the document gives no figure. */
  maxChars?: number;
  blacklist?: string[];
  sensitiveWords?: string[];
  /** false: the XML pulls answer errorstatus 3 (该用户不允许查看状态报告). */
  reportsAllowed?: boolean;
  /** false: freeTemplate.aspx answers 1119 未启用该功能. */
  templatesEnabled?: boolean;
  /** true: JSON status items carry `status` too (the document's example has none). */
  jsonStatusField?: boolean;
  /** Most replies one callApi call returns (not documented). */
  replyPage?: number;
}

export interface TemplateRow {
  id: string;
  template: string;
  /** 1 启用, 2 禁用, 3 审核, 4 退回. */
  status: number;
}

export interface MmsTask {
  taskId: string;
  mobiles: string[];
  subject: string;
  files: { name: string; data: Buffer }[];
  sendTime: string;
  extno: string;
}

export interface PlatformGateway extends SimulatedGateway {
  account: string;
  password: string;
  userid: string;
  mmsBalance: number;
  postpaid: boolean;
  mode: 'pull' | 'push';
  now: () => Date;
  perNumberPerDay: number;
  verificationPer3Minutes: number;
  maxChars: number;
  blacklist: Set<string>;
  sensitiveWords: string[];
  reportsAllowed: boolean;
  templatesEnabled: boolean;
  jsonStatusField: boolean;
  replyPage: number;
  /** Chapter 10 codes: the next business request answers each, once, in its endpoint's format. */
  failNext: string[];
  /** '1'..'4': the next XML status/reply pull answers this errorstatus. */
  failNextPull: string[];
  statusQueue: StatusItem[];
  callQueue: CallItem[];
  /** Push requests the gateway made on its own (limit failures) in push mode. */
  outbox: PushDelivery[];
  templates: Map<string, TemplateRow>;
  mmsTasks: MmsTask[];
  /** Every request decoded: path and parameters (GB2312 decoded on smsGBK.aspx). */
  calls: { path: string; params: URLSearchParams }[];
  /** The push request(s) chapter 6.2 describes for these messages, whatever the mode. */
  statusPush(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[];
  /** The push request chapter 6.3 describes for a reply, whatever the mode. */
  replyPush(mobile: string, text: string, extno?: string): PushDelivery[];
}

const PUSH_CHUNK = 100;
const FIVE_MINUTES = 5 * 60_000;
const THREE_MINUTES = 3 * 60_000;

function pushOf(inner: string): PushDelivery {
  const xml = `<?xml version="1.0" encoding="utf-8" ?>\r\n<returnsms>\r\n${inner}</returnsms>`;
  return { method: 'POST', query: '', contentType: 'text/xml; charset=utf-8', body: Buffer.from(xml, 'utf8') };
}

function mobilesOf(list: string): string[] {
  return list
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
}

/** MMddHHmmss (Beijing) → distance to now in ms, trying the years around now. */
function stampSkew(stamp: string, now: Date): number {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) return Infinity;
  const [mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return Infinity;
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  return Math.min(...[year - 1, year, year + 1].map((y) => Math.abs(Date.UTC(y, mo - 1, d, h - 8, mi, s) - now.getTime())));
}

export async function startPlatformGateway(opts: PlatformGatewayOptions = {}): Promise<PlatformGateway> {
  let seq = 0;
  let sentParts = 0;
  const initialBalance = opts.balance ?? 10_000;
  const self: Omit<PlatformGateway, keyof Gateway> = {
    accepted: [] as AcceptedMessage[],
    balance: initialBalance,
    account: opts.account ?? 'test',
    password: opts.password ?? 'test',
    userid: opts.userid ?? '12',
    mmsBalance: opts.mmsBalance ?? 1000,
    postpaid: opts.postpaid ?? false,
    mode: opts.mode ?? 'pull',
    now: opts.now ?? (() => new Date()),
    perNumberPerDay: opts.perNumberPerDay ?? 10,
    verificationPer3Minutes: opts.verificationPer3Minutes ?? 3,
    maxChars: opts.maxChars ?? 350,
    blacklist: new Set(opts.blacklist ?? []),
    sensitiveWords: opts.sensitiveWords ?? [],
    reportsAllowed: opts.reportsAllowed ?? true,
    templatesEnabled: opts.templatesEnabled ?? true,
    jsonStatusField: opts.jsonStatusField ?? false,
    replyPage: opts.replyPage ?? 1000,
    failNext: [] as string[],
    failNextPull: [] as string[],
    statusQueue: [] as StatusItem[],
    callQueue: [] as CallItem[],
    outbox: [] as PushDelivery[],
    templates: new Map<string, TemplateRow>(),
    mmsTasks: [] as MmsTask[],
    calls: [] as { path: string; params: URLSearchParams }[],
    reportDelivery(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] {
      if (self.mode === 'push') return statusPush(messages, outcome);
      self.statusQueue.push(...messages.map((m) => statusItem(m, outcome === 'delivered')));
      return [];
    },
    reply(mobile: string, text: string, extno?: string): PushDelivery[] {
      const item = callItem(mobile, text, extno);
      if (self.mode === 'push') return [pushOf(callBoxes([item]))];
      self.callQueue.push(item);
      return [];
    },
    statusPush: (messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] => statusPush(messages, outcome),
    replyPush: (mobile: string, text: string, extno?: string): PushDelivery[] => [pushOf(callBoxes([callItem(mobile, text, extno)]))],
  };
  const dayCounts = new Map<string, number>();
  const verifyTimes = new Map<string, number[]>();
  const nextId = (): string => String(1504080852350206 + ++seq);
  const time = (): string => beijingTime(self.now(), 'yyyy-MM-dd HH:mm:ss');

  type Auth = 'ok' | 'empty' | 'wrong';
  /** userid/account/password form auth: password is MD5, 32 hex, UPPER case. */
  const formAuth = (p: URLSearchParams): Auth => {
    const account = p.get('account') ?? '';
    const password = p.get('password') ?? '';
    if (account === '' || password === '') return 'empty';
    return account === self.account && password === md5(self.password, 'upper') ? 'ok' : 'wrong';
  };
  /** The same, in chapter 10 codes (JSON pulls, templates). */
  const formAuthCode = (p: URLSearchParams): string | null => {
    const account = p.get('account') ?? '';
    const password = p.get('password') ?? '';
    if (account === '') return '1002';
    if (password === '') return '1003';
    if (account !== self.account) return '1004';
    return password === md5(self.password, 'upper') ? null : '1005';
  };

  const statusItem = (m: AcceptedMessage, delivered: boolean, errorcode?: string): StatusItem => ({
    mobile: m.mobile,
    taskid: m.batchId,
    status: delivered ? '10' : '20',
    receivetime: time(),
    errorcode: errorcode ?? (delivered ? 'DELIVRD' : 'UNDELIV'),
    extno: m.extno ?? '',
  });

  /** A failure the platform reports on its own (over a limit, blacklisted). */
  const autoFail = (m: AcceptedMessage, errorcode: string): void => {
    const item = statusItem(m, false, errorcode);
    if (self.mode === 'pull') self.statusQueue.push(item);
    else self.outbox.push(pushOf(statusBoxes([item])));
  };

  const checkText = (text: string): void => {
    if (text.trim() === '') throw new Refusal('2001');
    const sig = signatureOf(text);
    if (sig === null) throw new Refusal('2113');
    if (sig.length < 3 || sig.length > 8) throw new Refusal('2114');
    if (text.length > self.maxChars) throw new Refusal('2105');
    if (self.sensitiveWords.some((w) => w !== '' && text.includes(w))) throw new Refusal('2107');
  };

  interface Admission {
    taskId: string;
    rows: AcceptedMessage[];
    /** Blacklisted numbers refused in the answer's Errors (ensms, SOAP). */
    refused: string[];
    parts: number;
  }

  /**
   * The send pipeline shared by every SMS endpoint. `blackInAnswer`: endpoints with an
   * Errors list name blacklisted numbers there; the others accept them and report them failed.
   */
  const admit = (items: { mobile: string; text: string }[], extno: string, sendTime: string, blackInAnswer: boolean): Admission => {
    if (!/^\d{0,5}$/.test(extno)) throw new Refusal('1104');
    if (sendTime !== '' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(sendTime)) throw new Refusal('1001');
    if (items.length === 0) throw new Refusal('1103');
    for (const text of new Set(items.map((i) => i.text))) checkText(text);
    const valid = items.filter((i) => MOBILE.test(i.mobile));
    if (valid.length === 0) throw new Refusal('1108');
    const clean = valid.filter((i) => !self.blacklist.has(i.mobile));
    if (clean.length === 0) throw new Refusal('1109');
    const billed = blackInAnswer ? clean : valid;
    const parts = billed.reduce((n, i) => n + billedParts(i.text), 0);
    if (!self.postpaid && parts > self.balance) throw new Refusal('1111');
    self.balance -= parts;
    sentParts += parts;
    const taskId = nextId();
    const now = self.now();
    const day = beijingTime(now, 'yyyy-MM-dd');
    const rows: AcceptedMessage[] = [];
    for (const i of billed) {
      const row: AcceptedMessage = { mobile: i.mobile, text: i.text, batchId: taskId, ...(extno ? { extno } : {}) };
      self.accepted.push(row);
      rows.push(row);
      if (self.blacklist.has(i.mobile)) {
        autoFail(row, 'MsisdnBlack');
        continue;
      }
      const key = `${day}|${i.mobile}`;
      const count = (dayCounts.get(key) ?? 0) + 1;
      dayCounts.set(key, count);
      // "一天之内只能发送10条信息，超过10条会超限失败".
      if (count > self.perNumberPerDay) {
        autoFail(row, '超限');
        continue;
      }
      if (isVerification(i.text)) {
        const recent = (verifyTimes.get(i.mobile) ?? []).filter((t) => now.getTime() - t < THREE_MINUTES);
        recent.push(now.getTime());
        verifyTimes.set(i.mobile, recent);
        // "3分钟之内只能3条，超过3条，系统会默认为（恶意注册）".
        if (recent.length > self.verificationPer3Minutes) autoFail(row, '恶意注册');
      }
    }
    return { taskId, rows, refused: blackInAnswer ? valid.filter((i) => self.blacklist.has(i.mobile)).map((i) => i.mobile) : [], parts };
  };

  const refusalOf = (err: unknown): Refusal => {
    if (err instanceof Refusal) return err;
    throw err;
  };

  // ---- sms.aspx / smsJson.aspx / smsGBK.aspx / BatchSms.ashx / mms.aspx (returnsms answers)

  const smsFamily = (p: URLSearchParams, variant: 'xml' | 'json' | 'gbk', batch: boolean): GatewayReply => {
    const charset = variant === 'gbk' ? 'gb2312' : 'utf-8';
    const answer = (r: SendResultFields): GatewayReply => (variant === 'json' ? sendJson(r) : sendXml(r, charset));
    const fail = (message: string): GatewayReply => answer({ ok: false, message, remainpoint: self.balance, taskID: '', successCounts: 0 });
    const action = (p.get('action') ?? '').toLowerCase();
    const forced = self.failNext.shift();
    if (!batch && action === 'overage') {
      const o = { payinfo: self.postpaid ? '后付费' : '预付费', overage: self.balance, sendTotal: self.postpaid ? sentParts : initialBalance };
      const overage = (ok: boolean, message: string): GatewayReply =>
        variant === 'json' ? overageJson({ ok, message, ...o }) : overageXml({ ok, message, ...o }, charset);
      if (forced) return overage(false, CODES[forced]?.text ?? forced);
      const a = formAuth(p);
      if (a !== 'ok') return overage(false, a === 'empty' ? MSG_EMPTY : MSG_WRONG);
      return overage(true, MSG_OK);
    }
    // BatchSms.ashx documents no action; the others need action=send.
    if (!batch && action !== 'send') return fail(CODES['1001'].text);
    if (forced) return fail(CODES[forced]?.text ?? forced);
    const a = formAuth(p);
    if (a !== 'ok') return fail(a === 'empty' ? MSG_EMPTY : MSG_WRONG);
    try {
      let items: { mobile: string; text: string }[];
      if (batch) {
        let lines: string[];
        try {
          lines = batchLines(p.get('content') ?? '');
        } catch {
          throw new Refusal('1001');
        }
        if (lines.length === 0) throw new Refusal('2001');
        items = lines.map((line) => {
          const comma = line.indexOf(',');
          if (comma < 0) throw new Refusal('1001');
          return { mobile: line.slice(0, comma).trim(), text: line.slice(comma + 1) };
        });
        // "同一批任务中不允许出现重复的手机号码".
        if (new Set(items.map((i) => i.mobile)).size !== items.length) throw new Refusal('1001');
      } else {
        const text = p.get('content') ?? '';
        items = mobilesOf(p.get('mobile') ?? '').map((mobile) => ({ mobile, text }));
      }
      const adm = admit(items, p.get('extno') ?? '', p.get('sendTime') ?? '', false);
      return answer({ ok: true, message: MSG_OK, remainpoint: self.balance, taskID: adm.taskId, successCounts: adm.rows.length });
    } catch (err) {
      return fail(refusalOf(err).message_);
    }
  };

  const mms = (p: URLSearchParams): GatewayReply => {
    const action = (p.get('action') ?? '').toLowerCase();
    const fail = (message: string): GatewayReply => sendXml({ ok: false, message, remainpoint: self.mmsBalance, taskID: '', successCounts: 0 });
    const forced = self.failNext.shift();
    if (action === 'overage') {
      const o = { payinfo: self.postpaid ? '后付费' : '预付费', overage: self.mmsBalance, sendTotal: 0 };
      if (forced) return overageXml({ ok: false, message: CODES[forced]?.text ?? forced, ...o });
      const a = formAuth(p);
      return overageXml({ ok: a === 'ok', message: a === 'ok' ? MSG_OK : a === 'empty' ? MSG_EMPTY : MSG_WRONG, ...o });
    }
    if (action !== 'send') return fail(CODES['1001'].text);
    if (forced) return fail(CODES[forced]?.text ?? forced);
    const a = formAuth(p);
    if (a !== 'ok') return fail(a === 'empty' ? MSG_EMPTY : MSG_WRONG);
    const subject = p.get('subject') ?? '';
    if (subject.trim() === '') return fail(CODES['3001'].text);
    let files: { name: string; data: Buffer }[];
    try {
      files = unpackTms(Buffer.from(p.get('content') ?? '', 'base64'));
    } catch {
      return fail(CODES['1001'].text);
    }
    if (files.length === 0) return fail(CODES['2001'].text);
    const extno = p.get('extno') ?? '';
    if (!/^\d{0,5}$/.test(extno)) return fail(CODES['1104'].text);
    const all = mobilesOf(p.get('mobile') ?? '');
    if (all.length === 0) return fail(CODES['1103'].text);
    const mobiles = all.filter((m) => MOBILE.test(m));
    if (mobiles.length === 0) return fail(CODES['1108'].text);
    if (!self.postpaid && mobiles.length > self.mmsBalance) return fail(CODES['1111'].text);
    self.mmsBalance -= mobiles.length;
    const taskId = nextId();
    self.mmsTasks.push({ taskId, mobiles, subject, files, sendTime: p.get('sendTime') ?? '', extno });
    return sendXml({ ok: true, message: MSG_OK, remainpoint: self.mmsBalance, taskID: taskId, successCounts: mobiles.length });
  };

  // ---- ensms.ashx (1.5)

  const ensms = (p: URLSearchParams): GatewayReply => {
    const forced = self.failNext.shift();
    if (forced) return ensmsReply(forced);
    const userid = p.get('UserId') ?? '';
    if (!/^\d+$/.test(userid) || userid !== self.userid) return ensmsReply('1008');
    let payload: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(desDecrypt(p.get('Text64') ?? '', self.password));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as Record<string, unknown>;
    } catch {
      return ensmsReply('1009');
    }
    const field = (k: string): string => (typeof payload[k] === 'string' ? (payload[k] as string) : '');
    const userName = field('UserName');
    if (userName === '') return ensmsReply('1002');
    if (userName !== self.account) return ensmsReply('1004');
    const stamp = field('Stamp');
    if (stampSkew(stamp, self.now()) > FIVE_MINUTES) return ensmsReply('1010');
    if (field('Secret') === '') return ensmsReply('1003');
    if (field('Secret') !== md5(self.password + stamp, 'upper')) return ensmsReply('1005');
    try {
      // "Moblie": the document's spelling is the key this server reads.
      const text = field('Text');
      const adm = admit(
        mobilesOf(field('Moblie')).map((mobile) => ({ mobile, text })),
        field('Ext'),
        field('SendTime'),
        true,
      );
      return ensmsReply('1', {
        msgId: adm.taskId,
        amount: self.balance,
        successCounts: adm.rows.length,
        errors: adm.refused.map((m) => `${m}:${CODES['1109'].text}`),
      });
    } catch (err) {
      return ensmsReply(refusalOf(err).code, { amount: self.balance });
    }
  };

  // ---- WebService.asmx SendSms (chapter 8)

  const soap = (req: GatewayRequest): GatewayReply => {
    const xml = req.body.toString('utf8');
    const ns = /<(?:\w+:)?SendSms\s+xmlns="([^"]*)"/.exec(xml)?.[1] ?? 'http://tempuri.org/';
    if (soapField(xml, 'SendSms') === undefined) return { status: 500, contentType: 'text/xml; charset=utf-8', body: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Unknown method</faultstring></soap:Fault></soap:Body></soap:Envelope>' };
    const forced = self.failNext.shift();
    if (forced) return soapReply(forced, {}, ns);
    const userName = soapField(xml, 'userName') ?? '';
    const password = soapField(xml, 'password') ?? '';
    if (userName === '') return soapReply('1002', {}, ns);
    if (password === '') return soapReply('1003', {}, ns);
    if (userName !== self.account) return soapReply('1004', {}, ns);
    // 8.2 gives the password no MD5 note: plain is expected; MD5 UPPER is tolerated.
    if (password !== self.password && password !== md5(self.password, 'upper')) return soapReply('1005', {}, ns);
    const plan = soapField(xml, 'PlanSendTime') ?? '';
    if (plan !== '' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(plan)) return soapReply('1001', {}, ns);
    try {
      const text = soapField(xml, 'SMSContent') ?? '';
      const adm = admit(
        mobilesOf(soapField(xml, 'Msisdns') ?? '').map((mobile) => ({ mobile, text })),
        soapField(xml, 'ExtNumber') ?? '',
        plan.replace('T', ' '),
        true,
      );
      return soapReply(
        '1',
        { msgId: adm.taskId, amount: self.balance, successCounts: adm.rows.length, billingCount: adm.parts, errors: adm.refused.map((m) => `${m}:${CODES['1109'].text}`) },
        ns,
      );
    } catch (err) {
      return soapReply(refusalOf(err).code, { amount: self.balance }, ns);
    }
  };

  // ---- statusApi.aspx / statusJsonApi.aspx / callApi.aspx / callJsonApi.aspx

  const pull = (p: URLSearchParams, kind: 'status' | 'call', json: boolean): GatewayReply => {
    const key = kind === 'status' ? 'statusbox' : 'callbox';
    const jsonError = (code: string, remark?: string): GatewayReply => jsonReply({ error: code, remark: remark ?? CODES[code]?.text ?? '', [key]: [] });
    if (json) {
      const forced = self.failNext.shift();
      if (forced) return jsonError(forced);
      const code = formAuthCode(p);
      // 4.5's own example: {"error":"1005","remark":"密码错了"}.
      if (code) return jsonError(code, code === '1005' ? '密码错了' : undefined);
      if (!self.reportsAllowed) return jsonError('3', PULL_ERRORS['3']);
    } else {
      const forced = self.failNextPull.shift();
      if (forced) return errorStatusXml(forced, PULL_ERRORS[forced] ?? '');
      const a = formAuth(p);
      if (a !== 'ok') return errorStatusXml(a === 'empty' ? '1' : '2', PULL_ERRORS[a === 'empty' ? '1' : '2']);
      if (!self.reportsAllowed) return errorStatusXml('3', PULL_ERRORS['3']);
    }
    if ((p.get('action') ?? '').toLowerCase() !== 'query') return json ? jsonError('1001') : errorStatusXml('4', PULL_ERRORS['4']);
    if (kind === 'call') {
      const items = self.callQueue.splice(0, self.replyPage);
      return json ? jsonReply({ error: '1', remark: '成功', callbox: items }) : xmlReply(callBoxes(items));
    }
    const raw = (p.get('statusNum') ?? '').trim();
    if (raw !== '' && !/^\d+$/.test(raw)) return json ? jsonError('1001') : errorStatusXml('4', PULL_ERRORS['4']);
    const statusNum = raw === '' || Number(raw) === 0 ? 1000 : Number(raw);
    const taskid = (p.get('taskid') ?? '').trim();
    const items: StatusItem[] = [];
    for (let i = 0; i < self.statusQueue.length && items.length < statusNum; ) {
      if (taskid === '' || self.statusQueue[i].taskid === taskid) items.push(...self.statusQueue.splice(i, 1));
      else i++;
    }
    if (!json) return xmlReply(statusBoxes(items));
    // 4.5's example items: mobile, taskid, receivetime, errorcode (no status, no extno).
    const box = items.map((i) => ({ mobile: i.mobile, taskid: i.taskid, ...(self.jsonStatusField ? { status: i.status } : {}), receivetime: i.receivetime, errorcode: i.errorcode }));
    return jsonReply({ error: '1', remark: '成功', statusbox: box });
  };

  // ---- pwd.aspx (chapter 7)

  const pwd = (p: URLSearchParams): GatewayReply => {
    const forced = self.failNext.shift();
    if (forced) return statusOnlyXml(false, CODES[forced]?.text ?? forced);
    const account = p.get('account') ?? '';
    const old = p.get('password') ?? '';
    if (account === '' || old === '') return statusOnlyXml(false, MSG_EMPTY);
    // 7.2: "用户账号对应的旧密码" (plain, no MD5 note).
    if (account !== self.account || old !== self.password) return statusOnlyXml(false, MSG_WRONG);
    const next = p.get('newpassword') ?? '';
    if (next === '' || next.length > 20) return statusOnlyXml(false, CODES['1001'].text);
    self.password = next;
    return statusOnlyXml(true, MSG_OK);
  };

  // ---- freeTemplate.aspx (chapter 9)

  const freeTemplate = (p: URLSearchParams): GatewayReply => {
    const action = (p.get('action') ?? '').toLowerCase();
    const extra: Record<string, unknown> = action === 'query' ? { TemplateList: [] } : action === 'add' ? { TemplateId: '' } : {};
    const forced = self.failNext.shift();
    if (forced) return templateReply(forced, extra);
    const authCode = formAuthCode(p);
    if (authCode) return templateReply(authCode, extra);
    if (!self.templatesEnabled) return templateReply('1119', extra);
    const templateOk = (t: string): string | null => (t.trim() === '' ? '2001' : longestAtRun(t) > 5 ? '1001' : null);
    const id = (p.get('templateid') ?? '').trim();
    const row = self.templates.get(id);
    switch (action) {
      case 'add': {
        const t = p.get('template') ?? '';
        const bad = templateOk(t);
        if (bad) return templateReply(bad, extra);
        const newId = String(1611293848530529 + ++seq);
        self.templates.set(newId, { id: newId, template: t, status: 3 });
        return templateReply('1', { TemplateId: newId });
      }
      case 'query':
        if (!row) return templateReply('1001', extra);
        return templateReply('1', { TemplateList: [{ TemplateId: row.id, Status: row.status, Template: row.template }] });
      case 'update': {
        if (!row) return templateReply('1001');
        const t = p.get('template') ?? '';
        const bad = templateOk(t);
        if (bad) return templateReply(bad);
        // "报备内容修改后，会重新进入审核".
        self.templates.set(id, { id, template: t, status: 3 });
        return templateReply('1');
      }
      case 'del':
        if (!row) return templateReply('1001');
        self.templates.delete(id);
        return templateReply('1');
      default:
        return templateReply('1001');
    }
  };

  const handler = (req: GatewayRequest): GatewayReply => {
    const name = (req.path.split('/').pop() ?? '').toLowerCase();
    const params = requestParams(req, name === 'smsgbk.aspx' ? 'gb2312' : 'utf-8');
    self.calls.push({ path: name, params });
    switch (name) {
      case 'sms.aspx':
        return smsFamily(params, 'xml', false);
      case 'smsjson.aspx':
        return smsFamily(params, 'json', false);
      case 'smsgbk.aspx':
        return smsFamily(params, 'gbk', false);
      case 'batchsms.ashx':
        return smsFamily(params, 'xml', true);
      case 'ensms.ashx':
        return ensms(params);
      case 'mms.aspx':
        return mms(params);
      case 'statusapi.aspx':
        return pull(params, 'status', false);
      case 'statusjsonapi.aspx':
        return pull(params, 'status', true);
      case 'callapi.aspx':
        return pull(params, 'call', false);
      case 'calljsonapi.aspx':
        return pull(params, 'call', true);
      case 'pwd.aspx':
        return pwd(params);
      case 'freetemplate.aspx':
        return freeTemplate(params);
      case 'webservice.asmx':
        return soap(req);
      default:
        return { status: 404, contentType: 'text/html', body: '<html><body>404 Not Found</body></html>' };
    }
  };

  const base = await startGateway(handler);

  const statusPush = (messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] => {
    const items = messages.map((m) => statusItem(m, outcome === 'delivered'));
    const out: PushDelivery[] = [];
    for (let i = 0; i < items.length; i += PUSH_CHUNK) out.push(pushOf(statusBoxes(items.slice(i, i + PUSH_CHUNK))));
    return out;
  };
  const callItem = (mobile: string, text: string, extno?: string): CallItem => ({ mobile, content: text, receivetime: time(), extno: extno ?? '' });

  // The state lives on the returned object itself, so tests change it (balance, failNext…) in place.
  return Object.assign(self, base);
}
