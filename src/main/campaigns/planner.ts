// Planning: a campaign's every message rendered into the journal, and grouped into the
// fewest submissions the driver's documented limits allow (a window of contacts at a
// time), under a campaign hidden until the last of its transactions.
// Nothing is sent here.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { AppError } from '../../shared/errors';
import { billedLength, sendTemplate } from '../../shared/compose';
import type { Capabilities, Kind } from '../../shared/providers';
import { partsFor } from '../../shared/segments';
import { compileTemplate, render, TemplateError, valuesByName, type EmptyPolicy } from '../../shared/template';
import type { Db } from '../db/open';
import { journalQueries } from '../db/journal';
import { estimateQueries } from '../db/estimate';
import { capabilitiesOf, createDriver } from '../providers/registry';
import type { OutboundMessage } from '../providers/types';
import type { AccountService } from '../services/accounts';
import { unknownPlaceholderError } from '../services/estimate';
import { HiddenCampaign } from './hidden-campaign';
import { installId, submissionKey } from './keys';
import { Outbound } from './outbound';

export interface CampaignDraft {
  name?: string;
  listId: number;
  accountId: number;
  /** The template as the user wrote it (Qunfa placeholders). */
  body: string;
  emptyPolicy: EmptyPolicy;
  kind: Kind;
  /** When to send (an instant); absent: now. */
  at?: Date;
  /** Use the provider's own scheduled send (where it has one) instead of our timer. */
  providerSchedule?: boolean;
  providerTemplateId?: string;
  templateId?: number;
}

export interface PlanResult {
  campaignId: number;
  planned: number;
  rejected: number;
  skippedOptedOut: number;
  submissions: number;
}


function emptyValueError(names: string[]): string {
  return `变量为空，按模板设置不发送：${names.map((n) => `<${n}>`).join('、')} / Empty value, refused by the template's policy: ${names.map((n) => `<${n}>`).join(', ')}`;
}

/**
 * Contacts planned at a time. The drivers group messages (same texts into one request,
 * personalised ones into batches); every provider's limit divides this, so a campaign
 * all of one text or all personalised needs no more requests than planned whole, and a
 * million recipients need a tenth of the memory (about 1 KB a message while held).
 */
export const PLAN_WINDOW = 100_000;

/** Contacts read per page, rendered between yields. */
const CONTACT_PAGE = 5000;

/** Rendered messages as columns, by position: a fraction of the memory of an object each. */
class RenderedRows {
  readonly contactIds: number[] = [];
  readonly mobiles: string[] = [];
  readonly texts: string[] = [];
  readonly parts: number[] = [];
  readonly vals: string[] = [];
  /** Why a message is refused (an empty value), by position; most have none. */
  readonly refused = new Map<number, string>();

  get length(): number {
    return this.mobiles.length;
  }

  /** Appends a message; returns its position. */
  push(contactId: number, mobile: string, text: string, parts: number, vals: string, empty: string[]): number {
    const i = this.mobiles.length;
    this.contactIds.push(contactId);
    this.mobiles.push(mobile);
    this.texts.push(text);
    this.parts.push(parts);
    this.vals.push(vals);
    if (empty.length) this.refused.set(i, emptyValueError(empty));
    return i;
  }
}

export interface PlanOptions {
  now?: Date;
  /** Contacts grouped at a time (tests give smaller ones). */
  window?: number;
  /** After each transaction: contacts planned so far, of the list's. */
  progress?: (done: number, of: number) => void;
}

/**
 * Messages written per transaction: about 100 ms on this machine, so the thread is never
 * held long, and the commits stay few. A divisor of PLAN_WINDOW.
 */
export const WRITE_CHUNK = 10_000;

/**
 * Plans the campaign into the journal, a window of contacts at a time, each written in
 * transactions of WRITE_CHUNK messages, yielding between them (a million took one
 * transaction of twelve seconds). The campaign stays hidden until the last transaction
 * reveals it whole; a failure deletes what was written.
 */
