// Simulated 云触达 gateway, written from "短信平台接口说明V2.2" (not from the driver):
// JSON bodies over POST, sign = MD5(username + password + timestamp) in upper case,
// JSON-RPC 2.0 answers, templates and signatures with a review the tests perform, and
// pushes in the `smsstate=` / `upstream=` formats of section 3.
//
// Where the document shows no error for a check it implies (a balance too low, an
// unapproved template...), this gateway answers code -32006, the only code the document
// ever prints, with a Chinese message of its own.
import { createHash, randomUUID } from 'node:crypto';
import { beijingTime } from '../../src/main/providers/util';
import { startGateway, type AcceptedMessage, type GatewayReply, type GatewayRequest, type PushDelivery, type SimulatedGateway } from './harness';

export interface YunchudaGatewayOptions {
  username?: string;
  password?: string;
  /** Messages (billed parts) left. */
  balance?: number;
}

export interface GatewayTemplate {
  id: string;
  /** Decoded content, variables written {name}. */
  content: string;
  signName: string;
  remark?: string;
  /** 0 待审核, 1 审核通过, 2 审核失败 (4.2). */
  status: 0 | 1 | 2;
}

export interface GatewaySignature {
  id: string;
  name: string;
  created: string;
  /** -1 等待审核, 0 审核中, 1 审核通过, 2 审核失败 (5.2). */
  checkstate: -1 | 0 | 1 | 2;
  checkresult: string;
}

export interface GatewayBatch {
  id: string;
  smstype: string;
  templateId: string;
  appendid?: string;
  sendtime?: string;
  recipients: number;
  parts: number;
}

export interface YunchudaGateway extends SimulatedGateway {
  username: string;
  password: string;
  templates: Map<string, GatewayTemplate>;
  signatures: Map<string, GatewaySignature>;
  batches: GatewayBatch[];
  /** The next request (to `path`, e.g. '/Sms/SendBatchSms', or any) gets this JSON-RPC error, unprocessed. */
  forceError(code: string, message: string, path?: string): void;
  /** The next request (to `path`, or any) gets this body verbatim, unprocessed. */
  forceAnswer(body: string, path?: string): void;
  /** The review: approve (status 1) or fail (status 2) a template. */
  reviewTemplate(id: string, approved?: boolean): void;
  /** The review of a signature, by id or name. */
  reviewSignature(idOrName: string, approved?: boolean, reason?: string): void;
  /** An approved signature (created if needed) and an approved template with this content; returns its TPCODE_ id. */
  addApprovedTemplate(content: string, signName?: string): string;
  /** An approved 数字短信 template (VIDEOCODE_…), which the API cannot create. */
  addDigitalTemplate(content: string, signName?: string): string;
}

export const PATHS = {
  send: '/Sms/SendBatchSms',
  balance: '/Sms/GetSmsBalance',
  templateAdd: '/SmsTemp/SmsTempAdd',
  templateGet: '/SmsTemp/SmsTemplateGet',
  templateDel: '/SmsTemp/SmsTemplateDel',
  templateEdit: '/SmsTemp/SmsTemplateEdit',
  signCreate: '/SmsSign/SmsSignCreated',
  signGet: '/SmsSign/SmsSignGet',
  signDel: '/SmsSign/SmsSignDel',
} as const;

const SMSTYPES = ['SMS_10000', 'SMS_10001', 'SMS_10002', 'SMS_100017'] as const;
const DIGITAL = 'SMS_100017';
const MARKETING = 'SMS_10000';
const SUFFIX = '拒收请回复R';
const MAX_NUMBERS = 200;
const MAX_ENTRIES = 2000;
const MAX_CHARS = 500;

/** A documented (or -32006) refusal, thrown inside a handler and answered as JSON-RPC error. */
class RpcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(message: string, code = '-32006'): never {
  throw new RpcFailure(code, message);
}

type Params = Record<string, unknown>;

function rpcReply(payload: { result: unknown } | { error: { code: string; message: string } }): GatewayReply {
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ jsonrpc: '2.0', id: randomUUID(), ...payload }) };
}

/** An optional String parameter: absent, or a string (the document types every field String). */
function str(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return fail(`参数${key}类型错误`);
  return v;
}

function required(params: Params, key: string, message: string): string {
  const v = str(params, key);
  if (v === undefined || v.trim() === '') return fail(message);
  return v;
}

