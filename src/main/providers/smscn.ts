// Driver for 云信 sms.cn (api.sms.cn), from its HTTP document: template send with JSON
// variables (ac=send), status reports (ac=status), remaining count (ac=number) and
// send records (ac=query). Readings of the document's ambiguities are in
// docs/providers/smscn.md. Modules under ./smscn/ hold the pure parts.
import { z } from 'zod';
import { ProviderError, info, providerError, unparseable } from './errors';
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
  ReceiptIn,
  SendContext,
  SendOutcome,
  Submission,
} from './types';
import { formEncode, joinUrl, travelsInGbk, type Charset } from './util';
import { AnswerError, decodeBody, parseAnswer, type Answer } from './smscn/answer';
import { CAPABILITIES, MAX_MOBILES_PER_REQUEST, PAGE_SIZE } from './smscn/capabilities';
import { DOCUMENTED_TEXT, ERRORS, RESULT_CODES, SUCCESS, UNDOCUMENTED } from './smscn/codes';
import { recordsPage, settleByRecords, type RecordsPage, type SendRecord, type Settlement } from './smscn/records';
import {
  MissingCredential,
  authParams,
  contentJson,
  isAcceptableMobile,
  mobileId,
  placeholderNames,
  planTemplateSend,
  type AuthMode,
} from './smscn/request';

export { CAPABILITIES as SMSCN_CAPABILITIES } from './smscn/capabilities';
export { ERRORS as SMSCN_ERRORS, RESULT_CODES as SMSCN_RESULT_CODES } from './smscn/codes';
export { pwdDigest, tokenKey, timestampOf, mobileId } from './smscn/request';
export { settleByRecords, type SendRecord, type RecordsPage } from './smscn/records';

const PROVIDER = 'smscn';
/** Pages of 50 records fetched per number when settling: a number sent to more often than this in the records' window stays unsettled. */
const MAX_RECORD_PAGES = 20;
/** The form recorded in the journal: template send, one `content` per request. */
export const SEND_FORM = 'template-send';

const ENDPOINTS = {
  'voice-send': { path: 'voice/', sendAc: 'send' },
  'voice-sendcode': { path: 'voice/', sendAc: 'sendcode' },
  'sms-send': { path: 'sms/', sendAc: 'send' },
} as const;
type Endpoint = keyof typeof ENDPOINTS;

function option<T extends string>(account: AccountConfig, key: string, allowed: readonly T[], fallback: T): T {
  const value = account.options[key];
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function localError(zh: string, en: string, text: string): ProviderError {
  return new ProviderError(PROVIDER, '', text, info('request', zh, en));
}

const recordsParams = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('YYYY-MM-DD'),
  mobile: z
    .string()
    .regex(/^\d{5,20}$/)
    .optional(),
});
export type RecordsFilter = z.infer<typeof recordsParams>;

export class SmscnDriver implements Driver {
  readonly capabilities = CAPABILITIES;
  readonly operations: Record<string, Operation>;
  private readonly auth: AuthMode;
  private readonly format: 'json' | 'xml' | 'txt';
  private readonly charset: Charset;
  private readonly endpoint: (typeof ENDPOINTS)[Endpoint];

  constructor(
    private readonly account: AccountConfig,
    private readonly http: HttpClient,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.auth = option(account, 'auth', ['pwd', 'pwd-md5', 'tokenkey'], 'pwd');
    this.format = option(account, 'format', ['json', 'xml', 'txt'], 'json');
    this.charset = option(account, 'encode', ['utf-8', 'gbk'], 'utf-8');
    this.endpoint = ENDPOINTS[option(account, 'endpoint', Object.keys(ENDPOINTS) as Endpoint[], 'voice-send')];
    const records: Operation<typeof recordsParams> = {
      description: {
        zh: '取发送记录（ac=query）：每次最多 50 条，每条记录只能取一次，可按日期和号码筛选。可用于核对结果未知的消息。',
        en: 'Fetch send records (ac=query): at most 50 per call, each record only once, optionally by date and number. Useful to settle messages whose outcome is unknown.',
      },
      params: recordsParams,
      run: (params, signal) => this.querySendRecords(params, signal),
    };
    this.operations = { 'send-records': records };
  }

