// The journal side of planning, shared by a new campaign and a resend: messages taken a
// window at a time, grouped by the driver into submissions, then written in transactions
// of WRITE_CHUNK messages, each inserted once already attached to its submission,
// yielding between transactions, all under a campaign hidden (hidden-campaign.ts) until
// its caller reveals it.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Kind } from '../../shared/providers';
import type { Db } from '../db/open';
import { journalQueries } from '../db/journal';
import type { Driver, OutboundMessage } from '../providers/types';
import type { HiddenCampaign } from './hidden-campaign';
import { submissionKey } from './keys';
import { Outbound } from './outbound';

/**
 * Messages grouped at a time. The drivers group messages (same texts into one request,
 * personalised ones into batches); every provider's limit divides this, so a campaign
 * all of one text or all personalised needs no more requests than planned whole, and a
 * million recipients need a tenth of the memory (about 1 KB a message while held).
 */
export const PLAN_WINDOW = 100_000;

/**
 * Messages written per transaction: about 100 ms on this machine, so the thread is never
 * held long, and the commits stay few. A divisor of PLAN_WINDOW.
 */
export const WRITE_CHUNK = 10_000;

/** One message to write: as the planner rendered it, or as a resend copies it. */
export interface WindowMessage {
  contactId: number | null;
  mobile: string;
  text: string;
  /** The merged values by placeholder name, as JSON. */
  vals: string;
  parts: number;
  costE4: number;
  /** Why it is refused (an empty value): written, attached to no submission. */
  refused: string | null;
  resendOf: number | null;
}

export interface SubmissionContext {
  install: string;
  campaignId: number;
  accountId: number;
  template: string;
  kind: Kind;
  providerTemplateId?: string;
}

export class PlanWriter {
  planned = 0;
  rejected = 0;
  submissions = 0;
  private rows: WindowMessage[] = [];
  private readonly journal: ReturnType<typeof journalQueries>;
  private readonly writeChunk: (rows: WindowMessage[], from: number, to: number, submissionOf: Float64Array) => void;
  private readonly writeSubmissions: (rows: WindowMessage[]) => { submissionOf: Float64Array; submissions: number };

  constructor(
    db: Db,
    campaign: HiddenCampaign,
    driver: Driver,
    ctx: SubmissionContext,
    readonly window = PLAN_WINDOW,
  ) {
    this.journal = journalQueries(db);
    const messages = this.journal.messageWriter();
    this.writeChunk = db.transaction((rows: WindowMessage[], from: number, to: number, submissionOf: Float64Array) => {
      campaign.step();
      for (let i = from; i < to; i++) {
        const m = rows[i];
        messages.add({
          campaign_id: ctx.campaignId,
          contact_id: m.contactId,
          mobile: m.mobile,
          text: m.text,
          vals: m.vals,
          parts: m.parts,
          cost_e4: m.costE4,
          state: m.refused ? 'rejected' : 'planned',
          error_text: m.refused,
          resend_of: m.resendOf,
          submission_id: submissionOf[i] || null,
        });
      }
      messages.flush();
    });
    this.writeSubmissions = db.transaction((rows: WindowMessage[]) => {
      campaign.step();
      const outbound: Outbound[] = [];
      rows.forEach((m, i) => {
        if (!m.refused) outbound.push(new Outbound(i, m.mobile, m.text, m.vals));
      });
      return planSubmissionRows(this.journal, driver, outbound, rows.length, { ...ctx, firstSeq: this.submissions });
    });
  }

  /** Takes a message into the window; `full` says when to write it. */
  add(m: WindowMessage): void {
    this.rows.push(m);
  }

  get full(): boolean {
    return this.rows.length >= this.window;
  }

  /**
   * Writes the window: its submissions, then its messages a chunk to a transaction,
   * yielding after each; `written(left)` after each, with how many are still to write.
   */
  async write(written?: (left: number) => void): Promise<void> {
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return;
    const grouped = this.writeSubmissions(rows);
    this.submissions += grouped.submissions;
    await yieldTurn(); // grouping a window takes about as long as writing a chunk
    for (let from = 0; from < rows.length; from += WRITE_CHUNK) {
      const to = Math.min(rows.length, from + WRITE_CHUNK);
      this.writeChunk(rows, from, to, grouped.submissionOf);
      written?.(rows.length - to);
      await yieldTurn();
    }
    const refused = rows.filter((m) => m.refused).length;
    this.rejected += refused;
    this.planned += rows.length - refused;
  }
}

/**
 * Groups messages (refs are positions below `count`) with the driver's planner and
 * writes the submissions (not the messages). Returns the submission id of each position
 * (0: none, the message was not planned), and how many submissions there are.
 */
function planSubmissionRows(
  journal: ReturnType<typeof journalQueries>,
  driver: Driver,
  outbound: Outbound[],
  count: number,
  ctx: SubmissionContext & { firstSeq: number },
): { submissionOf: Float64Array; submissions: number } {
  const plan = driver.plan(outbound, { kind: ctx.kind, template: ctx.template, providerTemplateId: ctx.providerTemplateId });
  // A typed array, not a Map: a million entries in 8 MB.
  const submissionOf = new Float64Array(count);
  let seq = ctx.firstSeq;
  for (const sub of plan) {
    const id = journal.insertSubmission(ctx.campaignId, ctx.accountId, submissionKey(ctx.install, ctx.campaignId, seq++), sub.form);
    for (const m of sub.messages) submissionOf[Number(m.ref)] = id;
  }
  return { submissionOf, submissions: plan.length };
}

/** Groups messages that already have journal rows (refs are their ids) and attaches them; returns the submission count. */
export function planSubmissions(
  journal: ReturnType<typeof journalQueries>,
  driver: Driver,
  outbound: OutboundMessage[],
  ctx: SubmissionContext & { firstSeq?: number },
): number {
  const plan = driver.plan(outbound, { kind: ctx.kind, template: ctx.template, providerTemplateId: ctx.providerTemplateId });
  let seq = ctx.firstSeq ?? 0;
  for (const sub of plan) {
    const id = journal.insertSubmission(ctx.campaignId, ctx.accountId, submissionKey(ctx.install, ctx.campaignId, seq++), sub.form);
    for (const m of sub.messages) journal.attach(id, Number(m.ref));
  }
  return plan.length;
}