export async function planCampaign(db: Db, accounts: AccountService, draft: CampaignDraft, opts: PlanOptions = {}): Promise<PlanResult> {
  const now = opts.now ?? new Date();
  const window = opts.window ?? PLAN_WINDOW;
  const account = accounts.find(draft.accountId);
  const caps: Capabilities = capabilitiesOf(account.provider);
  const q = estimateQueries(db);
  const list = q.list(draft.listId);
  if (!list) throw new AppError('lists.not_found', { zh: `找不到联系人列表 ${draft.listId}。`, en: `No contact list ${draft.listId}.` });
  if (caps.send.contentMode === 'provider-template' && !draft.providerTemplateId) {
    throw new AppError('campaign.provider_template_required', {
      zh: `${caps.label.zh}只能用审核通过的模板发送：请填写服务商的模板 ID。`,
      en: `${caps.label.en} sends only approved templates: give the provider's template id.`,
    });
  }
  if (draft.providerSchedule && !caps.send.scheduled) {
    throw new AppError('campaign.no_provider_schedule', { zh: `${caps.label.zh}不支持定时发送参数。`, en: `${caps.label.en} has no scheduled-send parameter.` });
  }
  const fields = JSON.parse(list.fields) as string[];
  const template = sendTemplate(draft.body, caps, account.signature);
  let compiled;
  try {
    compiled = compileTemplate(template, fields);
  } catch (err) {
    throw err instanceof TemplateError ? unknownPlaceholderError(err) : err;
  }
  const optedOut = draft.kind === 'marketing' ? q.optouts() : new Set<string>();
  const journal = journalQueries(db);
  const install = installId(db);
  const scheduled = draft.at && draft.at.getTime() > now.getTime() + 60_000;
  const of = q.contactCount(list.id);
  const driver = createDriver(accounts.config(account));
  const campaign = new HiddenCampaign(db, () =>
    journal.insertCampaign({
      name: draft.name ?? `${list.name} · ${now.toISOString().slice(0, 16).replace('T', ' ')}`,
      account_id: account.id,
      list_id: list.id,
      template_id: draft.templateId ?? null,
      template_body: template,
      provider_template_id: draft.providerTemplateId ?? null,
      kind: draft.kind,
      state: 'draft',
      scheduled_at: draft.at ? draft.at.toISOString() : null,
      provider_schedule: draft.providerSchedule ? 1 : 0,
      resend_of_campaign: null,
      empty_policy: JSON.stringify(draft.emptyPolicy),
      created_at: now.toISOString(),
    }),
  );
  const campaignId = campaign.id;
  try {
    // A window of contacts at a time: rendered, grouped by the driver, its submissions
    // written, then its messages, in list order, each inserted once already attached
    // to its submission. Refs are positions in the window until the rows exist.
    let rows = new RenderedRows();
    let outbound: OutboundMessage[] = [];
    let read = 0;
    let skipped = 0;
    let planned = 0;
    let rejected = 0;
    let submissions = 0;
    const writer = journal.messageWriter();
    const writeMessages = db.transaction((from: number, to: number, submissionOf: Float64Array) => {
      campaign.step();
      for (let i = from; i < to; i++) {
        const why = rows.refused.get(i);
        writer.add({
          campaign_id: campaignId,
          contact_id: rows.contactIds[i],
          mobile: rows.mobiles[i],
          text: rows.texts[i],
          vals: rows.vals[i],
          parts: rows.parts[i],
          cost_e4: rows.parts[i] * account.unit_price_e4,
          state: why ? 'rejected' : 'planned',
          error_text: why ?? null,
          resend_of: null,
          submission_id: submissionOf[i] || null,
        });
      }
      writer.flush();
    });
    const writeSubmissions = db.transaction(() => {
      campaign.step();
      return planSubmissionRows(journal, driver, outbound, rows.length, { install, campaignId, accountId: account.id, template, kind: draft.kind, providerTemplateId: draft.providerTemplateId, firstSeq: submissions });
    });
    const writeWindow = async (): Promise<void> => {
      const grouped = writeSubmissions();
      planned += outbound.length;
      submissions += grouped.submissions;
      outbound = []; // the messages are written from rows: the planner's copies can go
      await yieldTurn(); // grouping a window takes about as long as writing a chunk
      const before = read - rows.length;
      for (let from = 0; from < rows.length; from += WRITE_CHUNK) {
        const to = Math.min(rows.length, from + WRITE_CHUNK);
        writeMessages(from, to, grouped.submissionOf);
        opts.progress?.(before + to, of);
        await yieldTurn();
      }
      rejected += rows.refused.size;
      rows = new RenderedRows();
    };
    // Pages of contacts between yields; the list is read as it is at each page.
    for (let after = 0; ; ) {
      const page = q.scanPage(list.id, after, CONTACT_PAGE);
      for (const [contactId, mobile, fieldsJson] of page) {
        read++;
        if (optedOut.has(mobile)) {
          skipped++;
          continue;
        }
        const fieldValues = JSON.parse(fieldsJson) as string[];
        const { text, empty } = render(compiled, fieldValues, draft.emptyPolicy);
        const vals = JSON.stringify(valuesByName(compiled, fieldValues));
        const i = rows.push(contactId, mobile, text, partsFor(billedLength(text, caps, account.signature), caps.segments), vals, empty);
        if (empty.length === 0) outbound.push(new Outbound(i, mobile, text, vals));
        if (rows.length === window) await writeWindow();
      }
      if (page.length < CONTACT_PAGE) break;
      after = page[page.length - 1][0];
      await yieldTurn();
    }
    if (rows.length > 0) await writeWindow();
    db.transaction(() => campaign.reveal(scheduled && !draft.providerSchedule ? 'scheduled' : 'draft'))();
    opts.progress?.(read, read);
    return { campaignId, planned, rejected, skippedOptedOut: skipped, submissions };
  } catch (err) {
    await campaign.remove();
    throw err;
  } finally {
    void driver.close();
  }
}

