// Planning and the messagelist. A 云触达 send names one approved template and carries,
// per messagelist entry, up to 200 numbers sharing one set of variable values
// (smscontent: the values as url-encoded UTF-8 JSON). Limits, as docs/providers/yunchuda.md
// reads them: at most 200 numbers per request in total ("一次提交号码数控制在200个号码之内"),
// hence at most 200 entries; smscontent at most 500 bytes as it travels.
import type { Kind } from '../../../shared/providers';
import type { MessageOutcome, OutboundMessage, SendContext, Submission } from '../types';
import { chunk, maxOf } from '../util';
import { byteLength, urlEncodeUtf8 } from './protocol';

export const SEND_FORM = 'SendBatchSms';
/** Messages that cannot travel at all; send() rejects them without a request. */
export const LOCAL_REJECT_FORM = 'local-reject';

export const MAX_MOBILES_PER_REQUEST = 200;
export const MAX_MOBILES_PER_ENTRY = 200;
export const MAX_SMSCONTENT_BYTES = 500;
export const MAX_CHARS = 500;
export const MARKETING_SUFFIX = '拒收请回复R';

export const SMSTYPE: Record<Kind, string> = {
  marketing: 'SMS_10000',
  verification: 'SMS_10001',
  notification: 'SMS_10002',
};
/** 数字短信: its template ids are VIDEOCODE_…, and it takes no variables. */
export const SMSTYPE_DIGITAL = 'SMS_100017';

export function isDigitalTemplate(templateId: string | undefined): boolean {
  return templateId?.startsWith('VIDEOCODE_') ?? false;
}

export function smstypeFor(kind: Kind, templateId: string | undefined): string {
  return isDigitalTemplate(templateId) ? SMSTYPE_DIGITAL : SMSTYPE[kind];
}

/**
 * The variables a message sends: the names in `values` that the Qunfa template uses as
 * `<name>`, in the order they first appear. Looking names up (rather than parsing the
 * template) means a literal "<5折>" that is no placeholder is never sent as one.
 */
