// Before sending: each recipient's exact text (preview), and for a whole campaign the
// parts, the cost, the balance and the preflight findings (estimate). The estimate
// renders every contact once with a template compiled once; what it counts is what the
// planner will journal (same compose rules, same opt-out and empty-value handling).
import { billedLength, sendTemplate, visibleText } from '../../shared/compose';
import { AppError, toErrorBody } from '../../shared/errors';
import type { Bilingual, Capabilities, Kind } from '../../shared/providers';
import { billingLength, DEFAULT_SEGMENTS, partsFor } from '../../shared/segments';
import { compileTemplate, render, TemplateError, type CompiledTemplate } from '../../shared/template';
import type { BalanceView, EmptyPolicyView, Estimate, Finding, Page, PreviewRow } from '../../shared/views';
import { parseBeijing } from '../campaigns/service';
import { estimateQueries, type EstimateQueries, type ListRecord, type SentCounts } from '../db/estimate';
import type { Db } from '../db/open';
import { settingQueries } from '../db/settings';
import { capabilitiesOf } from '../providers/registry';
import type { AccountService } from './accounts';
import {
  balanceFinding,
  balanceFits,
  beijingDay,
  noRecipientsFinding,
  ordered,
  quietHoursFinding,
  recipientFindings,
  templateFindings,
  unknownPlaceholderFinding,
} from './preflight';
import { canCheckWords, providerWordFindings, Reservoir } from './provider-words';
import { scanRecipients, type ScanResult } from './recipient-scan';
import { WordMatcher } from './word-matcher';

const E4 = 10_000;
const SENSITIVE_KEY = 'sensitive_words';

export interface PreviewInput {
  listId: number;
  body: string;
  emptyPolicy: EmptyPolicyView;
  accountId?: number;
  offset: number;
  limit: number;
}

export interface EstimateInput {
  listId: number;
  accountId: number;
  body: string;
  emptyPolicy: EmptyPolicyView;
  kind: Kind;
  /** Beijing time 'YYYY-MM-DD HH:mm[:ss]'; absent: now. */
  sendAt?: string;
  providerTemplateId?: string;
}

export function unknownPlaceholderError(err: TemplateError): AppError {
  const names = [...new Set(err.unknown.map((u) => u.name))];
  const listed = names.map((n) => `<${n}>`);
  return new AppError(
    'template.unknown_placeholder',
    { zh: `模板中有列表没有的变量：${listed.join('、')}。请改用列表的字段名或 <value0> 等。`, en: `The template has placeholders the list lacks: ${listed.join(', ')}. Use the list's field names or <value0>….` },
    { placeholders: names },
  );
}

function compileFor(template: string, list: ListRecord): CompiledTemplate {
  try {
    return compileTemplate(template, JSON.parse(list.fields) as string[]);
  } catch (err) {
    throw err instanceof TemplateError ? unknownPlaceholderError(err) : err;
  }
}

const bilingual = (err: unknown): Bilingual => {
  const body = toErrorBody(err);
  return { zh: body.zh, en: body.en };
};

export class EstimateService {
  private readonly q: EstimateQueries;
  private readonly settings: ReturnType<typeof settingQueries>;

  constructor(
    db: Db,
    private readonly accounts: AccountService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = estimateQueries(db);
    this.settings = settingQueries(db);
  }

  /** A list by id, or by name (the CLI's way). */
  list(idOrName: number | string): ListRecord {
    const byId = typeof idOrName === 'number' || /^\d+$/.test(idOrName) ? this.q.list(Number(idOrName)) : undefined;
    const row = byId ?? (typeof idOrName === 'string' ? this.q.listByName(idOrName) : undefined);
    if (!row) throw new AppError('lists.not_found', { zh: `找不到联系人列表“${idOrName}”。`, en: `No contact list "${idOrName}".` });
    return row;
  }

  /** One page of recipients with their exact text, length, parts and empty placeholders. */
  preview(input: PreviewInput): Page<PreviewRow> {
    const list = this.list(input.listId);
    const account = input.accountId === undefined ? null : this.accounts.find(input.accountId);
    const caps = account ? capabilitiesOf(account.provider) : null;
    const signature = account?.signature ?? null;
    const compiled = compileFor(caps ? sendTemplate(input.body, caps, signature) : input.body, list);
    const rule = caps?.segments ?? DEFAULT_SEGMENTS;
    const rows = this.q.contactPage(list.id, input.offset, input.limit).map((c): PreviewRow => {
      const { text, empty } = render(compiled, JSON.parse(c.fields) as string[], input.emptyPolicy);
      const shown = caps ? visibleText(text, caps, signature) : text;
      const length = billingLength(shown);
      return { contactId: c.id, mobile: c.mobile, text: shown, length, parts: partsFor(length, rule), empty };
    });
    return { total: this.q.contactCount(list.id), rows };
  }

