// The preflight's rules: what would make the provider refuse a campaign (errors) or
// what the user should know before sending (warnings). Each finding names its rule,
// what is wrong, what to do, how many recipients it concerns and a few of them.
// The rules read capabilities, never a provider's name. Pure: the estimate gathers
// the counts in its one pass over the list and hands them here.
import { effectiveSignature, hasSignature } from '../../shared/compose';
import type { Bilingual, Capabilities, Kind } from '../../shared/providers';
import type { BalanceView, Finding } from '../../shared/views';

/** How many example mobiles a finding carries. */
export const EXAMPLES = 5;

/** A count of recipients with the first few of their mobiles. */
export class Tally {
  count = 0;
  readonly examples: string[] = [];

  add(mobile: string): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(mobile);
  }
}

export function finding(rule: string, severity: Finding['severity'], message: Bilingual, action: Bilingual, tally?: Tally): Finding {
  return { rule, severity, message, action, count: tally?.count ?? 0, examples: tally ? [...tally.examples] : [] };
}

/** Ways people write "reply to opt out"; any of them satisfies a customary (not required) suffix. */
const OPT_OUT_PHRASES = ['拒收请回复R', '回T退订', '退订回T', '回TD退订', '退订回TD', '回N退订'];

/** The template without the 【…】 blocks and blanks at its end (where 'content' signatures go). */
function beforeSignature(template: string): string {
  return template.replace(/(?:\s*【[^【】]+】)+\s*$/u, '').trimEnd();
}

export interface TemplateCheck {
  /** The body as the user wrote it. */
  body: string;
  /** The body with the signature applied (sendTemplate). */
  template: string;
  caps: Capabilities;
  /** The account's signature (without brackets), if any. */
  signature: string | null;
  kind: Kind;
  providerTemplateId?: string;
}

/** Rules on the template itself: provider template id, signature, opt-out suffix. */
export function templateFindings(c: TemplateCheck): Finding[] {
  return [...providerTemplateFindings(c), ...signatureFindings(c), ...suffixFindings(c)];
}

function providerTemplateFindings({ caps, providerTemplateId }: TemplateCheck): Finding[] {
  if (caps.send.contentMode !== 'provider-template' || providerTemplateId) return [];
  return [
    finding(
      'provider-template.missing',
      'error',
      { zh: `${caps.label.zh}只发送审核通过的模板，还没有填写服务商的模板 ID。`, en: `${caps.label.en} sends only approved templates, and no provider template id is given.` },
      { zh: '在服务商处提交并通过模板审核，然后填写它的模板 ID。', en: "Have the template approved by the provider, then enter its template id." },
    ),
  ];
}

function signatureFindings({ body, caps, signature }: TemplateCheck): Finding[] {
  const out: Finding[] = [];
  const { placement, required, minChars, maxChars } = caps.signature;
  if (signature && /[【】[\]]/.test(signature)) {
    out.push(
      finding(
        'signature.form',
        'error',
        { zh: `账户签名“${signature}”含有括号，发出后会变成“【${signature}】”。`, en: `The account's signature "${signature}" contains brackets; it would go out as "【${signature}】".` },
        { zh: '在账户设置中填写不带【】的签名，例如：门店。', en: 'Enter the signature without 【】 in the account settings, e.g. 门店.' },
      ),
    );
  }
  const sig = effectiveSignature(body, caps, signature);
  if (!sig) {
    if (required) {
      out.push(
        finding(
          'signature.missing',
          'error',
          {
            zh: placement === 'content' ? `${caps.label.zh}要求短信以【签名】结尾，但模板和账户都没有签名。` : `${caps.label.zh}要求签名，但账户没有设置签名。`,
            en: placement === 'content' ? `${caps.label.en} needs the text to end with 【signature】, and neither the template nor the account has one.` : `${caps.label.en} needs a signature, and the account has none.`,
          },
          {
            zh: placement === 'content' ? '在账户设置中填写签名（不带【】），或在模板末尾写上【签名】。' : '在账户设置中填写服务商审核通过的签名（不带【】）。',
            en: placement === 'content' ? 'Enter the signature (without 【】) in the account settings, or end the template with 【signature】.' : "Enter the provider's approved signature (without 【】) in the account settings.",
          },
        ),
      );
    }
    return out;
  }
  const length = [...sig].length;
  if ((minChars !== null && length < minChars) || (maxChars !== null && length > maxChars)) {
    const range = `${minChars ?? 1}–${maxChars ?? '∞'}`;
    out.push(
      finding(
        'signature.form',
        'error',
        { zh: `签名【${sig}】有 ${length} 个字，${caps.label.zh}要求 ${range} 个字。`, en: `The signature 【${sig}】 has ${length} characters; ${caps.label.en} requires ${range}.` },
        { zh: `改用 ${range} 个字的签名（需服务商审核通过）。`, en: `Use a signature of ${range} characters (approved by the provider).` },
      ),
    );
  }
  if (placement === 'parameter' && signature && hasSignature(body)) {
    out.push(
      finding(
        'signature.duplicate',
        'warning',
        { zh: `模板里已经有【…】，${caps.label.zh}还会在开头加上【${signature}】，收件人会看到两个签名。`, en: `The template already contains 【…】 and ${caps.label.en} adds 【${signature}】 in front: recipients would see two signatures.` },
        { zh: '删掉模板中的【…】，签名由服务商添加。', en: 'Remove the 【…】 from the template; the provider adds the signature.' },
      ),
    );
  }
  return out;
}

