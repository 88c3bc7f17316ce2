// Receipts and replies in: stored first, then matched to journal messages. A receipt
// that matches nothing yet (it can arrive before the send's answer is committed) is
// kept and matched later, never dropped. Replies that say R / TD / T / 退订 / N add the
// number to the opt-out list.
import type { Db } from '../db/open';
import { receiptQueries } from '../db/receipts';
import { settingQueries } from '../db/settings';
import type { ReceiptIn, ReplyIn } from '../providers/types';
import type { CoreEvents } from '../core/events';

export const DEFAULT_OPTOUT_WORDS = ['R', 'TD', 'T', '退订', 'N'];
const OPTOUT_KEY = 'replies.optout_words';

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
    const matched = this.db.transaction(() => {
      let n = 0;
      for (const r of receipts) {
        const row = {
          account_id: accountId,
          message_id: null as number | null,
          provider_batch_id: r.providerBatchId ?? null,
          provider_msg_id: r.providerMessageId ?? null,
          mobile: r.mobile,
          status: r.status,
          delivered: r.delivered ? 1 : 0,
          reported_at: r.reportedAt ?? null,
          received_at: at,
        };
        row.message_id = this.q.findMessage(accountId, row);
        this.q.insert(row);
        if (row.message_id !== null) {
          this.q.settle(row.message_id, r.delivered, r.status, at);
          n++;
        }
      }
      return n;
    })();
    this.events.emit('receipt.arrived', { accountId, count: receipts.length });
    return { stored: receipts.length, matched };
  }

  /** Matches receipts kept unmatched, e.g. once a send's answer (its batch id) is committed. */
  rematch(accountId: number, batchId?: string): number {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      let n = 0;
      for (const r of this.q.unmatched(accountId, batchId)) {
        const messageId = this.q.findMessage(accountId, r);
        if (messageId === null) continue;
        this.q.link(r.id, messageId);
        this.q.settle(messageId, r.delivered === 1, r.status, at);
        n++;
      }
      return n;
    })();
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
