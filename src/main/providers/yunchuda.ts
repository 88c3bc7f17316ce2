// 云触达 (taocrm) driver, from "短信平台接口说明V2.2". Sends name an approved template
// (TPCODE_…) and carry each recipient's variables as url-encoded UTF-8 JSON; answers are
// JSON-RPC 2.0; receipts and replies are pushed only. Readings of the document's gaps and
// contradictions are in docs/providers/yunchuda.md.
import type { Capabilities } from '../../shared/providers';
import type { HttpClient } from './http';
import type {
  AccountConfig,
  Balance,
  Driver,
  DriverFactory,
  MessageOutcome,
  OutboundMessage,
  PushRequest,
  PushResult,
  SendContext,
  SendOutcome,
  Submission,
} from './types';
import { localError } from './yunchuda/errors';
import { operations, parseBalance } from './yunchuda/operations';
import {
  LOCAL_REJECT_FORM,
  MARKETING_SUFFIX,
  MAX_CHARS,
  MAX_MOBILES_PER_ENTRY,
  MAX_MOBILES_PER_REQUEST,
  isDigitalTemplate,
  messageList,
  plan,
  prepare,
  rejectedOutcome,
  SEND_FORM,
  smstypeFor,
  templateVariables,
} from './yunchuda/plan';
import { PATHS, Rpc, resultString } from './yunchuda/protocol';
import { parsePush } from './yunchuda/push';

export const capabilities: Capabilities = {
  provider: 'yunchuda',
  label: { zh: '云触达', en: 'Yunchuda (taocrm)' },
  charset: 'utf-8',
  defaultBaseUrl: 'https://smsapi.taocrm.com',
  fields: [
    { key: 'username', label: { zh: '用户名', en: 'Username' }, required: true, secret: false },
    { key: 'password', label: { zh: '密码', en: 'Password' }, required: true, secret: true },
  ],
  pushCredentials: [],
  options: [],
  send: {
    // "一次提交号码数控制在200个号码之内": 200 numbers per request in total, however many entries.
    maxMobilesPerRequest: MAX_MOBILES_PER_REQUEST,
    personalised: {
      form: SEND_FORM,
      // Each entry has at least one number, so the 200-number total caps entries at 200.
      maxItems: MAX_MOBILES_PER_REQUEST,
      maxMobilesPerItem: MAX_MOBILES_PER_ENTRY,
      // The document is silent (its example even repeats 13800138000): never twice per request.
      uniqueMobiles: true,
      // Values travel as url-encoded JSON, so no character is forbidden; the 500-byte
      // smscontent limit is checked per message instead.
      forbiddenValueChars: '',
    },
    contentMode: 'provider-template',
    nativePlaceholder: '{name}',
    maxChars: MAX_CHARS,
    scheduled: true,
    extnoMaxDigits: 5,
  },
  segments: { single: 70, multi: 67 },
  // SmsTempAdd binds an approved signature (SmsName) to the template. signname: at least
  // 3 characters, at most 30 bytes = 10 Chinese characters in UTF-8.
  signature: { placement: 'provider-template', required: true, minChars: 3, maxChars: 10 },
  marketingSuffix: { text: MARKETING_SUFFIX, requiredFor: ['marketing'] },
  receipts: { pull: null, push: true },
  replies: { pull: null, push: true },
  // Not documented; billing is by message (70/67 characters per part), so: messages.
  balanceUnit: 'count',
  sendRecords: false,
  frequency: { perNumberPerDay: null, verificationPer3Minutes: null },
};

const SENDTIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Whole-request checks made before anything leaves; each failure is a request-class error. */
function checkContext(ctx: SendContext, messages: readonly OutboundMessage[]): string {
  const templateId = ctx.providerTemplateId?.trim();
  if (!templateId) {
    throw localError('smstemplateid missing', '云触达只能按审核通过的模板发送：请在活动中填写模板 ID（如 TPCODE_100000）。', 'Yunchuda sends only approved templates: set the template id (e.g. TPCODE_100000) on the campaign.');
  }
  if (ctx.extno !== undefined && ctx.extno !== '' && !/^\d{1,5}$/.test(ctx.extno)) {
    throw localError(`appendid "${ctx.extno}" is not 1-5 digits`, '扩展码最多 5 位数字，请修改。', 'The extension (appendid) is at most 5 digits; change it.');
  }
  if (ctx.sendAt !== undefined && !SENDTIME.test(ctx.sendAt)) {
    throw localError(`sendtime "${ctx.sendAt}" is not yyyy-MM-dd HH:mm:ss`, '定时发送时间格式应为 2015-01-01 08:00:00。', 'The scheduled time must look like 2015-01-01 08:00:00.');
  }
  if (isDigitalTemplate(templateId)) {
    const withVariables = messages.some((m) => templateVariables(ctx.template, m.values).length > 0);
    if (withVariables) throw localError('VIDEOCODE template with variables', '数字短信不支持变量，请改用不含变量的模板。', 'Digital SMS (VIDEOCODE_) takes no variables; use a template without them.');
  } else if (ctx.kind === 'marketing' && messages.some((m) => !m.text.endsWith(MARKETING_SUFFIX))) {
    throw localError(
      `marketing text must end with ${MARKETING_SUFFIX}`,
      `营销短信内容必须以“${MARKETING_SUFFIX}”结尾，请修改模板。`,
      `Marketing SMS must end with “${MARKETING_SUFFIX}”; change the template.`,
    );
  }
  if (messages.length > MAX_MOBILES_PER_REQUEST) {
    throw localError(`${messages.length} numbers in one request`, `一次最多提交 ${MAX_MOBILES_PER_REQUEST} 个号码。`, `At most ${MAX_MOBILES_PER_REQUEST} numbers per request.`);
  }
  // plan() never does this; a hand-made submission must not make one phone ring twice.
  if (new Set(messages.map((m) => m.mobile)).size !== messages.length) {
    throw localError('a number appears twice in one request', '同一号码在一次提交中出现了两次。', 'A number appears twice in one request.');
  }
  return templateId;
}

class YunchudaDriver implements Driver {
  readonly capabilities = capabilities;
  readonly operations: Driver['operations'];
  private readonly rpc: Rpc;

  constructor(
    account: AccountConfig,
    private readonly http: HttpClient,
    now: () => number,
  ) {
    this.rpc = new Rpc(account, http, now);
    this.operations = operations((path, params, signal) => this.rpc.call(path, params, signal), account.signature);
  }

  plan(messages: OutboundMessage[], ctx: Omit<SendContext, 'submissionKey'>): Submission[] {
    return plan(messages, ctx);
  }

  async send(submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome> {
    const { ok, rejected } = prepare(submission.messages, ctx);
    const outcomes = new Map<string, MessageOutcome>(rejected.map((r) => [r.message.ref, rejectedOutcome(r)]));
    if (submission.form === LOCAL_REJECT_FORM || ok.length === 0) {
      return { providerBatchId: null, messages: submission.messages.map((m) => outcomes.get(m.ref) ?? rejectedOutcome({ message: m, error: { code: 'LOCAL_REJECT', text: 'cannot travel' } })) };
    }
    const templateId = checkContext(ctx, ok.map((p) => p.message));
    const params = {
      smstype: smstypeFor(ctx.kind, templateId),
      ...(ctx.extno ? { appendid: ctx.extno } : {}),
      ...(ctx.sendAt ? { sendtime: ctx.sendAt } : {}),
      messagelist: messageList(ok, templateId),
    };
    const answer = await this.rpc.call(PATHS.send, params, signal);
    const batchId = resultString(answer.result, answer.raw);
    for (const p of ok) outcomes.set(p.message.ref, { ref: p.message.ref, status: 'submitted' });
    return { providerBatchId: batchId, messages: submission.messages.map((m) => outcomes.get(m.ref) as MessageOutcome) };
  }

  async balance(signal?: AbortSignal): Promise<Balance> {
    return parseBalance(await this.rpc.call(PATHS.balance, {}, signal));
  }

  parsePush(request: PushRequest): PushResult {
    return parsePush(request);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** For tests that need a fixed clock; the app uses `yunchuda.create`. */
export function createYunchudaDriver(account: AccountConfig, http: HttpClient, now: () => number = Date.now): Driver {
  return new YunchudaDriver(account, http, now);
}

export const yunchuda: DriverFactory = {
  capabilities,
  create: (account, http) => createYunchudaDriver(account, http),
};
