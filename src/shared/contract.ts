// The one contract between the renderer and the core: every call the renderer may
// make (with its input schema) and every event the core may push. The preload, the
// Electron binding, the browser host and the renderer client are all derived from
// this file; channel names are never typed twice.
import { z } from 'zod';
import type { Capabilities } from './providers';
import { KINDS, PROVIDERS } from './providers';
import { MESSAGE_STATES } from './views';
import type {
  AccountView,
  AppInfo,
  BalanceView,
  CampaignCreated,
  CampaignDetail,
  CampaignPlanning,
  CampaignProgress,
  CampaignView,
  ExportReady,
  MessageHistory,
  MessageRow,
  ReceiverStatus,
  ContactRow,
  Estimate,
  ImportInspection,
  ImportProgress,
  ImportReport,
  ListView,
  OptOutRow,
  Page,
  PreviewRow,
  ReceiptView,
  RejectedRows,
  ReplyView,
  Settings,
  TemplateView,
  UnknownCheck,
} from './views';

export type * from './views';

// ---------- input schemas ----------

const none = z.object({}).strict();

/** A provider's base URL: http or https only (another scheme would fail at every request, as "retry later"). */
const PROVIDER_URL = '接口地址须以 http:// 或 https:// 开头，例如 https://api.example.cn/ / the base URL must start with http:// or https://, e.g. https://api.example.cn/';
export const providerUrl = z
  .string()
  .trim()
  .url({ error: PROVIDER_URL })
  .refine((u) => /^https?:\/\/[^/]/i.test(u), { error: PROVIDER_URL });
const byId = z.object({ id: z.number().int().positive() }).strict();

export const accountInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    provider: z.enum(PROVIDERS),
    baseUrl: providerUrl.optional(),
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
    secret: z.string().min(1).max(200).optional(),
    userid: z.string().trim().max(50).optional(),
    signature: z.string().trim().max(20).optional(),
    unitPrice: z.number().min(0).max(10).default(0),
    options: z.record(z.string(), z.string()).default({}),
    /** Values for the provider's push credentials, by key. */
    pushCredentials: z.record(z.string().max(40), z.string().min(1).max(200)).optional(),
  })
  .strict();
export type AccountInput = z.input<typeof accountInput>;

export const accountUpdate = z
  .object({
    id: z.number().int().positive(),
    baseUrl: providerUrl.optional(),
    password: z.string().min(1).max(200).optional(),
    secret: z.string().min(1).max(200).optional(),
    signature: z.string().trim().max(20).nullable().optional(),
    unitPrice: z.number().min(0).max(10).optional(),
    options: z.record(z.string(), z.string()).optional(),
    /** Push credentials to set, by key; an empty value clears one, a key left out keeps it. */
    pushCredentials: z.record(z.string().max(40), z.string().max(200)).optional(),
    /** Requests in flight at once. */
    concurrency: z.number().int().min(1).max(16).optional(),
    /** Requests started per second. */
    ratePerSecond: z.number().min(0.1).max(1000).optional(),
    /** Where 'retry later' failures go after two attempts; null to clear. */
    backupAccountId: z.number().int().positive().nullable().optional(),
  })
  .strict();
export type AccountUpdate = z.input<typeof accountUpdate>;

const id = z.number().int().positive();
const listName = z.string().trim().min(1).max(60);
const paging = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) };
const importSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('upload'), id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict(),
]);
const encoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']);
const emptyPolicy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('refuse') }).strict(),
  z.object({ kind: z.literal('allow') }).strict(),
  z.object({ kind: z.literal('default'), text: z.string().max(100) }).strict(),
]);
const templateBody = z.string().min(1).max(1000);
const mobiles = z.array(z.string().max(40)).min(1).max(100_000);

export const importRequest = z
  .object({
    source: importSource,
    listId: id.optional(),
    newListName: listName.optional(),
    encoding: encoding.optional(),
    delimiter: z.string().min(1).max(4).optional(),
    hasHeader: z.boolean(),
    mobileColumn: z.number().int().min(0),
    fieldColumns: z.array(z.number().int().min(0)).optional(),
  })
  .strict()
  .refine((r) => (r.listId === undefined) !== (r.newListName === undefined), { message: 'give listId or newListName', path: ['listId'] });

const beijingTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/);
const messageState = z.enum(MESSAGE_STATES);

export const campaignRequest = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    listId: id,
    accountId: id,
    body: templateBody,
    emptyPolicy: emptyPolicy.default({ kind: 'refuse' }),
    kind: z.enum(KINDS),
    /** Beijing time 'YYYY-MM-DD HH:mm'; absent: send when told to. */
    at: beijingTime.optional(),
    providerSchedule: z.boolean().default(false),
    providerTemplateId: z.string().max(100).optional(),
    templateId: id.optional(),
  })
  .strict();

export const estimateRequest = z
  .object({
    listId: id,
    accountId: id,
    body: templateBody,
    emptyPolicy: emptyPolicy.default({ kind: 'refuse' }),
    kind: z.enum(KINDS),
    /** Beijing time 'YYYY-MM-DD HH:mm' when scheduled; absent for now. */
    sendAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/).optional(),
    providerTemplateId: z.string().max(100).optional(),
  })
  .strict();

// ---------- the contract ----------

interface CallSpec<I extends z.ZodType, O> {
  input: I;
  /** Type carrier only: the output type of the call. */
  output?: O;
}
function call<O>(): <I extends z.ZodType>(input: I) => CallSpec<I, O> {
  return (input) => ({ input });
}

