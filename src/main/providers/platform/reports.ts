// Delivery reports and replies: the XML and JSON pulls (chapters 4 and 5) and the XML
// pushes (chapter 6), which carry the same <statusbox>/<callbox> elements.
import { ProviderError, info, unparseable } from '../errors';
import { decodeText } from '../util';
import type { PullPage, PushRequest, PushResult, ReceiptIn, ReplyIn } from '../types';
import { OK_CODE, pullError, resultCodeError } from './codes';
import { jsonObject, returnsms, str } from './answers';
import { children, childText, localName, parseXml, xmlCharset, type XmlElement } from './xml';

type Fields = (key: string) => string | undefined;

/** .NET's DateTime.MinValue, which the JSON reply example shows for "no time". */
const NO_TIME = /^0001-01-01/;

function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' || NO_TIME.test(value) ? undefined : value;
}

/**
 * 10 delivered, 20 failed. The JSON example has no `status`: then errorcode decides,
 * DELIVRD (the value the XML example pairs with 10) meaning delivered.
 */
export function isDelivered(status: string, errorcode: string): boolean {
  if (status === '10') return true;
  if (status === '20') return false;
  return errorcode.toUpperCase() === 'DELIVRD';
}

function receipt(get: Fields, body: string): ReceiptIn {
  const mobile = get('mobile') ?? '';
  if (mobile === '') throw unparseable('platform', body);
  const status = get('status') ?? '';
  const errorcode = get('errorcode') ?? '';
  return {
    mobile,
    providerBatchId: optional(get('taskid')),
    // errorcode is the upstream gateway's own word (DELIVRD, MK:0001…), the useful one to show.
    status: errorcode !== '' ? errorcode : status,
    delivered: isDelivered(status, errorcode),
    reportedAt: optional(get('receivetime')),
    extno: optional(get('extno')),
  };
}

function reply(get: Fields, body: string): ReplyIn {
  const mobile = get('mobile') ?? '';
  if (mobile === '') throw unparseable('platform', body);
  return { mobile, text: get('content') ?? '', repliedAt: optional(get('receivetime')), extno: optional(get('extno')) };
}

function xmlFields(el: XmlElement): Fields {
  return (k) => childText(el, k);
}

function jsonFields(value: unknown, body: string): Fields {
  if (typeof value !== 'object' || value === null) throw unparseable('platform', body);
  const o = value as Record<string, unknown>;
  return (k) => (k in o ? str(o[k]) : undefined);
}

/** Throws the errorstatus answer (4.4 / 5.4) if that is what came back. */
function throwErrorStatus(root: XmlElement): void {
  const err = children(root, 'errorstatus')[0];
  if (err) throw pullError(childText(err, 'error') ?? '', childText(err, 'remark') ?? '');
}

function page<T>(items: T[], pageSize: number): PullPage<T> {
  return { items, more: items.length >= pageSize };
}

export function readStatusXml(body: string, pageSize: number): PullPage<ReceiptIn> {
  const root = returnsms(body);
  throwErrorStatus(root);
  return page(children(root, 'statusbox').map((b) => receipt(xmlFields(b), body)), pageSize);
}

export function readCallXml(body: string, pageSize: number): PullPage<ReplyIn> {
  const root = returnsms(body);
  throwErrorStatus(root);
  return page(children(root, 'callbox').map((b) => reply(xmlFields(b), body)), pageSize);
}

/**
 * 4.5 / 5.5: {"error":"1","remark":"成功","statusbox":[…]}. Here "1" is success and
 * failures use chapter 10 codes ({"error":"1005","remark":"密码错了"}), unlike the XML
 * pulls where error 1 means "用户名或密码不能为空".
 */
function jsonList(body: string, key: 'statusbox' | 'callbox'): unknown[] {
  const o = jsonObject(body);
  const code = str(o.error);
  if (code !== '' && code !== OK_CODE) throw resultCodeError(code, str(o.remark));
  const list = o[key];
  if (list === undefined || list === null) {
    if (code === OK_CODE) return [];
    throw unparseable('platform', body);
  }
  if (!Array.isArray(list)) throw unparseable('platform', body);
  return list;
}

export function readStatusJson(body: string, pageSize: number): PullPage<ReceiptIn> {
  return page(jsonList(body, 'statusbox').map((v) => receipt(jsonFields(v, body), body)), pageSize);
}

export function readCallJson(body: string, pageSize: number): PullPage<ReplyIn> {
  return page(jsonList(body, 'callbox').map((v) => reply(jsonFields(v, body), body)), pageSize);
}

function notPush(body: string): ProviderError {
  return new ProviderError(
    'platform',
    '',
    body.slice(0, 200),
    info(
      'request',
      '收到的推送不是本服务商的格式（应为 returnsms 下的 statusbox / callbox XML），已忽略。',
      'The push is not in this provider format (XML returnsms with statusbox / callbox); ignored.',
    ),
  );
}

/** 6.4: "如果客户成功接收状态或上行，请返回"1"字符串". */
const PUSH_ANSWER = { status: 200, contentType: 'text/plain; charset=utf-8', body: '1' };

/** Chapter 6: the whole POST body is the XML (the document reads it as UTF-8). */
export function parsePlatformPush(request: PushRequest): PushResult {
  const text = decodeText(request.body, xmlCharset(request.body, 'utf-8'));
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch {
    throw notPush(text);
  }
  if (localName(root.name) !== 'returnsms') throw notPush(text);
  const known = root.children.every((c) => ['statusbox', 'callbox'].includes(localName(c.name)));
  if (!known) throw notPush(text);
  try {
    return {
      receipts: children(root, 'statusbox').map((b) => receipt(xmlFields(b), text)),
      replies: children(root, 'callbox').map((b) => reply(xmlFields(b), text)),
      answer: PUSH_ANSWER,
    };
  } catch {
    throw notPush(text);
  }
}
