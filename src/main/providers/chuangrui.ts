// 创瑞 (Chuangrui) driver, from its HTTP document: one per-customer URL for sending
// (type=pt) and the balance (type=balance), UTF-8 form POST, a one-line CSV answer,
// status reports and replies pushed to us. See docs/providers/chuangrui.md for every
// reading of the document's gaps.
import type { Capabilities } from '../../shared/providers';
import { unparseable } from './errors';
import type { HttpClient } from './http';
import type { AccountConfig, Balance, Driver, DriverFactory, MessageOutcome, OutboundMessage, SendContext, SendOutcome, Submission } from './types';
import { decodeText, formEncode, planSameText } from './util';
import { parseBalanceAnswer, parseSendAnswer, type SendAnswer } from './chuangrui/answer';
import { PROVIDER, codeError, localError } from './chuangrui/codes';
import { OPTION, parsePush, PUSH_CREDENTIAL } from './chuangrui/push';

export { CODES } from './chuangrui/codes';
export type { ChuangruiReplyIn } from './chuangrui/push';

/** The planner's form name, recorded in the journal: the document's `type=pt`. */
export const FORM = 'pt';
/** Not in the document; its own example answers 500 successes for one request. */
export const MAX_MOBILES = 500;
/** §1.6: content 1-500 characters. */
export const MAX_CONTENT_CHARS = 500;
/** Not in the document ("只能为数字"); 4 digits fits behind any system extension. */
export const EXTNO_MAX_DIGITS = 4;

const FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';
const STIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const sysExtChoices: Capabilities['options'][number]['choices'] = [
  { value: 'none', label: { zh: '未知（不拆分，扩展码整体保留）', en: 'Unknown (keep the whole extension)' } },
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8'].map((n) => ({ value: n, label: { zh: `${n} 位`, en: `${n} digits` } })),
];

const capabilities: Capabilities = {
  provider: 'chuangrui',
  label: { zh: '创瑞', en: 'Chuangrui' },
  charset: 'utf-8',
  defaultBaseUrl: null,
  fields: [
    { key: 'username', label: { zh: '用户账号', en: 'Account name' }, required: true, secret: false },
    { key: 'password', label: { zh: '接口密码（网页平台“基本资料”中）', en: 'API password (web console, 基本资料)' }, required: true, secret: true },
    { key: 'secret', label: { zh: 'AccessSecret 开发秘钥（校验状态报告推送，可不填）', en: 'AccessSecret (verifies status pushes; optional)' }, required: false, secret: true },
  ],
  options: [
    {
      key: OPTION.sysExtLength,
      label: { zh: '系统扩展码位数（用于从上行扩展码中截出自定义扩展码）', en: 'System extension length (to cut the custom extension out of replies)' },
      choices: sysExtChoices,
      default: 'none',
    },
  ],
  pushCredentials: [
    { key: PUSH_CREDENTIAL.reportPwd, label: { zh: '状态报告推送密码 pwd（请创瑞配置推送时设定的，可不填）', en: 'Status-report push password, pwd (as set with 创瑞 for the push; optional)' } },
    { key: PUSH_CREDENTIAL.moName, label: { zh: '上行推送用户名 name（可不填）', en: 'Reply push user name, name (optional)' } },
    { key: PUSH_CREDENTIAL.moPwd, label: { zh: '上行推送密码 pwd（可不填）', en: 'Reply push password, pwd (optional)' } },
  ],
  send: {
    maxMobilesPerRequest: MAX_MOBILES,
    personalised: null,
    contentMode: 'free-text',
    nativePlaceholder: null,
    maxChars: MAX_CONTENT_CHARS,
    scheduled: true,
    extnoMaxDigits: EXTNO_MAX_DIGITS,
  },
  segments: { single: 70, multi: 67 },
  signature: { placement: 'parameter', required: true, minChars: 2, maxChars: 8 },
  // Not a rule of this document: customary for marketing, so the preflight warns rather than refuses.
  marketingSuffix: { text: '拒收请回复R', requiredFor: [] },
  receipts: { pull: null, push: true },
  replies: { pull: null, push: true },
  balanceUnit: 'count',
  sendRecords: false,
  frequency: { perNumberPerDay: null, verificationPer3Minutes: null },
};

/** What send() returns: the documented counts, since the answer names no numbers. */
export interface ChuangruiSendOutcome extends SendOutcome {
  counts: { invalid: number; success: number; black: number };
  /**
   * Numbers the provider refused without saying which (0 < successcount < messages). Those
   * messages stay `submitted`: a receipt (DTBLACK, UNDELIV...) or its absence settles them.
   */
  unattributed: number;
}

/** The customer's URL as given; the PHP sample appends the query to it, so a trailing '?' is dropped. */
export function endpoint(baseUrl: string): string {
  const url = baseUrl.trim().replace(/[?&]+$/, '');
  try {
    new URL(url);
  } catch {
    throw localError('创瑞账户的接口地址为空或无效。请填写创瑞客服提供的接口请求地址。', 'The 创瑞 account URL is empty or invalid. Enter the request URL 创瑞 support gave you.');
  }
  return url;
}

