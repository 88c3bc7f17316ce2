// Planning: which messages travel as one same-text send (post_send / get_send, a
// ';'-separated number list) and which as 点点通 (post_send_ddt, one template plus a
// params group "mobile,v0,v1" per recipient), in the fewest requests the limits allow.
import { placeholders } from '../../../shared/template';
import { chunk, groupByText, maxOf } from '../util';
import type { OutboundMessage, Submission } from '../types';

export type PlainForm = 'post_send' | 'get_send';
export const DDT_FORM = 'post_send_ddt';
export type SendForm = PlainForm | typeof DDT_FORM;

/** What the server substitutes in a 点点通 template. */
const DDT_MARKER = /\{value(\d+)\}/g;
/** A 点点通 params group starts with a mobile; a malformed one is silently dropped by the server. */
const DDT_MOBILE = /^1\d{10}$/;

/** A campaign template in 点点通 form: one {valueN} per placeholder occurrence, numbered in order of appearance. */
export interface DdtTemplate {
  msg: string;
  /** The Qunfa placeholder name behind each {valueN}, by N. */
  names: string[];
}

/**
 * Converts `<name>` placeholders to `{valueN}`. The document forbids repeating a marker
 * (变量标识符号不能重复), so a placeholder used twice gets two markers and its value is
 * sent twice: the server never sees a repeated marker and the text still renders right.
 * Null where the template itself contains a marker-like `{valueN}` the server would substitute.
 */
export function toDdtTemplate(template: string): DdtTemplate | null {
  if (/\{value\d+\}/i.test(template)) return null;
  // Qunfa's own placeholder syntax (src/shared/template.ts), so both read a template alike.
  const names: string[] = [];
  let msg = '';
  let last = 0;
  for (const p of placeholders(template)) {
    msg += `${template.slice(last, p.index)}{value${names.length}}`;
    names.push(p.name);
    last = p.index + p.name.length + 2;
  }
  return { msg: msg + template.slice(last), names };
}

/** Renders a 点点通 template the way the server does: {valueN} → the N-th value of the group. */
export function renderDdt(msg: string, values: readonly string[]): string {
  return msg.replace(DDT_MARKER, (whole, n: string) => values[Number(n)] ?? whole);
}

/**
 * Whether a value survives the params field unchanged: no separator, nothing the server
 * might trim or treat as "格式不符" (empty, edge spaces, control characters), no marker it
 * would substitute again.
 */
export function travelsInParams(value: string): boolean {
  return (
    value !== '' &&
    value.trim() === value &&
    !/[,;\p{Cc}]/u.test(value) &&
    !/\{value\d+\}/i.test(value)
  );
}

/** The values of one message's params group, or null when this message cannot go by 点点通. */
export function ddtValues(template: DdtTemplate, message: OutboundMessage): string[] | null {
  if (!DDT_MOBILE.test(message.mobile)) return null;
  const values: string[] = [];
  const merged = message.values; // read once: a journal message parses its values on each read
  for (const name of template.names) {
    const value = merged[name];
    if (value === undefined || !travelsInParams(value)) return null;
    values.push(value);
  }
  // The invariant says rendering gives message.text; we check rather than trust, so that a
  // recipient never gets anything but the exact text we journal.
  return renderDdt(template.msg, values) === message.text ? values : null;
}

function multiplicity(messages: readonly OutboundMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.mobile, (counts.get(m.mobile) ?? 0) + 1);
  return counts;
}

/** Requests needed for these messages at `size` per request, a mobile at most once per request. */
export function requestsNeeded(messages: readonly OutboundMessage[], size: number): number {
  if (messages.length === 0) return 0;
  const most = maxOf(multiplicity(messages).values());
  return Math.max(Math.ceil(messages.length / size), most);
}

