// Driver for smsadmin (通用短信平台, smsadmin.cn), HTTP interface document 1.0.5.
// GB2312 both ways; same-text sends by POST (1000 numbers) or GET (100), personalised
// sends by 点点通 (post_send_ddt, 1000 groups); linkid = our submission key, so pulled
// and pushed reports and replies match the submission. See docs/providers/smsadmin.md.
import { z } from 'zod';
import type { Capabilities } from '../../shared/providers';
import type { HttpClient } from './http';
import type {
  AccountConfig,
  Balance,
  Driver,
  DriverFactory,
  MessageOutcome,
  Operation,
  OutboundMessage,
  PullPage,
  PushRequest,
  PushResult,
  ReceiptIn,
  ReplyIn,
  SendContext,
  SendOutcome,
  Submission,
} from './types';
import { decodeText, formEncode, travelsInGbk } from './util';
import {
  DDT_MAX_GROUPS,
  GET_MAX_MOBILES,
  OPTION_ENDPOINT,
  OPTION_METHOD,
  OPTION_REPLY_FORMAT,
  POST_MAX_MOBILES,
  capabilities,
  capabilitiesFor,
  type EndpointVariant,
  type ReplyFormat,
  type SendMethod,
} from './smsadmin/capabilities';
import { checkSendAnswer, localRequestError } from './smsadmin/errors';
import { parseBalance, parsePushRequest, parseReplyPage, parseReportPage, parseSensitiveWords } from './smsadmin/parse';
import { DDT_FORM, ddtValues, planSubmissions, toDdtTemplate, type DdtTemplate, type PlainForm } from './smsadmin/plan';
import { balanceEndpoint, ddtSendParams, endpointUrl, plainSendParams, sendCredentials, sendEndpoint, urlEncodedValue } from './smsadmin/request';

export { ContentTooLongError } from './smsadmin/errors';

/** The smsadmin driver, with the sensitive-word check (6. 敏感字查询) the preflight may call directly. */
export interface SmsadminDriver extends Driver {
  /** The words of `text` the platform flags; [] when it answers 不含敏感字. */
  checkSensitiveWords(text: string, signal?: AbortSignal): Promise<string[]>;
}

/** linkid: 数字、字母、数字字母组合，最大长度为 32 位. */
const LINKID = /^[A-Za-z0-9]{1,32}$/;
/** dtime: 格式 0000-00-00 00:00:00. */
const DTIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** What can travel in the ';'-separated mobile list. */
const MOBILE = /^\+?\d{3,20}$/;

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=gb2312';

/** Per-recipient refusals decided before anything leaves (the provider would drop or garble these). */
const LOCAL = {
  mobile: { code: 'LOCAL_MOBILE', text: '号码格式无法提交 / the number cannot travel in the mobile list' },
  charset: { code: 'LOCAL_CHARSET', text: '内容含有 GB2312/GBK 无法表示的字符（如表情符号）/ the text has characters GB2312/GBK cannot carry (e.g. emoji)' },
  duplicate: {
    code: 'LOCAL_DUPLICATE',
    text: '同一提交中号码重复，服务商会自动删除重复号码 / the number repeats in one submission, which the provider silently drops',
  },
  ddt: { code: 'LOCAL_DDT', text: '变量值无法通过点点通参数传递 / a value cannot travel in 点点通 params' },
} as const;

function option<T extends string>(account: AccountConfig, key: string, allowed: readonly T[], fallback: T): T {
  const value = account.options[key];
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}


const sensitiveWordsParams = z.object({ text: z.string().min(1).max(2000) });

class Smsadmin implements SmsadminDriver {
  readonly capabilities: Capabilities;
  readonly operations: Record<string, Operation>;
  private readonly variant: EndpointVariant;
  private readonly method: SendMethod;
  private readonly replyFormat: ReplyFormat;