function checkSubmission(messages: readonly OutboundMessage[]): string {
  if (messages.length === 0) throw localError('没有要发送的短信。', 'Nothing to send.');
  if (messages.length > MAX_MOBILES) {
    throw localError(`一次最多发送 ${MAX_MOBILES} 个号码。`, `At most ${MAX_MOBILES} numbers per request.`);
  }
  const text = messages[0].text;
  if (messages.some((m) => m.text !== text)) {
    throw localError('创瑞一次请求只能发送同一内容。', '创瑞 carries one text per request.');
  }
  // UCS-2 units, as carriers count (an emoji is 2): never under the provider's own count.
  const chars = text.length;
  if (chars === 0 || chars > MAX_CONTENT_CHARS) {
    throw localError(`内容须为 1-${MAX_CONTENT_CHARS} 个字。`, `The content must be 1-${MAX_CONTENT_CHARS} characters.`);
  }
  return text;
}

function checkContext(ctx: SendContext, signature: string | undefined): string {
  if (!signature?.trim()) {
    throw localError('创瑞要求签名（sign 参数），请在账户中填写签名。', '创瑞 requires a signature (sign); set it in the account.');
  }
  if (ctx.extno !== undefined && ctx.extno !== '' && !new RegExp(`^\\d{1,${EXTNO_MAX_DIGITS}}$`).test(ctx.extno)) {
    throw localError(`扩展码只能是 1-${EXTNO_MAX_DIGITS} 位数字。`, `The extension must be 1-${EXTNO_MAX_DIGITS} digits.`);
  }
  if (ctx.sendAt !== undefined && !STIME.test(ctx.sendAt)) {
    throw localError('定时发送时间格式应为 YYYY-MM-DD HH:mm:ss（北京时间）。', 'The schedule time must be YYYY-MM-DD HH:mm:ss (Beijing time).');
  }
  return signature.trim();
}

/** §1.6, in the document's order. Empty stime/extno are sent as the samples do ("stime=&…&extno="). */
export function sendForm(account: AccountConfig, submission: Submission, ctx: SendContext): string {
  const content = checkSubmission(submission.messages);
  const sign = checkContext(ctx, account.signature);
  return formEncode(
    {
      name: account.username,
      pwd: account.password,
      content,
      mobile: submission.messages.map((m) => m.mobile).join(','),
      stime: ctx.sendAt ?? '',
      sign,
      type: 'pt',
      extno: ctx.extno ?? '',
    },
    'utf-8',
  );
}

/**
 * Per-message outcomes from counts alone, never guessed: all submitted when the provider
 * took as many as we sent, all rejected when it took none; in between we cannot know
 * which ones it dropped, so all stay submitted and `unattributed` says how many are in doubt.
 */
export function outcomes(messages: readonly OutboundMessage[], a: Extract<SendAnswer, { ok: true }>): ChuangruiSendOutcome {
  const n = messages.length;
  const counts = { invalid: a.invalid, success: a.success, black: a.black };
  const base = { providerBatchId: a.sendid, counts };
  if (a.success >= n) {
    return { ...base, unattributed: 0, messages: messages.map((m): MessageOutcome => ({ ref: m.ref, status: 'submitted' })) };
  }
  if (a.success === 0) {
    const error = rejection(a);
    return { ...base, unattributed: 0, messages: messages.map((m): MessageOutcome => ({ ref: m.ref, status: 'rejected', error })) };
  }
  return { ...base, unattributed: n - a.success, messages: messages.map((m): MessageOutcome => ({ ref: m.ref, status: 'submitted' })) };
}

function rejection(a: Extract<SendAnswer, { ok: true }>): { code: string; text: string } {
  const counts = `invalidcount=${a.invalid} blackcount=${a.black} successcount=0`;
  if (a.invalid > 0 && a.black === 0) return { code: 'invalidcount', text: `无效号码 invalid number (${counts}) ${a.msg}`.trim() };
  if (a.black > 0 && a.invalid === 0) return { code: 'blackcount', text: `黑名单号码 blacklisted number (${counts}) ${a.msg}`.trim() };
  return { code: 'successcount', text: `未成功提交 not submitted (${counts}) ${a.msg}`.trim() };
}

function create(account: AccountConfig, http: HttpClient): Driver {
  // Checked at the first request (an invalid URL is that request's error), then kept.
  let url: string | undefined;
  const post = async (form: string, signal?: AbortSignal): Promise<string> => {
    url ??= endpoint(account.baseUrl);
    const res = await http.request({ method: 'POST', url, headers: { 'content-type': FORM_TYPE }, body: form, signal });
    return decodeText(res.body, 'utf-8');
  };

  return {
    capabilities,
    operations: {},

    plan(messages) {
      return planSameText(messages, MAX_MOBILES, FORM);
    },

    async send(submission, ctx, signal): Promise<ChuangruiSendOutcome> {
      const body = await post(sendForm(account, submission, ctx), signal);
      const answer = parseSendAnswer(body);
      if (answer === null) throw unparseable(PROVIDER, body);
      if (!answer.ok) throw codeError(answer.code, answer.msg);
      return outcomes(submission.messages, answer);
    },

    async balance(signal): Promise<Balance> {
      const body = await post(formEncode({ name: account.username, pwd: account.password, type: 'balance' }, 'utf-8'), signal);
      const answer = parseBalanceAnswer(body);
      if (answer === null) throw unparseable(PROVIDER, body);
      if (!answer.ok) throw codeError(answer.code, answer.msg);
      return { unit: 'count', amount: answer.amount, raw: body.trim() };
    },

    parsePush(request) {
      return parsePush(request, account);
    },

    close() {
      return http.close();
    },
  };
}

export const chuangrui: DriverFactory = { capabilities, create };