/** Decodes a "UTF-8 urlencode" value strictly: only characters an URL encoder emits, valid UTF-8 bytes. */
function urlDecode(value: string, what: string): string {
  if (!/^[A-Za-z0-9\-_.!~*'()%+]*$/.test(value)) fail(`${what}需UTF-8 urlencode编码`);
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      const hex = value.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail(`${what}编码错误`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(value[i] === '+' ? 0x20 : value.charCodeAt(i));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes));
  } catch {
    return fail(`${what}不是UTF-8编码`);
  }
}

function variablesOf(content: string): string[] {
  return [...content.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
}

/** 6.2: up to 70 characters one part, beyond that 67 per part; every character counts one. */
export function partsOf(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/** What the recipient sees: the template with its signature in front unless the content already starts with 【…】. */
function render(template: GatewayTemplate, vars: Record<string, string>): string {
  const body = template.content.replace(/\{([^{}]+)\}/g, (_, name: string) => vars[name]);
  return body.startsWith('【') ? body : `【${template.signName}】${body}`;
}

/** The url-encoding a .NET platform would use for a reply's content: UTF-8, space as '+'. */
function encodeReply(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

export async function startYunchudaGateway(opts: YunchudaGatewayOptions = {}): Promise<YunchudaGateway> {
  const username = opts.username ?? 'test';
  const password = opts.password ?? '123456';
  const templates = new Map<string, GatewayTemplate>();
  const signatures = new Map<string, GatewaySignature>();
  const batches: GatewayBatch[] = [];
  const accepted: AcceptedMessage[] = [];
  const forced: { path?: string; reply: GatewayReply }[] = [];
  let nextTemplate = 100000;
  let nextSignature = 1001;

  function signatureByName(name: string): GatewaySignature | undefined {
    return [...signatures.values()].find((s) => s.name === name);
  }

  function createSignature(name: string): GatewaySignature {
    const s: GatewaySignature = { id: String(nextSignature++), name, created: beijingTime(new Date(), 'yyyy-MM-dd HH:mm:ss'), checkstate: -1, checkresult: '' };
    signatures.set(s.id, s);
    return s;
  }

  function createTemplate(prefix: string, content: string, signName: string, remark?: string): GatewayTemplate {
    const t: GatewayTemplate = { id: `${prefix}${nextTemplate++}`, content, signName, remark, status: 0 };
    templates.set(t.id, t);
    return t;
  }

  function checkAuth(params: Params, path: string): void {
    // 5.2 prints its own wording for the same failure.
    const refusal = path === PATHS.signGet ? '签名验证失败' : '签名校验不通过';
    const user = str(params, 'username');
    const sign = str(params, 'sign');
    const timestamp = str(params, 'timestamp');
    if (!user || !sign || !timestamp) fail(refusal);
    if (user.length > 30 || !/^\d{1,18}$/.test(timestamp)) fail(refusal);
    // Concatenated without separators, in this order, 32 upper-case characters.
    if (user !== username || sign !== md5Upper(username + password + timestamp)) fail(refusal);
  }

  // ---- 1. SendBatchSms ----------------------------------------------------------

  interface Entry {
    template: GatewayTemplate;
    numbers: string[];
    vars: Record<string, string>;
  }

  function readEntry(raw: unknown, smstype: string): Entry {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('消息数组格式错误');
    const e = raw as Params;
    const mobiles = required(e, 'smsmobile', '接收手机号不能为空');
    const templateId = required(e, 'smstemplateid', '短信模板id不能为空');
    const numbers = mobiles.split(',');
    if (numbers.length > MAX_NUMBERS) fail(`单个smsmobile最多支持${MAX_NUMBERS}个手机号码`);
    for (const n of numbers) if (!/^1\d{10}$/.test(n)) fail(`手机号码格式错误：${n}`);
    const template = templates.get(templateId) ?? fail(`短信模板不存在：${templateId}`);
    if (template.status !== 1) fail(`短信模板未审核通过：${templateId}`);
    const digital = templateId.startsWith('VIDEOCODE_');
    if (digital !== (smstype === DIGITAL)) fail('短信类型与模板类型不符');
    const names = digital ? [] : variablesOf(template.content);
    // smscontent only matters when the template has variables (选填 otherwise).
    if (names.length === 0) return { template, numbers, vars: {} };
    const content = required(e, 'smscontent', '模板中有变量，smscontent不能为空');
    if (Buffer.byteLength(content) > 500) fail('smscontent超出最大长度500');
    let vars: unknown;
    try {
      vars = JSON.parse(urlDecode(content, 'smscontent'));
    } catch (err) {
      if (err instanceof RpcFailure) throw err;
      return fail('smscontent不是Json格式');
    }
    if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) return fail('smscontent不是Json格式');
    const values: Record<string, string> = {};
    for (const name of names) {
      const v = (vars as Params)[name];
      if (typeof v !== 'string' && typeof v !== 'number') fail(`缺少变量：${name}`);
      values[name] = String(v);
    }
    return { template, numbers, vars: values };
  }

  function send(params: Params): string {
    const smstype = required(params, 'smstype', '短信类型不能为空');
    if (!(SMSTYPES as readonly string[]).includes(smstype)) fail(`短信类型错误：${smstype}`);
    const appendid = str(params, 'appendid');
    if (appendid !== undefined && !/^\d{1,5}$/.test(appendid)) fail('扩展码最多5位数字');
    const sendtime = str(params, 'sendtime');
    if (sendtime !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(sendtime)) fail('定时发送时间格式错误');
    const list = params.messagelist;
    if (!Array.isArray(list) || list.length === 0) return fail('消息数组不能为空');
    if (list.length > MAX_ENTRIES) fail(`消息数组最多${MAX_ENTRIES}条`);
    const entries = list.map((raw) => readEntry(raw, smstype));
    const total = entries.reduce((n, e) => n + e.numbers.length, 0);
    if (total > MAX_NUMBERS) fail(`一次提交号码数不能超过${MAX_NUMBERS}个`);
    // The document's own example sends 13800138000 twice in one request: repeats are accepted.
    const rows = entries.flatMap((e) => e.numbers.map((mobile) => ({ mobile, text: render(e.template, e.vars), templateId: e.template.id })));
    for (const r of rows) {
      if ([...r.text].length > MAX_CHARS) fail(`短信内容超过${MAX_CHARS}个字`);
      if (smstype === MARKETING && !r.text.endsWith(SUFFIX)) fail(`营销短信内容必须以“${SUFFIX}”结尾`);
    }
    const parts = rows.reduce((n, r) => n + partsOf(r.text), 0);
    if (parts > gw.balance) fail('余额不足');
    gw.balance -= parts;
    const batchId = randomUUID();
    for (const r of rows) accepted.push({ mobile: r.mobile, text: r.text, batchId, ...(appendid ? { extno: appendid } : {}) });
    batches.push({ id: batchId, smstype, templateId: rows[0].templateId, appendid, sendtime, recipients: rows.length, parts });
    return batchId;
  }

  // ---- 4. templates, 5. signatures -------------------------------------------------

  function templateContent(params: Params, key: string): { content: string; remark?: string } {
    const encoded = required(params, key, '短信内容不能为空');
    if (Buffer.byteLength(encoded) > 1000) fail('短信内容超出最大长度1000');
    const content = urlDecode(encoded, '短信内容');
    if (content.trim() === '') fail('短信内容不能为空');
    const rawRemark = str(params, 'Remark');
    if (rawRemark !== undefined && Buffer.byteLength(rawRemark) > 200) fail('变量说明超出最大长度200');
    const remark = rawRemark ? urlDecode(rawRemark, '变量说明') : undefined;
    if (variablesOf(content).length > 0 && !remark) fail('内容中有变量时，需添加变量说明');
    return { content, remark };
  }

  function templateAdd(params: Params): string {
    const { content, remark } = templateContent(params, 'Content');
    const signName = required(params, 'SmsName', '短信签名不能为空');
    if (signatureByName(signName)?.checkstate !== 1) fail(`短信签名未审核通过：${signName}`);
    return createTemplate('TPCODE_', content, signName, remark).id;
  }

  function existingTemplate(id: string): GatewayTemplate {
    return templates.get(id) ?? fail(`短信模板不存在：${id}`);
  }

  function templateEdit(params: Params): string {
    const t = existingTemplate(required(params, 'Smstemplateid', '模板id不能为空'));
    const { content, remark } = templateContent(params, 'Content');
    Object.assign(t, { content, remark, status: 0 });
    return 'SUCCESS';
  }

  function signCreate(params: Params): string {
    const name = required(params, 'signname', '签名不能为空');
    if ([...name].length < 3) fail('签名名称至少需要3个字');
    if (Buffer.byteLength(name) > 30) fail('签名名称超出最大长度30');
    if (signatureByName(name)) fail('签名已存在');
    createSignature(name);
    return 'success';
  }

  function signGet(params: Params): string {
    const id = str(params, 'signid');
    const list = [...signatures.values()].filter((s) => !id || s.id === id);
    return JSON.stringify(list.map((s) => ({ id: s.id, smsname: s.name, created: s.created, checkstate: String(s.checkstate), checkresult: s.checkresult })));
  }

  const routes: Record<string, (params: Params) => unknown> = {
    [PATHS.send]: send,
    [PATHS.balance]: () => String(gw.balance),
    [PATHS.templateAdd]: templateAdd,
    [PATHS.templateGet]: (p) => `{status:${existingTemplate(required(p, 'smstemplateid', '短信模板id不能为空')).status}}`,
    [PATHS.templateDel]: (p) => {
      templates.delete(existingTemplate(required(p, 'smstemplateid', '模板id不能为空')).id);
      return 'SUCCESS';
    },
    [PATHS.templateEdit]: templateEdit,
    [PATHS.signCreate]: signCreate,
    [PATHS.signGet]: signGet,
    [PATHS.signDel]: (p) => {
      const id = required(p, 'signid', '签名不能为空');
      if (!signatures.delete(id)) fail(`签名不存在：${id}`);
      return 'success';
    },
  };

  function handle(req: GatewayRequest): GatewayReply {
    const route = routes[req.path];
    if (!route) return { status: 404, body: 'Not Found' };
    if (req.method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
    const i = forced.findIndex((f) => f.path === undefined || f.path === req.path);
    if (i >= 0) return forced.splice(i, 1)[0].reply;
    // 1.4: Content-type:application/json, UTF-8 bytes.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return rpcReply({ error: { code: '-32700', message: 'Parse error' } });
    let params: unknown;
    try {
      params = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.body));
    } catch {
      return rpcReply({ error: { code: '-32700', message: 'Parse error' } });
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return rpcReply({ error: { code: '-32600', message: 'Invalid Request' } });
    try {
      checkAuth(params as Params, req.path);
      return rpcReply({ result: route(params as Params) });
    } catch (err) {
      if (err instanceof RpcFailure) return rpcReply({ error: { code: err.code, message: err.message } });
      throw err;
    }
  }

  const base = await startGateway(handle);

  function reportDelivery(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[] {
    if (messages.length === 0) return [];
    const time = beijingTime(new Date(), 'yyyyMMddHHmmss');
    // 3.2: phone,status,batch,time; each record ends with ';'. 1 = received, other = failed.
    const body = 'smsstate=' + messages.map((m) => `${m.mobile},${outcome === 'delivered' ? '1' : '2'},${m.batchId},${time};`).join('');
    return [{ method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(body, 'utf8') }];
  }

  function reply(mobile: string, text: string, extno?: string): PushDelivery[] {
    const time = beijingTime(new Date(), 'yyyyMMddHHmmss');
    // 3.3, spacing as the document's example has it ("…,%AA%B5%BD8, 20190114165254; ").
    const body = `upstream=${mobile},${extno ?? '1000'},${encodeReply(text)}, ${time};`;
    return [{ method: 'POST', query: '', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(body, 'utf8') }];
  }

  function approvedSignature(name: string): void {
    const s = signatureByName(name) ?? createSignature(name);
    s.checkstate = 1;
  }

  // Handlers read `gw.balance`; requests only arrive once it exists.
  const gw: YunchudaGateway = Object.assign(base, {
    username,
    password,
    accepted,
    balance: opts.balance ?? 1_000_000,
    templates,
    signatures,
    batches,
    reportDelivery,
    reply,
    forceError(code: string, message: string, path?: string) {
      forced.push({ path, reply: rpcReply({ error: { code, message } }) });
    },
    forceAnswer(body: string, path?: string) {
      forced.push({ path, reply: { contentType: 'application/json; charset=utf-8', body } });
    },
    reviewTemplate(id: string, approved = true) {
      const t = templates.get(id);
      if (!t) throw new Error(`no template ${id}`);
      t.status = approved ? 1 : 2;
    },
    reviewSignature(idOrName: string, approved = true, reason = '') {
      const s = signatures.get(idOrName) ?? signatureByName(idOrName);
      if (!s) throw new Error(`no signature ${idOrName}`);
      s.checkstate = approved ? 1 : 2;
      s.checkresult = approved ? '' : reason;
    },
    addApprovedTemplate(content: string, signName = '星巴克') {
      approvedSignature(signName);
      const t = createTemplate('TPCODE_', content, signName);
      t.status = 1;
      return t.id;
    },
    addDigitalTemplate(content: string, signName = '星巴克') {
      approvedSignature(signName);
      const t = createTemplate('VIDEOCODE_', content, signName);
      t.status = 1;
      return t.id;
    },
  });
  return gw;
}
