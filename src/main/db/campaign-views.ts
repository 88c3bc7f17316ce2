// SQL for reading campaigns back: detail, funnel, timeline, failure reasons, message
// pages with filters, a message's history, and rows for export. Message states, status
// codes and final times are read through message_view: a receipt's outcome wins over the
// journal's state (migration 004).
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Db } from './open';
import type { NewMessage } from './journal';
import { MESSAGE_STATES, type MessageRow, type MessageState } from '../../shared/views';

interface MessageRecord {
  id: number;
  mobile: string;
  text: string;
  parts: number;
  state: MessageState;
  status_code: string | null;
  error_text: string | null;
  submitted_at: string | null;
  final_at: string | null;
  resend_of: number | null;
}

export function toMessageRow(r: MessageRecord): MessageRow {
  return {
    id: r.id,
    mobile: r.mobile,
    text: r.text,
    parts: r.parts,
    state: r.state,
    statusCode: r.status_code,
    errorText: r.error_text,
    submittedAt: r.submitted_at,
    finalAt: r.final_at,
    resendOf: r.resend_of,
  };
}

const COLUMNS = 'id, mobile, text, parts, state, status_code, error_text, submitted_at, final_at, resend_of';

/** What a resend copies of a message: the columns a new message row repeats. */
export type ResendableMessage = { id: number } & Pick<NewMessage, 'contact_id' | 'mobile' | 'text' | 'vals' | 'parts' | 'cost_e4'>;

export interface MessageFilter {
  state?: MessageState;
  statusCode?: string;
  search?: string;
}

/** Message ids a summary reads at a time: a few tens of milliseconds of work. */
export const SUMMARY_RANGE = 20_000;

export interface CampaignSummary {
  /** In 1/10000 yuan. */
  cost: { planned: number; spent: number };
  reasons: { code: string; n: number }[];
  timeline: { minute: string; submitted: number; delivered: number; failed: number }[];
}