/**
 * Splits into requestsNeeded() requests of at most `size`, never putting a mobile twice in
 * one request: the server would silently drop the second (1.0.3 排重). Without repeats it
 * is a plain chunk; with repeats, each mobile's messages are laid side by side and dealt
 * round-robin, so k repeats land in k different requests.
 */
export function packUnique(messages: readonly OutboundMessage[], size: number): OutboundMessage[][] {
  const bins = requestsNeeded(messages, size);
  if (bins === 0) return [];
  if (multiplicity(messages).size === messages.length) return chunk(messages, size);
  const byMobile = new Map<string, OutboundMessage[]>();
  for (const m of messages) {
    const list = byMobile.get(m.mobile);
    if (list) list.push(m);
    else byMobile.set(m.mobile, [m]);
  }
  const out: OutboundMessage[][] = Array.from({ length: bins }, () => []);
  [...byMobile.values()].flat().forEach((m, i) => out[i % bins].push(m));
  return out;
}

export interface PlanLimits {
  plainForm: PlainForm;
  plainMax: number;
  /** Groups per 点点通 request; null where the account cannot use it (GET accounts). */
  ddtMax: number | null;
}

/**
 * The fewest requests: messages that cannot go by 点点通 go by text (post_send), and
 * same-text messages that can fill the room left in those requests ride along for
 * free; the rest are pooled in 点点通 requests (a pool beats per-text requests because
 * one 点点通 request carries as many recipients as one post_send, whatever their texts).
 * A pool of a single text goes as post_send when that costs no more: the exact text
 * travels, nothing is rendered by the server.
 */
export function planSubmissions(messages: readonly OutboundMessage[], template: string, limits: PlanLimits): Submission[] {
  const ddt = limits.ddtMax === null ? null : toDdtTemplate(template);
  if (ddt === null || limits.ddtMax === null || ddt.names.length === 0) return plainPlan(messages, limits);
  const plain: Submission[] = [];
  const pool: OutboundMessage[] = [];
  for (const group of groupByText(messages)) {
    const { alone, rest } = splitGroup(group, ddt, limits.plainMax);
    plain.push(...packUnique(alone, limits.plainMax).map((part) => ({ form: limits.plainForm, messages: part })));
    pool.push(...rest);
  }
  return [...plain, ...planPool(pool, limits.plainForm, limits.plainMax, limits.ddtMax)];
}

function plainPlan(messages: readonly OutboundMessage[], limits: PlanLimits): Submission[] {
  return groupByText(messages).flatMap((group) => packUnique(group, limits.plainMax).map((part) => ({ form: limits.plainForm, messages: part })));
}

/** One text's messages: those going by post_send (the ineligible plus eligible ones filling their room) and the rest. */
function splitGroup(group: readonly OutboundMessage[], ddt: DdtTemplate, plainMax: number): { alone: OutboundMessage[]; rest: OutboundMessage[] } {
  const alone: OutboundMessage[] = [];
  const eligible: OutboundMessage[] = [];
  for (const m of group) (ddtValues(ddt, m) === null ? alone : eligible).push(m);
  const bins = requestsNeeded(alone, plainMax);
  const counts = multiplicity(alone);
  const rest: OutboundMessage[] = [];
  for (const m of eligible) {
    const seen = counts.get(m.mobile) ?? 0;
    if (alone.length < bins * plainMax && seen < bins) {
      alone.push(m);
      counts.set(m.mobile, seen + 1);
    } else rest.push(m);
  }
  return { alone, rest };
}

function planPool(pool: OutboundMessage[], plainForm: PlainForm, plainMax: number, ddtMax: number): Submission[] {
  if (pool.length === 0) return [];
  const singleText = pool.every((m) => m.text === pool[0].text);
  if (singleText && requestsNeeded(pool, plainMax) <= requestsNeeded(pool, ddtMax)) {
    return packUnique(pool, plainMax).map((part) => ({ form: plainForm, messages: part }));
  }
  return packUnique(pool, ddtMax).map((part) => ({ form: DDT_FORM, messages: part }));
}
