// The one interface every provider driver implements. Drivers know nothing of the
// database: they turn messages into requests, requests into outcomes, and provider
// answers (pulled or pushed) into receipts and replies.
import type { z } from 'zod';
import type { Capabilities, Kind, ProviderName } from '../../shared/providers';
import type { HttpClient } from './http';

/** An account as a driver sees it: settings plus decrypted credentials (main process only). */
export interface AccountConfig {
  provider: ProviderName;
  /** Documented host or the user's own (resellers, 创瑞's per-customer URL); paths are appended. */
  baseUrl: string;
  username: string;
  password: string;
  /** smscn secretkey (tokenkey auth), 创瑞 AccessSecret for push verification... */
  secret?: string;
  /** Enterprise id (platform `userid`). */
  userid?: string;
  /** 签名 without brackets, e.g. 门店. Where the provider wants it in the content, drivers do not add it: the text already has it. */
  signature?: string;
  /** Values for the provider's `Capabilities.options`, by key. */
  options: Record<string, string>;
  /** Values for the provider's `Capabilities.pushCredentials` the user set, by key. */
  pushCredentials?: Record<string, string>;
}

/** One recipient's message, rendered. */
export interface OutboundMessage {
  /** Our message id, as a string; drivers echo it back in outcomes. */
  ref: string;
  mobile: string;
  /** The exact text the recipient should see (signature and suffix included where the content carries them). */
  text: string;
  /** The merged values by placeholder name (named and `valueN` both present), for provider templates. */
  values: Record<string, string>;
}

export interface SendContext {
  kind: Kind;
  /** The campaign's template text with Qunfa placeholders (`<value0>`, `<name>`). */
  template: string;
  /** Provider-side approved template id (yunchuda TPCODE_…, smscn numeric id), where contentMode is provider-template. */
  providerTemplateId?: string;
  /** Beijing time 'YYYY-MM-DD HH:mm:ss' for the provider's own scheduled send. */
  sendAt?: string;
  extno?: string;
  /** Unique id of this submission, usable as the provider's serial number (smsadmin linkid). */
  submissionKey: string;
}

/** One planned request: the driver's own choice of endpoint and form, and the messages it carries. */
export interface Submission {
  /** Which endpoint/form the driver will use (e.g. 'post_send', 'post_send_ddt', 'BatchSms'); recorded in the journal. */
  form: string;
  messages: OutboundMessage[];
}

export interface MessageOutcome {
  ref: string;
  status: 'submitted' | 'rejected';
  /** Id the provider gives this one message (smscn mobileids...). */
  providerMessageId?: string;
  /** Why the provider refused this recipient. */
  error?: { code: string; text: string };
}

export interface SendOutcome {
  /** The batch id the provider returned (taskID, sendid, JSON-RPC result, linkid); null where it gives none. */
  providerBatchId: string | null;
  messages: MessageOutcome[];
  /** Balance the provider reported with the answer, if any. */
  balance?: number;
}

export interface Balance {
  unit: Capabilities['balanceUnit'];
  amount: number;
  /** The provider's text, verbatim, for the user. */
  raw: string;
}

/** A delivery report, normalised. Raw status always kept. */
export interface ReceiptIn {
  mobile: string;
  providerBatchId?: string;
  providerMessageId?: string;
  /** The provider's status, verbatim: DELIVRD, UNDELIV, 10, MK:0001... */
  status: string;
  /** true: delivered; false: failed; decided by the driver from its document. */
  delivered: boolean;
  /** When the provider says it happened, as it wrote it. */
  reportedAt?: string;
  extno?: string;
}

/** An inbound SMS (上行 / MO). */
export interface ReplyIn {
  mobile: string;
  text: string;
  repliedAt?: string;
  extno?: string;
  /** smsadmin linkid of the message replied to, where the provider tells. */
  providerBatchId?: string;
}

export interface PullPage<T> {
  items: T[];
  /** The provider may hold more right now (a full page came back): call again after minIntervalMs. */
  more: boolean;
}

/** A push request as our receiver got it. */
export interface PushRequest {
  method: string;
  /** Query string parameters, decoded as UTF-8. */
  query: URLSearchParams;
  /** The query string as received (without '?'), for providers whose escapes are not UTF-8 (GB2312). */
  rawQuery?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface PushResult {
  receipts: ReceiptIn[];
  replies: ReplyIn[];
  /** What the provider's document says to answer once stored (e.g. 'getsuccess', '1'). */
  answer: { status: number; contentType: string; body: string };
}

/** A management operation (templates, signatures, sensitive words, password change, records). */
export interface Operation<S extends z.ZodType = z.ZodType> {
  description: { zh: string; en: string };
  params: S;
  run(params: z.infer<S>, signal?: AbortSignal): Promise<unknown>;
}

export interface Driver {
  readonly capabilities: Capabilities;
  /** Groups messages into the fewest requests the document's limits allow. Pure. */
  plan(messages: OutboundMessage[], ctx: Omit<SendContext, 'submissionKey'>): Submission[];
  /** Sends one submission. Throws ProviderError for a whole-request failure. Never retries. */
  send(submission: Submission, ctx: SendContext, signal?: AbortSignal): Promise<SendOutcome>;
  balance(signal?: AbortSignal): Promise<Balance>;
  /** One pull call; present only where receipts are pulled. */
  pullReceipts?(signal?: AbortSignal): Promise<PullPage<ReceiptIn>>;
  pullReplies?(signal?: AbortSignal): Promise<PullPage<ReplyIn>>;
  /** Parses a push; present only where the provider pushes. Throws ProviderError if it is not this provider's format. */
  parsePush?(request: PushRequest): PushResult;
  /**
   * Present where the provider lists what it took (Capabilities.sendRecords): settles
   * messages whose outcome is unknown, by ref, as the records say; a message without a
   * record is absent. `known`: the account's messages to the same numbers whose outcome
   * is known, whose records are theirs. Records the provider hands out only once are
   * consumed by the call.
   */
  settleUnknown?(
    messages: readonly OutboundMessage[],
    known: readonly Pick<OutboundMessage, 'mobile' | 'text'>[],
    signal?: AbortSignal,
  ): Promise<Map<string, 'submitted' | 'rejected'>>;
  /** Management operations by name, e.g. 'template-add'. */
  readonly operations: Record<string, Operation>;
  close(): Promise<void>;
}

export interface DriverFactory {
  readonly capabilities: Capabilities;
  create(account: AccountConfig, http: HttpClient): Driver;
}