function suffixFindings({ caps, kind, template }: TemplateCheck): Finding[] {
  const suffix = caps.marketingSuffix.text;
  if (caps.marketingSuffix.requiredFor.includes(kind)) {
    if (beforeSignature(template).endsWith(suffix)) return [];
    return [
      finding(
        'suffix.required',
        'error',
        { zh: `${caps.label.zh}要求此类短信以“${suffix}”结尾，否则拒绝发送。`, en: `${caps.label.en} refuses such messages unless they end with "${suffix}".` },
        { zh: `在模板末尾加上“${suffix}”。`, en: `End the template with "${suffix}".` },
      ),
    ];
  }
  if (kind !== 'marketing' || template.includes(suffix) || OPT_OUT_PHRASES.some((p) => template.includes(p))) return [];
  return [
    finding(
      'suffix.customary',
      'warning',
      { zh: `营销短信通常以“${suffix}”等退订说明结尾；没有它更容易被投诉或拦截。`, en: `Marketing SMS customarily end with an opt-out note such as "${suffix}"; without one they draw complaints and filtering.` },
      { zh: `在模板末尾加上“${suffix}”。`, en: `End the template with "${suffix}".` },
    ),
  ];
}

// ---------- Beijing time ----------

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The Beijing calendar day (UTC+8, no daylight saving) holding an instant, as instants. */
export function beijingDay(at: Date): { from: Date; to: Date } {
  const from = Math.floor((at.getTime() + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
  return { from: new Date(from), to: new Date(from + DAY_MS) };
}

/** 'HH:mm' in Beijing, whatever the PC's time zone. */
export function beijingClock(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * Marketing and notifications between 22:00 and 08:00 Beijing time disturb people (and
 * carriers restrict commercial SMS then). Verification codes are asked for by the
 * recipient at that very moment, so they are not warned about.
 */
export function quietHoursFinding(at: Date, kind: Kind): Finding | null {
  const hour = new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCHours();
  if (kind === 'verification' || (hour >= 8 && hour < 22)) return null;
  const clock = beijingClock(at);
  return finding(
    'quiet-hours',
    'warning',
    { zh: `发送时间为北京时间 ${clock}，在夜间 22:00–08:00 之间，会打扰收件人。`, en: `The send time is ${clock} Beijing time, within the 22:00–08:00 night hours: it disturbs recipients.` },
    { zh: '改为定时在北京时间 08:00–22:00 之间发送。', en: 'Schedule it between 08:00 and 22:00 Beijing time.' },
  );
}

// ---------- per-recipient rules ----------

export interface RecipientTallies {
  /** Refused under the 'refuse' policy, and the placeholders found empty. */
  empty: Tally;
  emptyNames: Set<string>;
  tooLong: Tally;
  /** The user's own sensitive words: recipients hit, and which words. */
  localWords: Tally;
  localWordsFound: Set<string>;
  daily: Tally;
  verification: Tally;
}

export function newTallies(): RecipientTallies {
  return { empty: new Tally(), emptyNames: new Set(), tooLong: new Tally(), localWords: new Tally(), localWordsFound: new Set(), daily: new Tally(), verification: new Tally() };
}

const quote = (names: Iterable<string>, sep: string): string => [...names].map((n) => `<${n}>`).join(sep);
const words = (found: Iterable<string>, sep: string): string => [...found].slice(0, 20).join(sep);

/** One finding per rule that concerns at least one recipient. */
export function recipientFindings(t: RecipientTallies, caps: Capabilities): Finding[] {
  const { maxChars } = caps.send;
  // Without a stated limit the scan never counts anyone for it (its limit is Infinity).
  const { perNumberPerDay: day, verificationPer3Minutes: codes } = caps.frequency;
  const rules: [Tally, string, Finding['severity'], Bilingual, Bilingual][] = [
    [
      t.empty,
      'empty-value',
      'warning',
      { zh: `${t.empty.count} 位收件人的变量 ${quote(t.emptyNames, '、')} 为空；按“为空不发送”的设置，他们不会收到短信。`, en: `${t.empty.count} recipients have empty ${quote(t.emptyNames, ', ')}; under the "refuse empty values" setting they get no SMS.` },
      { zh: '补全列表中的数据，或把空值规则改为“允许为空”或“使用默认值”。', en: 'Fill in the list, or set empty values to "allow" or "use a default".' },
    ],
    [
      t.tooLong,
      'length.max',
      'error',
      { zh: `${t.tooLong.count} 条短信超过${caps.label.zh}允许的 ${maxChars} 字（含签名），会被拒绝。`, en: `${t.tooLong.count} messages exceed the ${maxChars} characters (signature included) ${caps.label.en} accepts and would be refused.` },
      { zh: '缩短模板，或检查这些收件人过长的变量值。', en: "Shorten the template, or check these recipients' long values." },
    ],
    [
      t.localWords,
      'sensitive.local',
      'warning',
      { zh: `${t.localWords.count} 位收件人的短信含有您设置的敏感词：${words(t.localWordsFound, '、')}。`, en: `${t.localWords.count} recipients' texts contain words from your sensitive-word list: ${words(t.localWordsFound, ', ')}.` },
      { zh: '修改模板或这些收件人的变量值，避开这些词。', en: "Reword the template or these recipients' values to avoid them." },
    ],
    [
      t.daily,
      'frequency.daily',
      'warning',
      { zh: `${t.daily.count} 个号码今天（北京时间）已通过${caps.label.zh}收到 ${day} 条或更多短信，超过每号每天 ${day} 条的限制，再发会失败。`, en: `${t.daily.count} numbers already got ${day} or more SMS through ${caps.label.en} today (Beijing time); over the limit of ${day} per number per day, more would fail.` },
      { zh: '从列表中去掉这些号码，或明天再发。', en: 'Leave these numbers out, or send tomorrow.' },
    ],
    [
      t.verification,
      'frequency.verification',
      'warning',
      { zh: `${t.verification.count} 个号码在 3 分钟内已收到 ${codes} 条验证码，超过限制，再发会失败。`, en: `${t.verification.count} numbers already got ${codes} verification codes within 3 minutes; more would fail.` },
      { zh: '过 3 分钟后再发。', en: 'Send again after 3 minutes.' },
    ],
  ];
  return rules.filter(([tally]) => tally.count > 0).map(([tally, rule, severity, message, action]) => finding(rule, severity, message, action, tally));
}

export function unknownPlaceholderFinding(names: string[]): Finding {
  return finding(
    'placeholder.unknown',
    'error',
    { zh: `模板中有列表没有的变量：${quote(names, '、')}，无法生成短信内容。`, en: `The template has placeholders the list lacks: ${quote(names, ', ')}; no text can be made.` },
    { zh: '改用列表的字段名（如 <姓名>）或 <value0>、<value1>…', en: "Use the list's field names (e.g. <name>) or <value0>, <value1>…" },
  );
}

export function noRecipientsFinding(): Finding {
  return finding(
    'recipients.none',
    'warning',
    { zh: '没有可发送的收件人。', en: 'There is nobody to send to.' },
    { zh: '检查列表、退订名单和空值规则。', en: 'Check the list, the opt-out list and the empty-value setting.' },
  );
}

/** Whether the balance covers the campaign: money against the cost, counts against the parts. */
export function balanceFits(balance: BalanceView, costE4: number, totalParts: number): boolean {
  return balance.unit === 'money' ? Math.round(balance.amount * 10_000) >= costE4 : balance.amount >= totalParts;
}

export function balanceFinding(balance: BalanceView, cost: number, totalParts: number): Finding {
  const money = balance.unit === 'money';
  return finding(
    'balance',
    'error',
    money
      ? { zh: `余额 ${balance.amount} 元不够：预计费用 ${cost.toFixed(2)} 元。`, en: `The balance of ${balance.amount} yuan does not cover the estimated cost of ${cost.toFixed(2)} yuan.` }
      : { zh: `余额 ${balance.amount} 条不够：预计需要 ${totalParts} 条。`, en: `The balance of ${balance.amount} messages does not cover the ${totalParts} parts needed.` },
    { zh: '先在服务商处充值，或减少收件人。', en: 'Top up at the provider first, or send to fewer recipients.' },
  );
}

/** Errors first, then warnings, each in the order the rules ran. */
export function ordered(findings: Finding[]): Finding[] {
  return [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')];
}