export function campaignViewQueries(db: Db) {
  const listName = db.prepare<[number], { name: string }>('SELECT name FROM lists WHERE id = ?');
  // A campaign's summary (cost, failure reasons, timeline) is a pass over all its
  // messages: a second and more at a million. It is read a range of ids at a time, the
  // event loop served between ranges, so that sending and every other call go on.
  //
  // The campaign's first and last ids: a min and a max per journal state, each a probe of
  // the (campaign_id, state) index (one min and max over the campaign scans all of it).
  const firstId = db.prepare<[number, string], number | null>('SELECT min(id) FROM messages WHERE campaign_id = ? AND state = ?').pluck();
  const lastId = db.prepare<[number, string], number | null>('SELECT max(id) FROM messages WHERE campaign_id = ? AND state = ?').pluck();
  const idRange = (campaignId: number): { lo: number; hi: number } | null => {
    const ids = MESSAGE_STATES.flatMap((state) => [firstId.get(campaignId, state), lastId.get(campaignId, state)]).filter((id): id is number => typeof id === 'number');
    return ids.length ? { lo: Math.min(...ids), hi: Math.max(...ids) } : null;
  };
  // `+campaign_id` keeps SQLite on the id range rather than the campaign's index.
  type Range = { campaign: number; lo: number; hi: number };
  const IN_RANGE = '+campaign_id = @campaign AND id BETWEEN @lo AND @hi';
  // The journal state suffices for the cost: a receipt's outcome moves a message only
  // among the states that count as spent.
  const cost = db.prepare<Range, { planned: number | null; spent: number | null }>(
    `SELECT sum(cost_e4) AS planned,
            sum(CASE WHEN state IN ('submitted', 'delivered', 'failed', 'unknown', 'expired') THEN cost_e4 ELSE 0 END) AS spent
     FROM messages WHERE ${IN_RANGE}`,
  );
  const reasons = db.prepare<Range, { code: string; n: number }>(
    `SELECT coalesce(status_code, substr(error_text, 1, 60), '?') AS code, count(*) AS n FROM message_view
     WHERE ${IN_RANGE} AND state IN ('failed', 'rejected', 'expired') GROUP BY code`,
  );
  const timeline = db.prepare<Range, { minute: string; submitted: number; delivered: number; failed: number }>(
    `SELECT substr(submitted_at, 1, 16) AS minute, count(*) AS submitted,
            sum(state = 'delivered') AS delivered, sum(state = 'failed') AS failed
     FROM message_view WHERE ${IN_RANGE} AND submitted_at IS NOT NULL GROUP BY minute`,
  );
  const replies = db.prepare<[number], { replied: number; opted: number | null }>('SELECT count(*) AS replied, sum(opted_out) AS opted FROM replies WHERE campaign_id = ?');
  const message = db.prepare<[number], MessageRecord & { submission_id: number | null }>(`SELECT ${COLUMNS}, submission_id FROM message_view WHERE id = ?`);
  const submission = db.prepare<[number], { id: number; key: string; form: string; state: string; attempts: number; provider_batch_id: string | null; submitting_at: string | null; answered_at: string | null; error_code: string | null; error_text: string | null }>(
    'SELECT id, key, form, state, attempts, provider_batch_id, submitting_at, answered_at, error_code, error_text FROM submissions WHERE id = ?',
  );
  const receiptsOf = db.prepare<[number], { status: string; delivered: number; reported_at: string | null; received_at: string }>(
    'SELECT status, delivered, reported_at, received_at FROM receipts WHERE message_id = ? ORDER BY id',
  );
  const resentAs = db.prepare<[number], { id: number }>('SELECT id FROM messages WHERE resend_of = ? ORDER BY id');
  // Kept exact by the journal's triggers and the receipt store: no count over a million rows.
  const counted = db.prepare<{ campaign: number; state: string | null }, number>('SELECT coalesce(sum(n), 0) FROM campaign_counts WHERE campaign_id = @campaign AND (@state IS NULL OR state = @state)').pluck();
  // A campaign's messages in a state that no resend has copied yet (messages_resend_of,
  // migration 9, makes each a probe), a page at a time; and the resends that copied some.
  const resendable = db.prepare<[number, MessageState, number, number], ResendableMessage>(
    `SELECT id, contact_id, mobile, text, vals, parts, cost_e4 FROM message_view v
     WHERE campaign_id = ? AND state = ? AND id > ? AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.resend_of = v.id)
     ORDER BY id LIMIT ?`,
  );
  // Read through the resends' copies (none, most often), not the campaign's million messages.
  const resentCounts = db.prepare<[number, number], { state: MessageState; n: number }>(
    `SELECT o.state, count(*) AS n FROM campaigns c JOIN messages r ON r.campaign_id = c.id JOIN message_view o ON o.id = r.resend_of
     WHERE c.resend_of_campaign = ? AND o.campaign_id = ? GROUP BY o.state`,
  );
  const resentIn = db.prepare<[number, MessageState], number>(
    `SELECT DISTINCT r.campaign_id FROM message_view v JOIN messages r ON r.resend_of = v.id
     WHERE v.campaign_id = ? AND v.state = ? ORDER BY r.campaign_id`,
  ).pluck();

  function where(campaignId: number, f: MessageFilter): { sql: string; args: (string | number)[] } {
    const parts = ['campaign_id = ?'];
    const args: (string | number)[] = [campaignId];
    if (f.state) {
      parts.push('state = ?');
      args.push(f.state);
    }
    if (f.statusCode) {
      parts.push('status_code = ?');
      args.push(f.statusCode);
    }
    if (f.search) {
      parts.push('(mobile LIKE ? OR text LIKE ?)');
      args.push(`%${f.search}%`, `%${f.search}%`);
    }
    return { sql: parts.join(' AND '), args };
  }

  return {
    listName: (id: number | null): string | null => (id === null ? null : (listName.get(id)?.name ?? null)),
    /** Cost, the 20 commonest failure codes and the per-minute timeline, read range by range. */
    async summary(campaignId: number): Promise<CampaignSummary> {
      const out: CampaignSummary = { cost: { planned: 0, spent: 0 }, reasons: [], timeline: [] };
      const codes = new Map<string, number>();
      const minutes = new Map<string, { minute: string; submitted: number; delivered: number; failed: number }>();
      const ids = idRange(campaignId);
      if (!ids) return out;
      for (let from = ids.lo; from <= ids.hi; from += SUMMARY_RANGE) {
        if (from > ids.lo) await yieldTurn();
        const range = { campaign: campaignId, lo: from, hi: Math.min(ids.hi, from + SUMMARY_RANGE - 1) };
        const c = cost.get(range);
        out.cost.planned += c?.planned ?? 0;
        out.cost.spent += c?.spent ?? 0;
        for (const r of reasons.all(range)) codes.set(r.code, (codes.get(r.code) ?? 0) + r.n);
        for (const t of timeline.all(range)) {
          const m = minutes.get(t.minute);
          if (m) {
            m.submitted += t.submitted;
            m.delivered += t.delivered;
            m.failed += t.failed;
          } else minutes.set(t.minute, { ...t });
        }
      }
      out.reasons = [...codes].map(([code, n]) => ({ code, n })).sort((a, b) => b.n - a.n || a.code.localeCompare(b.code)).slice(0, 20);
      out.timeline = [...minutes.values()].sort((a, b) => a.minute.localeCompare(b.minute));
      return out;
    },
    replies: (campaignId: number) => replies.get(campaignId) ?? { replied: 0, opted: 0 },
    page(campaignId: number, f: MessageFilter, offset: number, limit: number): { total: number; rows: MessageRow[] } {
      const w = where(campaignId, f);
      const total =
        f.search || f.statusCode
          ? (db.prepare(`SELECT count(*) AS n FROM message_view WHERE ${w.sql}`).get(...w.args) as { n: number }).n
          : (counted.get({ campaign: campaignId, state: f.state ?? null }) ?? 0);
      // The offset is skipped over ids alone; only the page's rows are read whole (sorting
      // a million whole rows to skip them took a second deep in a big campaign).
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM message_view WHERE id IN (SELECT id FROM message_view WHERE ${w.sql} ORDER BY id LIMIT ? OFFSET ?) ORDER BY id`)
        .all(...w.args, limit, offset) as MessageRecord[];
      return { total, rows: rows.map(toMessageRow) };
    },
    message: (id: number) => message.get(id),
    submission: (id: number) => submission.get(id),
    receiptsOf: (messageId: number) => receiptsOf.all(messageId),
    resentAs: (messageId: number): number[] => resentAs.all(messageId).map((r) => r.id),
    /** Up to `limit` messages in `state` after id `after` that no resend has copied, in id order. */
    resendable: (campaignId: number, state: MessageState, after: number, limit: number): ResendableMessage[] => resendable.all(campaignId, state, after, limit),
    /** How many of the campaign's messages in each state a resend has copied. */
    resentCounts: (campaignId: number): Partial<Record<MessageState, number>> =>
      Object.fromEntries(resentCounts.all(campaignId, campaignId).map((r) => [r.state, r.n])),
    /** The campaigns that resent messages of this one in `state`. */
    resentIn: (campaignId: number, state: MessageState): number[] => resentIn.all(campaignId, state),
    /** Every message of a campaign in id order, streamed (for export). */
    iterate: (campaignId: number): IterableIterator<MessageRecord> =>
      db.prepare<[number], MessageRecord>(`SELECT ${COLUMNS} FROM message_view WHERE campaign_id = ? ORDER BY id`).iterate(campaignId),
  };
}
