// The one contract between the renderer and the core: every call the renderer may
// make (with its input schema) and every event the core may push. The preload, the
// Electron binding, the browser host and the renderer client are all derived from
// this file; channel names are never typed twice.
import { z } from 'zod';
import type { Capabilities, ProviderName } from './providers';
import { KINDS, PROVIDERS } from './providers';
import type { Bilingual } from './providers';

// ---------- views: what crosses to the renderer (never a secret) ----------

export interface AppInfo {
  version: string;
  dataDir: string;
  schemaVersion: number;
  platform: 'electron' | 'node';
  secretBackend: string;
  secretWarning: Bilingual | null;
}

export interface AccountView {
  id: number;
  name: string;
  provider: ProviderName;
  baseUrl: string;
  username: string;
  userid: string | null;
  signature: string | null;
  /** Price per SMS part in yuan. */
  unitPrice: number;
  options: Record<string, string>;
  hasSecret: boolean;
  createdAt: string;
}

export interface BalanceView {
  unit: 'money' | 'count' | 'points';
  amount: number;
  raw: string;
}

export interface ListView {
  id: number;
  name: string;
  fields: string[];
  contacts: number;
  updatedAt: string;
}

export interface TemplateView {
  id: number;
  name: string;
  body: string;
  emptyPolicy: 'refuse' | 'allow' | 'default';
  emptyDefault: string | null;
  updatedAt: string;
}

export type MessageState =
  | 'planned'
  | 'submitting'
  | 'submitted'
  | 'delivered'
  | 'failed'
  | 'rejected'
  | 'unknown'
  | 'expired'
  | 'cancelled';

export interface CampaignView {
  id: number;
  name: string;
  accountId: number;
  accountName: string;
  kind: (typeof KINDS)[number];
  state: 'draft' | 'scheduled' | 'sending' | 'paused' | 'done' | 'cancelled';
  scheduledAt: string | null;
  createdAt: string;
  counts: Partial<Record<MessageState, number>>;
}

export interface ReceiptView {
  id: number;
  accountName: string;
  mobile: string;
  status: string;
  delivered: boolean;
  matched: boolean;
  reportedAt: string | null;
  receivedAt: string;
}

export interface ReplyView {
  id: number;
  accountName: string;
  mobile: string;
  text: string;
  optedOut: boolean;
  repliedAt: string | null;
  receivedAt: string;
}

export interface Settings {
  locale: 'zh-CN' | 'en';
}

// ---------- input schemas ----------

const none = z.object({}).strict();
const byId = z.object({ id: z.number().int().positive() }).strict();

export const accountInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    provider: z.enum(PROVIDERS),
    baseUrl: z.string().trim().url().optional(),
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
    secret: z.string().min(1).max(200).optional(),
    userid: z.string().trim().max(50).optional(),
    signature: z.string().trim().max(20).optional(),
    unitPrice: z.number().min(0).max(10).default(0),
    options: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type AccountInput = z.input<typeof accountInput>;

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
  'accounts.remove': call<null>()(byId),
  'accounts.balance': call<BalanceView>()(byId),
  'lists.list': call<ListView[]>()(none),
  'templates.list': call<TemplateView[]>()(none),
  'campaigns.list': call<CampaignView[]>()(none),
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

export interface CampaignProgress {
  campaignId: number;
  counts: Partial<Record<MessageState, number>>;
  total: number;
  /** Messages per second over the last interval. */
  rate: number;
  secondsLeft: number | null;
}

function event<P>(): { payload?: P } {
  return {};
}

export const events = {
  'campaign.progress': event<CampaignProgress>(),
  'receipt.arrived': event<{ accountId: number; count: number }>(),
  'reply.arrived': event<{ accountId: number; count: number }>(),
  'data.changed': event<{ what: 'accounts' | 'lists' | 'templates' | 'campaigns' | 'optouts' | 'settings' }>(),
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
}