  constructor(
    private readonly account: AccountConfig,
    private readonly http: HttpClient,
  ) {
    // An unknown stored value falls back to the default rather than failing the account.
    this.variant = option(account, OPTION_ENDPOINT, ['md5', 'plain', 'urldecode'] as const, 'md5');
    this.method = option(account, OPTION_METHOD, ['post', 'get'] as const, 'post');
    this.replyFormat = option(account, OPTION_REPLY_FORMAT, ['urlencode', 'plain'] as const, 'urlencode');
    this.capabilities = capabilitiesFor(this.method);
    const sensitiveWords: Operation<typeof sensitiveWordsParams> = {
      description: {
        zh: '敏感字查询：提交短信内容，返回平台认定的敏感字（发送前检查）。',
        en: 'Sensitive-word check: returns the words of the text the platform flags (check before sending).',
      },
      params: sensitiveWordsParams,
      run: async (params, signal) => {
        const words = await this.checkSensitiveWords(params.text, signal);
        return { words, clean: words.length === 0 };
      },
    };
    this.operations = { 'sensitive-words': sensitiveWords };
  }

  plan(messages: OutboundMessage[], ctx: Omit<SendContext, 'submissionKey'>): Submission[] {
    return this.method === 'get'
      ? planSubmissions(messages, ctx.template, { plainForm: 'get_send', plainMax: GET_MAX_MOBILES, ddtMax: null })
      : planSubmissions(messages, ctx.template, { plainForm: 'post_send', plainMax: POST_MAX_MOBILES, ddtMax: DDT_MAX_GROUPS });
  }