export function templateVariables(template: string, values: Record<string, string>): string[] {
  return Object.keys(values)
    .map((name) => ({ name, at: template.indexOf(`<${name}>`) }))
    .filter((v) => v.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((v) => v.name);
}

/** smscontent for one message: the url-encoded UTF-8 JSON of its variables ('' when the template has none). */
export function smscontentFor(names: readonly string[], values: Record<string, string>): string {
  if (names.length === 0) return '';
  const vars: Record<string, string> = {};
  for (const name of names) vars[name] = values[name];
  return urlEncodeUtf8(JSON.stringify(vars));
}

export interface Prepared {
  message: OutboundMessage;
  /** The encoded smscontent; messages with the same one share an entry. */
  key: string;
}

export interface LocalRejection {
  message: OutboundMessage;
  error: { code: string; text: string };
}

const LONE_SURROGATE = /\p{Cs}/u;

type PlanContext = Pick<SendContext, 'template' | 'providerTemplateId'>;

function reject(message: OutboundMessage, code: string, text: string): LocalRejection {
  return { message, error: { code, text } };
}

/** Splits messages into those that can travel and those no request could carry. Pure. */
export function prepare(messages: readonly OutboundMessage[], ctx: PlanContext): { ok: Prepared[]; rejected: LocalRejection[] } {
  const digital = isDigitalTemplate(ctx.providerTemplateId);
  // A campaign's messages share their value names, so the template's variables are found
  // once per set of names, not once per message.
  let lastNames: { keys: string; names: string[] } | null = null;
  const variables = (values: Record<string, string>): string[] => {
    const keys = Object.keys(values).join('\u0000');
    if (lastNames?.keys !== keys) lastNames = { keys, names: templateVariables(ctx.template, values) };
    return lastNames.names;
  };
  const ok: Prepared[] = [];
  const rejected: LocalRejection[] = [];
  for (const message of messages) {
    // A comma would split the number inside smsmobile's comma-separated list.
    if (message.mobile === '' || message.mobile.includes(',')) {
      rejected.push(reject(message, 'LOCAL_BAD_MOBILE', `invalid mobile for smsmobile: "${message.mobile}"`));
      continue;
    }
    if (digital) {
      // 数字短信 takes no variables (send() refuses a template that has some).
      ok.push({ message, key: '' });
      continue;
    }
    // Characters (code points) are never more than UTF-16 units: only a long text is counted.
    if (message.text.length > MAX_CHARS && [...message.text].length > MAX_CHARS) {
      rejected.push(reject(message, 'LOCAL_TOO_LONG', `text longer than ${MAX_CHARS} characters`));
      continue;
    }
    // Read once: a journal message parses its values on each read.
    const values = message.values;
    const names = variables(values);
    // JSON.stringify would escape a lone surrogate as \udXXX and the phone would show garbage.
    if (names.some((n) => LONE_SURROGATE.test(values[n]))) {
      rejected.push(reject(message, 'LOCAL_BAD_VALUE', 'a merged value holds a broken character (lone surrogate)'));
      continue;
    }
    const key = smscontentFor(names, values);
    if (byteLength(key) > MAX_SMSCONTENT_BYTES) {
      rejected.push(reject(message, 'LOCAL_SMSCONTENT_TOO_LONG', `merged values take ${byteLength(key)} bytes encoded; smscontent allows ${MAX_SMSCONTENT_BYTES}`));
      continue;
    }
    ok.push({ message, key });
  }
  return { ok, rejected };
}

/** Stable grouping by key, so recipients with equal values sit together and share entries. */
function groupByKey(items: readonly Prepared[]): Prepared[][] {
  const groups = new Map<string, Prepared[]>();
  for (const p of items) {
    const g = groups.get(p.key);
    if (g) g.push(p);
    else groups.set(p.key, [p]);
  }
  return [...groups.values()];
}

function byKey(items: readonly Prepared[]): Prepared[] {
  return groupByKey(items).flat();
}

/**
 * The fewest requests: max(ceil(n / 200), the most times one number occurs), since a
 * number is sent at most once per request. Without repeats, 200-message chunks reach it.
 * With repeats, the copies of each number are laid consecutively and dealt round-robin
 * over that many requests: no request gets a number twice and none exceeds 200.
 */
function distribute(items: readonly Prepared[]): Prepared[][] {
  const byMobile = new Map<string, Prepared[]>();
  for (const p of items) {
    const g = byMobile.get(p.message.mobile);
    if (g) g.push(p);
    else byMobile.set(p.message.mobile, [p]);
  }
  const repeats = maxOf([...byMobile.values()].map((g) => g.length));
  if (repeats <= 1) return chunk(byKey(items), MAX_MOBILES_PER_REQUEST);
  const count = Math.max(Math.ceil(items.length / MAX_MOBILES_PER_REQUEST), repeats);
  const bins: Prepared[][] = Array.from({ length: count }, () => []);
  [...byMobile.values()].flat().forEach((p, i) => bins[i % count].push(p));
  return bins.map(byKey);
}

export function plan(messages: readonly OutboundMessage[], ctx: PlanContext): Submission[] {
  const { ok, rejected } = prepare(messages, ctx);
  const submissions: Submission[] = distribute(ok).map((part) => ({ form: SEND_FORM, messages: part.map((p) => p.message) }));
  if (rejected.length > 0) submissions.push({ form: LOCAL_REJECT_FORM, messages: rejected.map((r) => r.message) });
  return submissions;
}

export interface MessageEntry {
  smscontent?: string;
  smsmobile: string;
  smstemplateid: string;
}

/** One messagelist entry per distinct smscontent, numbers comma-separated, in the document's field order. */
export function messageList(items: readonly Prepared[], templateId: string): MessageEntry[] {
  const entries: MessageEntry[] = [];
  for (const group of groupByKey(items)) {
    for (const part of chunk(group, MAX_MOBILES_PER_ENTRY)) {
      const key = part[0].key;
      const smsmobile = part.map((p) => p.message.mobile).join(',');
      // Written out, not spread: one entry per message where every recipient's values differ.
      entries.push(key === '' ? { smsmobile, smstemplateid: templateId } : { smscontent: key, smsmobile, smstemplateid: templateId });
    }
  }
  return entries;
}

export function rejectedOutcome(r: LocalRejection): MessageOutcome {
  return { ref: r.message.ref, status: 'rejected', error: r.error };
}