  plan(messages: OutboundMessage[], ctx: Omit<SendContext, 'submissionKey'>): Submission[] {
    return planTemplateSend(messages, ctx.template, MAX_MOBILES_PER_REQUEST, SEND_FORM);
  }

  async send(submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome> {
    const templateId = ctx.providerTemplateId?.trim();
    if (!templateId) {
      throw localError(
        '未填写服务商模板 ID。请在活动中填写服务商平台上审核通过的模板 ID。',
        'No provider template id. Enter the id of the template approved in the provider console.',
        'template id missing',
      );
    }
    const content = this.sharedContent(submission, ctx.template);
    const rejected: MessageOutcome[] = [];
    const sendable: OutboundMessage[] = [];
    for (const m of submission.messages) {
      if (!isAcceptableMobile(m.mobile)) rejected.push(rejection(m, 'invalid-mobile', '号码格式不正确，未提交 / invalid number, not submitted'));
      else if (!this.encodable(content)) rejected.push(rejection(m, 'charset', '变量含 GBK 无法表示的字符，未提交 / values not representable in GBK, not submitted'));
      else sendable.push(m);
    }
    if (sendable.length === 0) return { providerBatchId: null, messages: rejected };
    const answer = await this.call(
      {
        ac: this.endpoint.sendAc,
        format: this.format,
        mobile: sendable.map((m) => m.mobile).join(','),
        mobileids: sendable.map(mobileId).join(','),
        content,
        template: templateId,
      },
      signal,
    );
    this.expectSuccess(answer);
    const submitted = sendable.map((m): MessageOutcome => ({ ref: m.ref, status: 'submitted', providerMessageId: mobileId(m) }));
    // The document's send answer carries no batch id.
    return { providerBatchId: null, messages: [...submitted, ...rejected] };
  }

  async balance(signal?: AbortSignal): Promise<Balance> {
    // The document shows a text answer for ac=number (sms&stat=100&remain=100), so every format is asked for.
    const answer = await this.call({ ac: 'number', format: this.format }, signal);
    this.expectSuccess(answer);
    const raw = answer.fields.number ?? answer.fields.remain ?? '';
    const amount = Number(raw);
    if (raw === '' || !Number.isFinite(amount)) throw unparseable(PROVIDER, JSON.stringify(answer.fields));
    return { unit: 'count', amount, raw };
  }

  async pullReceipts(signal?: AbortSignal): Promise<PullPage<ReceiptIn>> {
    const answer = await this.call({ ac: 'status', format: this.listFormat() }, signal);
    if (!isEmptyList(answer)) this.expectSuccess(answer);
    const items = answer.rows.map(toReceipt);
    const total = Number(answer.fields.total ?? items.length) || 0;
    return { items, more: items.length > 0 && (total > items.length || items.length >= PAGE_SIZE) };
  }

  /**
   * Every record of each number concerned (filtered by number, so other numbers' records,
   * handed out once, stay with the provider), then matched on number and content.
   */
  async settleUnknown(messages: readonly OutboundMessage[], known: readonly Pick<OutboundMessage, 'mobile' | 'text'>[], signal?: AbortSignal): Promise<Map<string, Settlement>> {
    const records: SendRecord[] = [];
    for (const mobile of new Set(messages.map((m) => m.mobile))) {
      for (let page = 0; page < MAX_RECORD_PAGES; page++) {
        const got = await this.querySendRecords({ mobile }, signal);
        records.push(...got.items);
        if (!got.more) break;
      }
    }
    return settleByRecords(records, messages, known);
  }

  async querySendRecords(filter: RecordsFilter = {}, signal?: AbortSignal): Promise<RecordsPage> {
    const answer = await this.call(
      {
        ac: 'query',
        format: this.listFormat(),
        date: filter.date,
        key: filter.mobile,
        // Section 七 says query defaults to GBK while section 二 says UTF-8: always say which.
        encode: this.charset === 'gbk' ? 'gbk' : 'utf8',
      },
      signal,
    );
    if (!isEmptyList(answer)) this.expectSuccess(answer);
    return recordsPage(answer);
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  /** One `content` per request: a submission whose messages disagree on the variables was not planned by us. */
  private sharedContent(submission: Submission, template: string): string {
    const names = placeholderNames(template);
    const contents = new Set(submission.messages.map((m) => contentJson(names, m.values)));
    if (contents.size > 1) {
      throw localError(
        '同一次提交中的消息变量值不同，而该服务商每次提交只能带一组变量。这是本程序的问题，请联系开发者。',
        'Messages of one submission have different values, but this provider takes one set of variables per request. This is a bug in Qunfa; please report it.',
        'mixed content in one submission',
      );
    }
    return [...contents][0] ?? '{}';
  }

  private encodable(text: string): boolean {
    return this.charset !== 'gbk' || travelsInGbk(text);
  }

  /** Status and query document only json and xml; the text form falls back to the default, json. */
  private listFormat(): 'json' | 'xml' {
    return this.format === 'xml' ? 'xml' : 'json';
  }

  private authentication(): Record<string, string> {
    try {
      return authParams(this.auth, { uid: this.account.username, password: this.account.password, secret: this.account.secret }, this.now());
    } catch (err) {
      if (!(err instanceof MissingCredential)) throw err;
      throw localError(
        `账户缺少${err.message === 'secret' ? ' secretkey' : err.message === 'uid' ? '用户名' : '密码'}，无法按所选验证方式登录。请在账户设置中补全。`,
        `The account lacks its ${err.message === 'secret' ? 'secretkey' : err.message === 'uid' ? 'user name' : 'password'} for the chosen authentication mode. Complete the account settings.`,
        `missing ${err.message}`,
      );
    }
  }

  private async call(params: Record<string, string | undefined>, signal?: AbortSignal): Promise<Answer> {
    const { ac, ...rest } = params;
    const encode = this.charset === 'gbk' ? 'gbk' : undefined;
    const form = formEncode({ ac, ...this.authentication(), encode, ...rest }, this.charset);
    const res = await this.http.request({
      method: 'POST',
      url: joinUrl(this.account.baseUrl, this.endpoint.path),
      headers: { 'content-type': `application/x-www-form-urlencoded; charset=${this.charset === 'gbk' ? 'GBK' : 'UTF-8'}` },
      body: form,
      signal,
    });
    const text = decodeBody(res.body, res.headers['content-type']);
    try {
      return parseAnswer(text);
    } catch (err) {
      if (err instanceof AnswerError) throw unparseable(PROVIDER, text, err);
      throw err;
    }
  }

  private expectSuccess(answer: Answer): void {
    const stat = answer.fields.stat;
    if (stat === undefined) throw unparseable(PROVIDER, JSON.stringify(answer.fields));
    if (stat === SUCCESS) return;
    throw providerError(PROVIDER, ERRORS, stat, answer.fields.message || DOCUMENTED_TEXT[stat] || '', UNDOCUMENTED);
  }
}

function rejection(m: OutboundMessage, code: string, text: string): MessageOutcome {
  return { ref: m.ref, status: 'rejected', error: { code, text } };
}

/** The documented "nothing to hand out" answer: {"total":"0","page_size":"0","total_page":"0"}, no stat. */
function isEmptyList(answer: Answer): boolean {
  return answer.fields.stat === undefined && answer.fields.total === '0' && answer.rows.length === 0;
}

function toReceipt(row: Record<string, string>): ReceiptIn {
  const code = row.resultcode ?? '';
  const status = row.status || code;
  const delivered = code in RESULT_CODES ? RESULT_CODES[code].delivered : status === 'DELIVRD';
  return {
    mobile: row.mobile ?? '',
    providerMessageId: row.mobileids || undefined,
    status,
    delivered,
    reportedAt: row.retime || undefined,
  };
}

export const smscn: DriverFactory = {
  capabilities: CAPABILITIES,
  create: (account, http) => new SmscnDriver(account, http),
};
