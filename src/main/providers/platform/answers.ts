// Reading the platform's answers to sends, balance queries and the password change.
// A well-formed failure throws the mapped ProviderError; anything we cannot read
// throws unparseable() (class unknown: for a send we cannot tell what happened).
import { unparseable } from '../errors';
import { messageError, resultCodeError, OK_CODE } from './codes';
import { childText, localName, parseXml, type XmlElement } from './xml';

/** 1.3: "成功返回Success"; 3.3 writes "Sucess" for the same field: both mean success. */
const SUCCESS = /^(Success|Sucess)$/i;
/** "失败返回：Fail"; chapter 9 writes "Faild". */
const FAILURE = /^(Fail|Faild|Failed)$/i;

export interface SendAnswer {
  taskId: string;
  message: string;
  remainpoint?: number;
  successCounts?: number;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** Parses a body that must be an XML document with root <returnsms>. */
export function returnsms(body: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (err) {
    throw unparseable('platform', body, err);
  }
  if (localName(root.name) !== 'returnsms') throw unparseable('platform', body);
  return root;
}

export function jsonObject(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw unparseable('platform', body, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unparseable('platform', body);
  return value as Record<string, unknown>;
}

/** returnstatus → true / false, or unparseable. */
function succeeded(status: string, body: string): boolean {
  if (SUCCESS.test(status)) return true;
  if (FAILURE.test(status)) return false;
  throw unparseable('platform', body);
}

function sendAnswer(get: (key: string) => string | undefined, body: string): SendAnswer {
  const message = get('message') ?? '';
  if (!succeeded(get('returnstatus') ?? '', body)) throw messageError(message);
  const taskId = get('taskID') ?? '';
  // A success without a task id cannot be matched to receipts: treat as unreadable.
  if (!/^\S+$/.test(taskId)) throw unparseable('platform', body);
  return { taskId, message, remainpoint: toNumber(get('remainpoint')), successCounts: toNumber(get('successCounts')) };
}

/** 1.3 (sms.aspx, smsGBK.aspx, BatchSms.ashx, mms.aspx). */
export function readSendXml(body: string): SendAnswer {
  const root = returnsms(body);
  return sendAnswer((k) => childText(root, k), body);
}

/** 1.4 (smsJson.aspx). */
export function readSendJson(body: string): SendAnswer {
  const o = jsonObject(body);
  return sendAnswer((k) => (k in o ? str(o[k]) : undefined), body);
}

export interface EnsmsAnswer {
  msgId: string;
  amount?: number;
  successCounts?: number;
  errors: unknown[];
}

/** 1.5's answer: {"StatusCode":1,"Description":"操作成功","MsgId":…,"Amount":…,"SuccessCounts":…,"Errors":[]}. */
export function readEnsms(body: string): EnsmsAnswer {
  const o = jsonObject(body);
  const code = str(o.StatusCode);
  if (code === '') throw unparseable('platform', body);
  if (code !== OK_CODE) throw resultCodeError(code, str(o.Description));
  const msgId = str(o.MsgId);
  if (msgId === '') throw unparseable('platform', body);
  return { msgId, amount: toNumber(o.Amount), successCounts: toNumber(o.SuccessCounts), errors: Array.isArray(o.Errors) ? o.Errors : [] };
}

export interface Overage {
  overage: number;
  /** The overage field as written. */
  overageRaw: string;
  payinfo: string;
  sendTotal: string;
}

function overage(get: (key: string) => string | undefined, body: string): Overage {
  if (!succeeded(get('returnstatus') ?? '', body)) throw messageError(get('message') ?? '');
  const raw = get('overage') ?? '';
  const n = toNumber(raw);
  if (n === undefined) throw unparseable('platform', body);
  return { overage: n, overageRaw: raw, payinfo: get('payinfo') ?? '', sendTotal: get('sendTotal') ?? '' };
}

/** 3.3 (XML; success written "Sucess" there). */
export function readOverageXml(body: string): Overage {
  const root = returnsms(body);
  return overage((k) => childText(root, k), body);
}

/** 3.4 (JSON). */
export function readOverageJson(body: string): Overage {
  const o = jsonObject(body);
  return overage((k) => (k in o ? str(o[k]) : undefined), body);
}

/** 7.3: returnstatus + message only. */
export function readStatusXml(body: string): string {
  const root = returnsms(body);
  const message = childText(root, 'message') ?? '';
  if (!succeeded(childText(root, 'returnstatus') ?? '', body)) throw messageError(message);
  return message;
}