  async send(submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome> {
    checkContext(ctx);
    const form = submission.form;
    if (form !== 'post_send' && form !== 'get_send' && form !== DDT_FORM) {
      throw localRequestError(`unknown form ${form}`, '内部错误：未知的提交方式，未发送。', 'Internal error: unknown submission form; nothing was sent.');
    }
    const outcomes = new Map<OutboundMessage, MessageOutcome>();
    const sendable = screen(submission.messages, outcomes);
    const sent = form === DDT_FORM ? await this.sendDdt(sendable, ctx, outcomes, signal) : await this.sendPlain(form, sendable, ctx, signal);
    for (const m of sent) outcomes.set(m, { ref: m.ref, status: 'submitted' });
    return {
      providerBatchId: sent.length > 0 ? ctx.submissionKey : null,
      // Every message got an outcome above: refused by screen() or sendDdt(), or sent.
      messages: submission.messages.map((m) => outcomes.get(m) as MessageOutcome),
    };
  }

  /** 2./3.: one text to a ';'-separated list of numbers. Returns the messages sent. */
  private async sendPlain(form: PlainForm, messages: OutboundMessage[], ctx: SendContext, signal?: AbortSignal): Promise<OutboundMessage[]> {
    if (messages.length === 0) return [];
    if (messages.some((m) => m.text !== messages[0].text)) {
      throw localRequestError('mixed texts in a same-text submission', '内部错误：同内容提交中含有不同内容，未发送。', 'Internal error: a same-text submission holds different texts; nothing was sent.');
    }
    const creds = sendCredentials(form, this.variant, this.account.username, this.account.password);
    const params = plainSendParams(form, this.variant, creds, {
      mobile: messages.map((m) => m.mobile).join(';'),
      msg: messages[0].text,
      dtime: ctx.sendAt ?? '',
      linkid: ctx.submissionKey,
    });
    checkSendAnswer(await this.call(sendEndpoint(form, this.variant), form === 'get_send' ? 'GET' : 'POST', params, signal));
    return messages;
  }

  /** 4. 点点通: one template, one "mobile,v0,v1" group per recipient. Returns the messages sent. */
  private async sendDdt(messages: OutboundMessage[], ctx: SendContext, outcomes: Map<OutboundMessage, MessageOutcome>, signal?: AbortSignal): Promise<OutboundMessage[]> {
    const template = toDdtTemplate(ctx.template);
    if (!template) {
      throw localRequestError('template unusable for 点点通', '内部错误：此模板不能用点点通发送，未发送。', 'Internal error: this template cannot go by 点点通; nothing was sent.');
    }
    const groups: string[] = [];
    const sent: OutboundMessage[] = [];
    for (const m of messages) {
      const values = ddtValues(template, m);
      if (values === null) outcomes.set(m, { ref: m.ref, status: 'rejected', error: { ...LOCAL.ddt } });
      else {
        groups.push([m.mobile, ...values].join(','));
        sent.push(m);
      }
    }
    if (sent.length === 0) return [];
    checkSendAnswer(await this.call(DDT_FORM, 'POST', this.ddtParams(template, groups, ctx), signal));
    return sent;
  }

  private ddtParams(template: DdtTemplate, groups: string[], ctx: SendContext): Record<string, string> {
    return ddtSendParams(this.account.username, this.account.password, template.msg, groups.join(';'), ctx.sendAt ?? '', ctx.submissionKey);
  }

  async balance(signal?: AbortSignal): Promise<Balance> {
    const uid = this.variant === 'urldecode' ? urlEncodedValue(this.account.username) : this.account.username;
    return parseBalance(await this.call(balanceEndpoint(this.variant), 'GET', { uid, pwd: this.account.password }, signal));
  }

  async checkSensitiveWords(text: string, signal?: AbortSignal): Promise<string[]> {
    return parseSensitiveWords(await this.call('mgz', 'GET', { ...this.queryCredentials(), msg: text }, signal));
  }

  async pullReceipts(signal?: AbortSignal): Promise<PullPage<ReceiptIn>> {
    return parseReportPage(await this.call('report', 'GET', this.queryCredentials(), signal));
  }

  async pullReplies(signal?: AbortSignal): Promise<PullPage<ReplyIn>> {
    const endpoint = this.replyFormat === 'urlencode' ? 'reve_urlencode' : 'reve';
    return parseReplyPage(await this.call(endpoint, 'GET', this.queryCredentials(), signal), this.replyFormat);
  }

  parsePush(request: PushRequest): PushResult {
    return parsePushRequest(request);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** The queries document the password as typed only (no md5 variant). */
  private queryCredentials(): Record<string, string> {
    return { uid: this.account.username, pwd: this.account.password };
  }

  /** One request, form-encoded in GB2312 (query for GET, body for POST), answer decoded from GB2312. */
  private async call(endpoint: string, method: 'GET' | 'POST', params: Record<string, string>, signal?: AbortSignal): Promise<string> {
    const url = endpointUrl(this.account.baseUrl, endpoint);
    const encoded = formEncode(params, 'gb2312');
    const res =
      method === 'GET'
        ? await this.http.request({ method, url: `${url}?${encoded}`, signal })
        : await this.http.request({ method, url, body: encoded, headers: { 'content-type': FORM_CONTENT_TYPE }, signal });
    return decodeText(res.body, 'gb2312');
  }
}

function checkContext(ctx: SendContext): void {
  if (!LINKID.test(ctx.submissionKey)) {
    throw localRequestError('submission key is not a valid linkid', '内部错误：提交编号不符合流水号格式，未发送。', 'Internal error: the submission key is not a valid linkid; nothing was sent.');
  }
  if (ctx.sendAt !== undefined && !DTIME.test(ctx.sendAt)) {
    throw localRequestError(`bad sendAt ${ctx.sendAt}`, '定时时间格式应为 YYYY-MM-DD HH:mm:ss，未发送。', 'The scheduled time must be YYYY-MM-DD HH:mm:ss; nothing was sent.');
  }
}

/** Refuses, per recipient, what the provider would drop or garble; returns the rest in order. */
function screen(messages: readonly OutboundMessage[], outcomes: Map<OutboundMessage, MessageOutcome>): OutboundMessage[] {
  const seen = new Set<string>();
  const sendable: OutboundMessage[] = [];
  for (const m of messages) {
    const why = !MOBILE.test(m.mobile) ? LOCAL.mobile : !travelsInGbk(m.text) ? LOCAL.charset : seen.has(m.mobile) ? LOCAL.duplicate : null;
    if (why) outcomes.set(m, { ref: m.ref, status: 'rejected', error: { ...why } });
    else {
      seen.add(m.mobile);
      sendable.push(m);
    }
  }
  return sendable;
}

/** The factory, typed so that callers who know the provider reach checkSensitiveWords. */
export interface SmsadminFactory extends DriverFactory {
  create(account: AccountConfig, http: HttpClient): SmsadminDriver;
}

export const smsadmin: SmsadminFactory = {
  capabilities,
  create(account: AccountConfig, http: HttpClient): SmsadminDriver {
    return new Smsadmin(account, http);
  },
};