  async estimate(input: EstimateInput, signal?: AbortSignal): Promise<Estimate> {
    const list = this.list(input.listId);
    const account = this.accounts.find(input.accountId);
    const caps = capabilitiesOf(account.provider);
    const signature = account.signature;
    const at = input.sendAt ? parseBeijing(input.sendAt) : this.now();
    // Asked first so that the provider answers while the list is counted.
    const balance = this.accounts.balance(account.id, signal).then(
      (view): { view: BalanceView } | { error: Bilingual } => ({ view }),
      (err: unknown) => ({ error: bilingual(err) }),
    );
    const template = sendTemplate(input.body, caps, signature);
    const findings: Finding[] = templateFindings({ body: input.body, template, caps, signature, kind: input.kind, providerTemplateId: input.providerTemplateId });

    let compiled: CompiledTemplate | null = null;
    try {
      compiled = compileTemplate(template, JSON.parse(list.fields) as string[]);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      findings.push(unknownPlaceholderFinding([...new Set(err.unknown.map((u) => u.name))]));
    }

    let scan: ScanResult | null = null;
    if (compiled) {
      const words = this.getSensitiveWords();
      const literal = render(compiled, [], { kind: 'allow' }).text;
      const plan = {
        listId: list.id,
        compiled,
        caps,
        signature,
        policy: input.emptyPolicy,
        optedOut: input.kind === 'marketing' ? this.q.optouts() : null,
        baseParts: partsFor(billedLength(literal, caps, signature), caps.segments),
        matcher: words.length ? new WordMatcher(words) : null,
        ...this.frequency(caps, at),
        verification: input.kind === 'verification',
      };
      const checked = await this.accounts.withDriver(account.id, async (driver) => {
        const sample = canCheckWords(driver) ? new Reservoir() : null;
        const result = await scanRecipients(this.q, { ...plan, sample }, signal);
        const provider = sample && canCheckWords(driver) ? await providerWordFindings(driver, literal, sample.items, signal) : [];
        return { result, provider };
      });
      scan = checked.result;
      findings.push(...recipientFindings(scan.tallies, caps), ...checked.provider);
      if (scan.recipients === 0) findings.push(noRecipientsFinding());
    }
    const quiet = quietHoursFinding(at, input.kind);
    if (quiet) findings.push(quiet);

    const totalParts = scan?.totalParts ?? 0;
    const costE4 = totalParts * account.unit_price_e4;
    const cost = costE4 / E4;
    const answer = await balance;
    const fits = 'view' in answer && compiled ? balanceFits(answer.view, costE4, totalParts) : null;
    if (fits === false && 'view' in answer) findings.push(balanceFinding(answer.view, cost, totalParts));
    return {
      recipients: scan?.recipients ?? 0,
      skippedOptedOut: scan?.skippedOptedOut ?? 0,
      distribution: scan ? distribution(scan.byParts) : [],
      totalParts,
      unitPrice: account.unit_price_e4 / E4,
      cost,
      longest: scan?.longest ? { ...scan.longest, text: visibleText(scan.longest.text, caps, signature) } : null,
      extraPart: scan?.extra ?? { count: 0, examples: [] },
      balance: 'view' in answer ? answer.view : null,
      balanceError: 'error' in answer ? answer.error : null,
      fits,
      findings: ordered(findings),
    };
  }

  /** The frequency limits the provider states, and the numbers of this list's provider already at them. */
  private frequency(caps: Capabilities, at: Date): { history: Map<string, SentCounts>; limits: { day: number; recent: number } } {
    const { perNumberPerDay, verificationPer3Minutes } = caps.frequency;
    const limits = { day: perNumberPerDay ?? Infinity, recent: verificationPer3Minutes ?? Infinity };
    if (perNumberPerDay === null && verificationPer3Minutes === null) return { history: new Map(), limits };
    const day = beijingDay(at);
    const history = this.q.sentAtLimit({
      provider: caps.provider,
      dayFrom: day.from.toISOString(),
      dayTo: day.to.toISOString(),
      recentFrom: new Date(at.getTime() - 3 * 60_000).toISOString(),
      recentTo: at.toISOString(),
      // SQLite gets no Infinity: a limit no count reaches.
      dayLimit: perNumberPerDay ?? Number.MAX_SAFE_INTEGER,
      recentLimit: verificationPer3Minutes ?? Number.MAX_SAFE_INTEGER,
    });
    return { history, limits };
  }

  getSensitiveWords(): string[] {
    const stored = this.settings.get(SENSITIVE_KEY);
    return stored ? (JSON.parse(stored) as string[]) : [];
  }

  /** Trimmed, without blanks and repeats, in the order given; returns what was stored. */
  setSensitiveWords(words: string[]): string[] {
    const clean = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))];
    this.settings.set(SENSITIVE_KEY, JSON.stringify(clean));
    return clean;
  }
}

function distribution(byParts: number[]): { parts: number; count: number }[] {
  const out: { parts: number; count: number }[] = [];
  byParts.forEach((count, parts) => {
    if (count) out.push({ parts, count });
  });
  return out;
}
