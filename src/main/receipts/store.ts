// Receipts and replies in: stored first, then matched to journal messages. A receipt
// that matches nothing yet (it can arrive before the send's answer is committed) is
// kept and matched later, never dropped. Replies that say R / TD / T / 退订 / N add the
// number to the opt-out list.
import type { Db } from '../db/open';
import { receiptQueries, type CountMove, type MessageNow, type OutcomeWrite, type ReceiptInsertRow, type ReceiptOutcome } from '../db/receipts';
import { settingQueries } from '../db/settings';
import type { ReceiptIn, ReplyIn } from '../providers/types';
import type { CoreEvents } from '../core/events';
import type { MessageState } from '../../shared/views';

export const DEFAULT_OPTOUT_WORDS = ['R', 'TD', 'T', '退订', 'N'];
const OPTOUT_KEY = 'replies.optout_words';
/** Journal states a receipt can settle: the message left this PC. */
const SETTLES: ReadonlySet<MessageState> = new Set(['submitted', 'delivered', 'failed', 'unknown', 'expired']);

/** Full-width letters to ASCII, spaces out, upper case: how a reply keyword is compared. */
function keyword(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

export class ReceiptStore {
  private readonly q: ReturnType<typeof receiptQueries>;
  private readonly settings: ReturnType<typeof settingQueries>;

  constructor(
    private readonly db: Db,
    private readonly events: CoreEvents,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = receiptQueries(db);
    this.settings = settingQueries(db);
  }

  optoutWords(): string[] {
    const saved = this.settings.get(OPTOUT_KEY);
    return saved ? (JSON.parse(saved) as string[]) : DEFAULT_OPTOUT_WORDS;
  }

  setOptoutWords(words: string[]): string[] {
    this.settings.set(OPTOUT_KEY, JSON.stringify(words));
    return words;
  }

  /** Stores and matches a page of receipts in one transaction; returns how many matched. */
  ingestReceipts(accountId: number, receipts: ReceiptIn[]): { stored: number; matched: number } {
    if (receipts.length === 0) return { stored: 0, matched: 0 };
    const at = this.now().toISOString();
    const rows = receipts.map((r): ReceiptInsertRow => [r.providerBatchId ?? null, r.providerMessageId ?? null, r.mobile, r.status, r.delivered ? 1 : 0, r.reportedAt ?? null]);
    const matched = this.db.transaction(() => {
      const { hits, before } = this.q.insertPage(accountId, at, rows);
      this.settle(hits, at, before);
      return hits.length;
    })();
    this.events.emit('receipt.arrived', { accountId, count: receipts.length });
    return { stored: receipts.length, matched };
  }

  /** Matches receipts kept unmatched, e.g. once a send's answer (its batch id) is committed. */
  rematch(accountId: number, batchId?: string): number {
    // Called after every answer: most batches have no receipt waiting, and one probe says so.
    if (batchId !== undefined && !this.q.waiting(accountId, batchId)) return 0;
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const hits = this.q.rematch(accountId, batchId ?? null);
      this.settle(hits, at);
      return hits.length;
    })();
  }

  /**
   * Applies matched receipts in the order they came, as if one by one: a receipt settles
   * a message that left this PC (submitted, delivered, failed, unknown, expired; never
   * planned, cancelled or rejected). A long message's parts each report: it is delivered
   * only while no part failed, and the failing part's status code is kept. The outcomes
   * and the moves of campaign counts are written once for the page. `shown`: what the
   * messages showed before, when the match already read it. (One object per settled
   * message and one count per campaign and state: this runs for every receipt.)
   */
  private settle(hits: ReceiptOutcome[], at: string, shown?: Map<number, MessageNow>): void {
    if (hits.length === 0) return;
    const before = shown ?? new Map(this.q.messagesNow([...new Set(hits.map((h) => h.message_id))]).map((m) => [m.id, m]));
    const after = new Map<number, OutcomeWrite>();
    let ordered = true;
    let last = 0;
    for (const h of hits) {
      const m = before.get(h.message_id);
      if (!m || !SETTLES.has(m.state)) continue;
      const was = after.get(h.message_id);
      if (was === undefined) {
        const failed = m.state === 'failed';
        after.set(h.message_id, { message_id: m.id, campaign_id: m.campaign_id, state: failed || h.delivered === 0 ? 'failed' : 'delivered', status_code: failed ? m.status_code : h.status });
        if (m.id < last) ordered = false;
        last = m.id;
      } else if (was.state !== 'failed') {
        was.state = h.delivered === 0 ? 'failed' : 'delivered';
        was.status_code = h.status;
      }
    }
    const moves = new Map<number, Map<MessageState, number>>();
    const move = (campaignId: number, state: MessageState, n: number): void => {
      const ofCampaign = moves.get(campaignId) ?? new Map<MessageState, number>();
      ofCampaign.set(state, (ofCampaign.get(state) ?? 0) + n);
      moves.set(campaignId, ofCampaign);
    };
    for (const o of after.values()) {
      const was = before.get(o.message_id)?.state;
      if (was === undefined || was === o.state) continue;
      move(o.campaign_id, was, -1);
      move(o.campaign_id, o.state, 1);
    }
    const outcomes = [...after.values()];
    // Appended in message id order; receipts usually come in it already.
    if (!ordered) outcomes.sort((a, b) => a.message_id - b.message_id);
    this.q.writeOutcomes(outcomes, at);
    this.q.moveCounts([...moves].flatMap(([campaignId, ofCampaign]) => [...ofCampaign].filter(([, n]) => n !== 0).map(([state, n]): CountMove => ({ campaign_id: campaignId, state, n }))));
  }

  ingestReplies(accountId: number, replies: ReplyIn[]): { stored: number; optedOut: number } {
    if (replies.length === 0) return { stored: 0, optedOut: 0 };
    const words = new Set(this.optoutWords().map(keyword));
    const at = this.now().toISOString();
    const optedOut = this.db.transaction(() => {
      let n = 0;
      for (const r of replies) {
        const last = this.q.lastMessageTo(r.mobile, accountId);
        const optOut = words.has(keyword(r.text));
        if (optOut && this.q.optout(r.mobile, `回复 reply: ${r.text}`, at)) n++;
        this.q.insertReply({
          account_id: accountId,
          campaign_id: last?.campaign_id ?? null,
          message_id: last?.id ?? null,
          mobile: r.mobile,
          text: r.text,
          extno: r.extno ?? null,
          replied_at: r.repliedAt ?? null,
          received_at: at,
          opted_out: optOut ? 1 : 0,
        });
      }
      return n;
    })();
    this.events.emit('reply.arrived', { accountId, count: replies.length });
    if (optedOut) this.events.emit('data.changed', { what: 'optouts' });
    return { stored: replies.length, optedOut };
  }

  /** Messages with no receipt after `hours` become expired. */
  expire(hours: number): number {
    const now = this.now();
    return this.q.expireBefore(new Date(now.getTime() - hours * 3600_000).toISOString(), now.toISOString());
  }

  awaitingReceipts(accountId: number): number {
    return this.q.awaitingReceipts(accountId);
  }
}