export const calls = {
  'app.info': call<AppInfo>()(none),
  'settings.get': call<Settings>()(none),
  'settings.set': call<Settings>()(z.object({ locale: z.enum(['zh-CN', 'en']) }).strict()),
  'providers.list': call<Capabilities[]>()(none),
  'accounts.list': call<AccountView[]>()(none),
  'accounts.add': call<AccountView>()(accountInput),
  'accounts.update': call<AccountView>()(accountUpdate),
  'accounts.remove': call<null>()(byId),
  'accounts.balance': call<BalanceView>()(byId),
  'lists.list': call<ListView[]>()(none),
  'lists.create': call<ListView>()(z.object({ name: listName }).strict()),
  'lists.rename': call<ListView>()(z.object({ id, name: listName }).strict()),
  'lists.delete': call<null>()(byId),
  'lists.merge': call<ListView>()(z.object({ sourceIds: z.array(id).min(2), name: listName }).strict()),
  'contacts.page': call<Page<ContactRow>>()(z.object({ listId: id, search: z.string().max(100).optional(), ...paging }).strict()),
  'contacts.add': call<ContactRow>()(z.object({ listId: id, mobile: z.string().max(40), fields: z.array(z.string().max(1000)).max(100) }).strict()),
  'contacts.remove': call<{ removed: number }>()(z.object({ listId: id, ids: z.array(id).min(1).max(10_000) }).strict()),
  'imports.inspect': call<ImportInspection>()(z.object({ source: importSource, encoding: encoding.optional(), delimiter: z.string().min(1).max(4).optional(), hasHeader: z.boolean().optional() }).strict()),
  'imports.start': call<{ importId: string }>()(importRequest),
  'imports.cancel': call<null>()(z.object({ importId: z.string() }).strict()),
  'imports.report': call<ImportReport | null>()(z.object({ importId: z.string() }).strict()),
  'imports.rejected': call<RejectedRows>()(z.object({ importId: z.string() }).strict()),
  'optouts.page': call<Page<OptOutRow>>()(z.object({ search: z.string().max(40).optional(), ...paging }).strict()),
  'optouts.add': call<{ added: number; invalid: string[] }>()(z.object({ mobiles, note: z.string().max(200).optional() }).strict()),
  'optouts.remove': call<{ removed: number }>()(z.object({ mobiles }).strict()),
  'optouts.import': call<{ importId: string }>()(z.object({ source: importSource, encoding: encoding.optional() }).strict()),
  'sensitive.get': call<string[]>()(none),
  'sensitive.set': call<string[]>()(z.object({ words: z.array(z.string().trim().min(1).max(20)).max(5000) }).strict()),
  'templates.list': call<TemplateView[]>()(none),
  'templates.save': call<TemplateView>()(
    z.object({ id: id.optional(), name: z.string().trim().min(1).max(60), body: templateBody, emptyPolicy: emptyPolicy.default({ kind: 'refuse' }) }).strict(),
  ),
  'templates.delete': call<null>()(byId),
  'templates.preview': call<Page<PreviewRow>>()(
    z.object({ listId: id, body: templateBody, emptyPolicy: emptyPolicy.default({ kind: 'refuse' }), accountId: id.optional(), ...paging }).strict(),
  ),
  'estimate.run': call<Estimate>()(estimateRequest),
  'campaigns.list': call<CampaignView[]>()(none),
  'campaigns.create': call<CampaignCreated>()(campaignRequest),
  'campaigns.get': call<CampaignDetail>()(byId),
  'campaigns.send': call<CampaignView>()(byId),
  'campaigns.pause': call<CampaignView>()(byId),
  'campaigns.cancel': call<CampaignView>()(byId),
  'campaigns.resend': call<CampaignCreated>()(z.object({ id, which: z.enum(['failed', 'unknown', 'rejected', 'expired']) }).strict()),
  'campaigns.markSent': call<{ updated: number }>()(byId),
  'campaigns.checkUnknown': call<UnknownCheck>()(byId),
  'campaigns.messages': call<Page<MessageRow>>()(
    z.object({ id, state: messageState.optional(), statusCode: z.string().max(60).optional(), search: z.string().max(100).optional(), ...paging }).strict(),
  ),
  'campaigns.export': call<ExportReady>()(z.object({ id, format: z.enum(['csv', 'xlsx']) }).strict()),
  'exports.save': call<{ saved: string | null }>()(
    z.object({ downloadId: z.string().regex(/^[A-Za-z0-9_.-]{8,80}$/), filename: z.string().max(120).optional() }).strict(),
  ),
  'messages.history': call<MessageHistory>()(byId),
  'receipts.poll': call<{ receipts: number; replies: number; calls: number }>()(z.object({ accountId: id }).strict()),
  'receiver.status': call<ReceiverStatus>()(none),
  'receiver.start': call<ReceiverStatus>()(z.object({ port: z.number().int().min(1).max(65535), host: z.string().max(64).default('0.0.0.0') }).strict()),
  'receiver.stop': call<ReceiverStatus>()(none),
  'replies.optoutWords': call<string[]>()(z.object({ words: z.array(z.string().trim().min(1).max(10)).max(50).optional() }).strict()),
  'receipts.recent': call<ReceiptView[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict()),
  'replies.recent': call<ReplyView[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict()),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallArgs<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = Exclude<Calls[K]['output'], undefined>;
export const CALL_NAMES = Object.keys(calls) as CallName[];

/** What the core implements: one async function per call, on validated input. */
export type Handlers = { [K in CallName]: (input: CallArgs<K>) => Promise<CallOutput<K>> };

// ---------- events pushed by the core ----------


function event<P>(): { payload?: P } {
  return {};
}

export const events = {
  'campaign.progress': event<CampaignProgress>(),
  'campaign.planning': event<CampaignPlanning>(),
  'receipt.arrived': event<{ accountId: number; count: number }>(),
  'reply.arrived': event<{ accountId: number; count: number }>(),
  'data.changed': event<{ what: 'accounts' | 'lists' | 'contacts' | 'templates' | 'campaigns' | 'optouts' | 'settings' }>(),
  'import.progress': event<ImportProgress>(),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Exclude<Events[E]['payload'], undefined>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The channel of a call or event over Electron IPC. */
export const channelOf = (name: CallName | EventName): string => `qunfa:${name}`;

/** What the preload exposes as window.qunfa: exactly the contract, nothing else. */
export interface QunfaBridge {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<import('./errors').Envelope<CallOutput<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Desktop only: the path of a file the user dropped or picked (Electron's webUtils). */
  pathForFile?(file: File): string;
}
