// The shapes that cross to the renderer (never a secret). The contract names which
// call returns which.
import type { Bilingual, Kind, ProviderName } from './providers';


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
  /** The push credentials set (their keys; the values never leave the main process). */
  pushCredentials: string[];
  concurrency: number;
  ratePerSecond: number;
  backupAccountId: number | null;
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

/** Every state a message can be in (the journal's CHECK on messages.state lists the same). */
export const MESSAGE_STATES = ['planned', 'submitting', 'submitted', 'delivered', 'failed', 'rejected', 'unknown', 'expired', 'cancelled'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export interface CampaignView {
  id: number;
  name: string;
  accountId: number;
  accountName: string;
  kind: Kind;
  state: 'draft' | 'scheduled' | 'sending' | 'paused' | 'done' | 'cancelled';
  scheduledAt: string | null;
  createdAt: string;
  counts: Partial<Record<MessageState, number>>;
}

/** Pushed while a campaign sends. */
export interface CampaignProgress {
  campaignId: number;
  counts: Partial<Record<MessageState, number>>;
  total: number;
  /** Messages per second over the last interval. */
  rate: number;
  secondsLeft: number | null;
}

/** A campaign being created: its list's contacts planned into messages so far. */
export interface CampaignPlanning {
  listId: number;
  accountId: number;
  done: number;
  of: number;
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

// ---------- contacts, import, opt-outs (issue 4) ----------

export interface ContactRow {
  id: number;
  mobile: string;
  /** Values in the list's field order. */
  fields: string[];
  optedOut: boolean;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

/** Where an import reads from: a file path (desktop, CLI) or a file uploaded to the browser host. */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'upload'; id: string };

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface ImportInspection {
  format: 'csv' | 'xlsx';
  /** The encoding used for the preview: detected unless the user overrode it. */
  encoding: Encoding;
  /** How it was chosen: 'bom', 'utf-8' (valid UTF-8), 'fallback' (GB18030), 'user', 'xlsx'. */
  encodingReason: 'bom' | 'utf-8' | 'fallback' | 'user' | 'xlsx';
  delimiter: string;
  hasHeader: boolean;
  /** Column names: the header row, or 列1, 列2 … when there is none. */
  headers: string[];
  /** The first rows after the header, as read. */
  preview: string[][];
  /** The column that looks like mobiles, if one does. */
  mobileColumn: number | null;
  totalBytes: number;
}

export interface ImportRequest {
  source: ImportSource;
  /** Add to this list, or create `newListName`. */
  listId?: number;
  newListName?: string;
  encoding?: Encoding;
  delimiter?: string;
  hasHeader: boolean;
  mobileColumn: number;
  /** Columns kept as fields, in order; default: every column but the mobile, in file order. */
  fieldColumns?: number[];
}

/** What checking unknown messages against the provider's send records found. */
export interface UnknownCheck {
  /** Unknown messages checked: the campaign's, and the account's other campaigns' (records are handed out once). */
  checked: number;
  /** Found in the records as submitted, or as refused. */
  submitted: number;
  rejected: number;
  /** Without a record: still unknown. */
  unknown: number;
}

export interface ImportProgress {
  importId: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
  /** Once the file is read, while a new list's rows are written into it: how far. */
  written?: { rows: number; of: number };
}

export interface ImportReport {
  importId: string;
  listId: number;
  listName: string;
  state: 'done' | 'cancelled' | 'failed';
  read: number;
  imported: number;
  invalid: number;
  /** Repeated inside the file. */
  duplicateInFile: number;
  /** Already in the target list. */
  duplicateInList: number;
  /** Imported but flagged: on the opt-out list. */
  optedOut: number;
  /** Rows with fewer cells than the header: kept, the missing fields empty. */
  shortRows: number;
  /** Rows rejected with a reason (invalid + duplicates), downloadable. */
  rejected: number;
  durationMs: number;
  /** Why it failed, when it did; the list is then left as it was. */
  error?: { zh: string; en: string };
}

export interface RejectedRows {
  filename: string;
  /** CSV, UTF-8 with BOM (Excel opens it): row number, reason, then the row as read. */
  csv: string;
}

export interface OptOutRow {
  mobile: string;
  source: 'manual' | 'import' | 'reply';
  note: string | null;
  createdAt: string;
}

// ---------- templates, estimate, preflight (issue 4) ----------

export type EmptyPolicyView = { kind: 'refuse' } | { kind: 'allow' } | { kind: 'default'; text: string };

export interface PreviewRow {
  contactId: number;
  mobile: string;
  text: string;
  length: number;
  parts: number;
  /** Placeholders whose value was empty (refused under the 'refuse' policy). */
  empty: string[];
}

export interface Finding {
  /** Stable rule id, e.g. 'suffix.required', 'signature.form', 'sensitive.provider', 'length.max', 'quiet-hours', 'frequency.daily', 'empty-value', 'placeholder.unknown', 'balance'. */
  rule: string;
  severity: 'error' | 'warning';
  message: Bilingual;
  /** What to do about it. */
  action: Bilingual;
  /** How many recipients it concerns (0 where it concerns the template). */
  count: number;
  /** A few of the mobiles concerned. */
  examples: string[];
}

export interface Estimate {
  recipients: number;
  /** Opted-out contacts left out (marketing only). */
  skippedOptedOut: number;
  /** How many recipients need 1, 2, 3 … parts. */
  distribution: { parts: number; count: number }[];
  totalParts: number;
  unitPrice: number;
  /** Yuan. */
  cost: number;
  longest: { mobile: string; text: string; length: number; parts: number } | null;
  /** Recipients a merged value pushed past the parts the template alone needs. */
  extraPart: { count: number; examples: { mobile: string; length: number; parts: number }[] };
  balance: BalanceView | null;
  /** Why the balance is unknown, when it is. */
  balanceError: Bilingual | null;
  /** Whether the balance covers the cost (null when the balance is unknown). */
  fits: boolean | null;
  findings: Finding[];
}

// ---------- campaigns, receipts, replies (issue 5) ----------

export interface CampaignCreated {
  campaign: CampaignView;
  planned: number;
  /** Refused at planning (empty values under the 'refuse' policy), kept in the journal. */
  rejected: number;
  skippedOptedOut: number;
  /** Requests the plan needs. */
  submissions: number;
}

export interface PauseReasonView {
  code: string;
  zh: string;
  en: string;
  providerCode?: string;
  providerText?: string;
}

export interface CampaignDetail extends CampaignView {
  listName: string | null;
  templateBody: string;
  providerTemplateId: string | null;
  pauseReason: PauseReasonView | null;
  startedAt: string | null;
  finishedAt: string | null;
  resendOf: number | null;
  total: number;
  funnel: { planned: number; submitted: number; delivered: number; failed: number; unknown: number; replied: number; optedOut: number };
  /** Yuan: what all messages would cost, and what the ones that left cost. */
  cost: { planned: number; spent: number };
  failureReasons: { code: string; count: number; explain: Bilingual }[];
  /** Per minute: messages submitted, delivered and failed. */
  timeline: { minute: string; submitted: number; delivered: number; failed: number }[];
  /** Failed and unknown messages a resend has copied already: they are not resent again. */
  resent: { failed: number; unknown: number };
}

export interface MessageRow {
  id: number;
  mobile: string;
  text: string;
  parts: number;
  state: MessageState;
  statusCode: string | null;
  errorText: string | null;
  submittedAt: string | null;
  finalAt: string | null;
  resendOf: number | null;
}

export interface MessageHistory {
  message: MessageRow;
  submission: { id: number; key: string; form: string; state: string; attempts: number; providerBatchId: string | null; submittingAt: string | null; answeredAt: string | null; error: string | null } | null;
  receipts: { status: string; delivered: boolean; reportedAt: string | null; receivedAt: string }[];
  /** Later messages that resent this one. */
  resentAs: number[];
}

export interface ExportReady {
  downloadId: string;
  filename: string;
  rows: number;
}

export interface ReceiverStatus {
  running: boolean;
  port: number;
  host: string;
  paths: { accountId: number; accountName: string; path: string }[];
}