/**
 * Groups messages (refs are positions below `count`) with the driver's planner and
 * writes the submissions (not the messages). Returns the submission id of each position
 * (0: none, the message was not planned), and how many submissions there are.
 */
export function planSubmissionRows(
  journal: ReturnType<typeof journalQueries>,
  driver: ReturnType<typeof createDriver>,
  outbound: OutboundMessage[],
  count: number,
  ctx: { install: string; campaignId: number; accountId: number; template: string; kind: Kind; providerTemplateId?: string; firstSeq?: number },
): { submissionOf: Float64Array; submissions: number } {
  const plan = driver.plan(outbound, { kind: ctx.kind, template: ctx.template, providerTemplateId: ctx.providerTemplateId });
  // A typed array, not a Map: a million entries in 8 MB.
  const submissionOf = new Float64Array(count);
  let seq = ctx.firstSeq ?? 0;
  for (const sub of plan) {
    const id = journal.insertSubmission(ctx.campaignId, ctx.accountId, submissionKey(ctx.install, ctx.campaignId, seq++), sub.form);
    for (const m of sub.messages) submissionOf[Number(m.ref)] = id;
  }
  return { submissionOf, submissions: plan.length };
}

/** Groups messages that already have journal rows (refs are their ids) and attaches them; returns the submission count. */
export function planSubmissions(
  journal: ReturnType<typeof journalQueries>,
  driver: ReturnType<typeof createDriver>,
  outbound: OutboundMessage[],
  ctx: { install: string; campaignId: number; accountId: number; template: string; kind: Kind; providerTemplateId?: string; firstSeq?: number },
): number {
  const plan = driver.plan(outbound, { kind: ctx.kind, template: ctx.template, providerTemplateId: ctx.providerTemplateId });
  let seq = ctx.firstSeq ?? 0;
  for (const sub of plan) {
    const id = journal.insertSubmission(ctx.campaignId, ctx.accountId, submissionKey(ctx.install, ctx.campaignId, seq++), sub.form);
    for (const m of sub.messages) journal.attach(id, Number(m.ref));
  }
  return plan.length;
}

