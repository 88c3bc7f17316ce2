// Pure pieces of a request: authentication (section 一), the template variables JSON,
// the `mobileids` list, and the planner's grouping. No I/O here, so tests can pin them.
import { beijingTime, chunk, md5 } from '../util';
import type { OutboundMessage, Submission } from '../types';

/** `pwd` = md5(登录密码 + 用户名), 32 lowercase hex (the query section says 小写). */
export function pwdDigest(password: string, uid: string): string {
  return md5(password + uid, 'lower');
}

/** `tokenkey` = md5(用户名 + secretkey + timestamp); the worked example is lowercase. */
export function tokenKey(uid: string, secretkey: string, timestamp: string): string {
  return md5(uid + secretkey + timestamp, 'lower');
}

/** The timestamp the document asks for: yyyyMMddHHmmss in Beijing time, whatever the PC's zone. */
export function timestampOf(now: Date): string {
  return beijingTime(now, 'yyyyMMddHHmmss');
}

export type AuthMode = 'pwd' | 'pwd-md5' | 'tokenkey';

export interface Credentials {
  uid: string;
  password: string;
  secret?: string;
}

/** Thrown when the account lacks what its authentication mode needs; the driver makes it a ProviderError. */
export class MissingCredential extends Error {}

/** The authentication parameters for one request. */
export function authParams(mode: AuthMode, creds: Credentials, now: Date): Record<string, string> {
  if (!creds.uid) throw new MissingCredential('uid');
  if (mode === 'tokenkey') {
    if (!creds.secret) throw new MissingCredential('secret');
    const timestamp = timestampOf(now);
    return { uid: creds.uid, tokenkey: tokenKey(creds.uid, creds.secret, timestamp), timestamp };
  }
  if (!creds.password) throw new MissingCredential('password');
  // 'pwd-md5': the user pasted the 接口密码 the console shows, which already is md5(密码+uid).
  const pwd = mode === 'pwd-md5' ? creds.password.trim().toLowerCase() : pwdDigest(creds.password, creds.uid);
  return { uid: creds.uid, pwd };
}

/**
 * Qunfa placeholder names in a template, in order of first use: `<value0>`, `<code>`,
 * `<姓名>`. They are the provider template's `{$name}` variables by the same names.
 */
export function placeholderNames(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(/<([^<>\s]+)>/gu)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * The `content` parameter: {"name":"value"} for each placeholder the template uses.
 * Only names the message has values for count: `<b>` in literal text is no placeholder.
 */
export function contentJson(names: readonly string[], values: Record<string, string>): string {
  const vars: Record<string, string> = {};
  for (const name of names) if (Object.prototype.hasOwnProperty.call(values, name)) vars[name] = values[name];
  return JSON.stringify(vars);
}

/** `mobileids` entry of one message: the documented form 目标号码 + a unique integer, here our message id. */
export function mobileId(message: OutboundMessage): string {
  return message.mobile + message.ref;
}

/** Numbers the provider can take: mainland mobiles, and area-code numbers (小灵通需加区号). */
export function isAcceptableMobile(mobile: string): boolean {
  return /^1\d{10}$/.test(mobile) || /^0\d{9,11}$/.test(mobile);
}

/**
 * Splits one group into the fewest parts of at most `cap` with no number twice in a part
 * (a repeated number would make the provider's de-duplication and the mobileids pairing
 * ambiguous). The minimum is max(ceil(n / cap), most repeats of one number).
 */
export function splitUnique(group: readonly OutboundMessage[], cap: number): OutboundMessage[][] {
  const byMobile = new Map<string, OutboundMessage[]>();
  for (const m of group) {
    const list = byMobile.get(m.mobile);
    if (list) list.push(m);
    else byMobile.set(m.mobile, [m]);
  }
  let most = 0;
  for (const list of byMobile.values()) most = Math.max(most, list.length);
  if (most <= 1) return chunk(group, cap);
  const parts = Math.max(Math.ceil(group.length / cap), most);
  // Dealing a number's copies, laid side by side, round-robin puts them in distinct parts,
  // and every part gets floor or ceil of n / parts ≤ cap messages.
  const dealt: OutboundMessage[][] = Array.from({ length: parts }, () => []);
  const laidOut = [...byMobile.values()].sort((a, b) => b.length - a.length).flat();
  laidOut.forEach((m, i) => dealt[i % parts].push(m));
  return dealt;
}

/** One request per distinct variables JSON, split at the cap: one request carries one `content`. */
export function planTemplateSend(messages: readonly OutboundMessage[], template: string, cap: number, form: string): Submission[] {
  const names = placeholderNames(template);
  const groups = new Map<string, OutboundMessage[]>();
  for (const m of messages) {
    const key = contentJson(names, m.values);
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  return [...groups.values()].flatMap((g) => splitUnique(g, cap).map((part) => ({ form, messages: part })));
}
