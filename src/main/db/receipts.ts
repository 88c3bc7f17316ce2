// SQL for receipts and replies, and for matching them to journal messages.
import type { Db } from './open';
import type { MessageState } from '../../shared/views';
import { RowInserter } from './row-inserter';

/** A receipt as stored with its page: [batch id, msg id, mobile, status, delivered, reported at]. */
export type ReceiptInsertRow = [string | null, string | null, string, string, 0 | 1, string | null];

export interface ReplyInsert {
  account_id: number;
  campaign_id: number | null;
  message_id: number | null;
  mobile: string;
  text: string;
  extno: string | null;
  replied_at: string | null;
  received_at: string;
  opted_out: number;
}

/** A stored receipt as the settling needs it, in the order the receipts arrived. */
export interface ReceiptOutcome {
  message_id: number;
  delivered: number;
  status: string;
}

/** What a message shows now (its outcome, else its journal state), before a page settles it. */
export interface MessageNow {
  id: number;
  campaign_id: number;
  state: MessageState;
  status_code: string | null;
}

export interface OutcomeWrite {
  message_id: number;
  campaign_id: number;
  state: 'delivered' | 'failed';
  status_code: string | null;
}

export interface CountMove {
  campaign_id: number;
  state: MessageState;
  n: number;
}

// The message a receipt reports on, within the account (batch ids of two providers may
// collide): by the provider's message id first, else by (batch id, mobile). Written once
// for both the page insert and the later rematch; `r` names the receipt's columns.
const matchOf = (r: { account: string; msgId: string; batchId: string; mobile: string }): string => `coalesce(
  CASE WHEN ${r.msgId} <> '' THEN (SELECT m.id FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE m.provider_msg_id = ${r.msgId} AND s.account_id = ${r.account} LIMIT 1) END,
  CASE WHEN ${r.batchId} <> '' THEN (SELECT m.id FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE m.provider_batch_id = ${r.batchId} AND m.mobile = ${r.mobile} AND s.account_id = ${r.account} LIMIT 1) END)`;

/** A matched receipt of a page: [message id, delivered, status, and what the message showed before: campaign id, state, status code]. */
type PageHit = [number, number, string, number, MessageState, string | null];

export function receiptQueries(db: Db) {
  // A page is matched as it is stored: one INSERT … SELECT per 100 receipts bound as
  // rows [account, batch id, msg id, mobile, status, delivered, reported at, received at]
  // (a JSON page cost a parse of each row per column read, in two statements). The
  // matched ones are then read back in the order they came, each with what its message
  // shows now: a walk of the page's new receipt ids, its messages' pages still cached,
  // handed over as one JSON text (a row object per receipt cost four times the walk).
  const receiptRows = new RowInserter(
    db,
    'receipts (account_id, message_id, provider_batch_id, provider_msg_id, mobile, status, delivered, reported_at, received_at)',
    '(?, ?, ?, ?, ?, ?, ?, ?)',
    { select: `v.column1, ${matchOf({ account: 'v.column1', batchId: 'v.column2', msgId: 'v.column3', mobile: 'v.column4' })}, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8` },
  );
  const lastReceipt = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM receipts').pluck();
  const matchedSince = db
    .prepare<[number], string>(
      `SELECT json_group_array(json_array(r.message_id, r.delivered, r.status, m.campaign_id, coalesce(o.state, m.state),
                CASE WHEN o.message_id IS NULL THEN m.status_code ELSE o.status_code END) ORDER BY r.id)
       FROM receipts r JOIN messages m ON m.id = r.message_id LEFT JOIN message_outcomes o ON o.message_id = m.id
       WHERE r.id > ?`,
    )
    .pluck();
  // Of one batch (after each answer: an index probe, however many receipts wait
  // unmatched), or all of an account.
  const rematchWhere = (batch: string): string => {
    const match = matchOf({ account: '@account', msgId: 'receipts.provider_msg_id', batchId: 'receipts.provider_batch_id', mobile: 'receipts.mobile' });
    return `UPDATE receipts SET message_id = ${match}
     WHERE account_id = @account AND message_id IS NULL AND ${batch} AND ${match} IS NOT NULL
     RETURNING id, message_id, delivered, status`;
  };
  type Rematched = { id: number; message_id: number; delivered: number; status: string };
  const rematchBatch = db.prepare<{ account: number; batch: string }, Rematched>(rematchWhere('provider_batch_id = @batch'));
  const rematchAll = db.prepare<{ account: number }, Rematched>(rematchWhere('true'));
  const waitingOfBatch = db.prepare<[number, string], number>('SELECT 1 FROM receipts WHERE account_id = ? AND provider_batch_id = ? AND message_id IS NULL LIMIT 1').pluck();
  const now = db.prepare<{ ids: string }, MessageNow>('SELECT id, campaign_id, state, status_code FROM message_view WHERE id IN (SELECT value FROM json_each(@ids))');
  // Rows [message id, state, status code, at], in message id order: appended.
  const outcomeRows = new RowInserter(db, 'message_outcomes (message_id, state, status_code, final_at)', '(?, ?, ?, ?)', {
    then: 'ON CONFLICT (message_id) DO UPDATE SET state = excluded.state, status_code = excluded.status_code, final_at = excluded.final_at',
  });
  const moveCounts = db.prepare<{ moves: string }>(
    `INSERT INTO campaign_counts (campaign_id, state, n)
     SELECT value->>0, value->>1, value->>2 FROM json_each(@moves) WHERE true
     ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + excluded.n`,
  );
  const insertReply = db.prepare<ReplyInsert>(
    `INSERT INTO replies (account_id, campaign_id, message_id, mobile, text, extno, replied_at, received_at, opted_out)
     VALUES (@account_id, @campaign_id, @message_id, @mobile, @text, @extno, @replied_at, @received_at, @opted_out)`,
  );
  const lastMessageTo = db.prepare<[string, number], { id: number; campaign_id: number }>(
    `SELECT m.id, m.campaign_id FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE m.mobile = ? AND s.account_id = ? AND m.submitted_at IS NOT NULL ORDER BY m.submitted_at DESC LIMIT 1`,
  );
  const optout = db.prepare<[string, string, string]>("INSERT INTO optouts (mobile, source, note, created_at) VALUES (?, 'reply', ?, ?) ON CONFLICT (mobile) DO NOTHING");
  // A message a receipt settled is not waiting for one, whatever its journal state says.
  const expire = db.prepare<[string, string]>(
    "UPDATE messages SET state = 'expired', final_at = ? WHERE state = 'submitted' AND submitted_at < ? AND NOT EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = messages.id)",
  );
  const awaiting = db.prepare<[number], { n: number }>(
    `SELECT count(*) AS n FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE s.account_id = ? AND m.state IN ('submitted', 'unknown') AND NOT EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = m.id)`,
  );
  const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id;

  return {
    /**
     * Stores and matches a page; returns its matched receipts in the order they came, and
     * what each matched message showed before the page.
     */
    insertPage(accountId: number, at: string, receipts: ReceiptInsertRow[]): { hits: ReceiptOutcome[]; before: Map<number, MessageNow> } {
      const after = lastReceipt.get() ?? 0;
      for (const r of receipts) receiptRows.add(accountId, r[0], r[1], r[2], r[3], r[4], r[5], at);
      receiptRows.flush();
      const hits: ReceiptOutcome[] = [];
      const before = new Map<number, MessageNow>();
      for (const [id, delivered, status, campaignId, state, statusCode] of JSON.parse(matchedSince.get(after) ?? '[]') as PageHit[]) {
        hits.push({ message_id: id, delivered, status });
        if (!before.has(id)) before.set(id, { id, campaign_id: campaignId, state, status_code: statusCode });
      }
      return { hits, before };
    },
    /** Whether receipts of this batch wait unmatched: after each answer, usually none. */
    waiting: (accountId: number, batchId: string): boolean => waitingOfBatch.get(accountId, batchId) !== undefined,
    /** Matches receipts kept unmatched (of one batch, or all); returns those now matched, in order. */
    rematch(accountId: number, batchId: string | null): ReceiptOutcome[] {
      return (batchId === null ? rematchAll.all({ account: accountId }) : rematchBatch.all({ account: accountId, batch: batchId })).sort(byId);
    },
    messagesNow: (ids: number[]): MessageNow[] => now.all({ ids: JSON.stringify(ids) }),
    writeOutcomes(rows: OutcomeWrite[], at: string): void {
      for (const r of rows) outcomeRows.add(r.message_id, r.state, r.status_code, at);
      outcomeRows.flush();
    },
    moveCounts(moves: CountMove[]): void {
      if (moves.length) moveCounts.run({ moves: JSON.stringify(moves.map((m) => [m.campaign_id, m.state, m.n])) });
    },
    insertReply: (row: ReplyInsert): number => Number(insertReply.run(row).lastInsertRowid),
    lastMessageTo: (mobile: string, accountId: number) => lastMessageTo.get(mobile, accountId),
    optout: (mobile: string, note: string, at: string): boolean => optout.run(mobile, note, at).changes === 1,
    expireBefore: (cutoff: string, at: string): number => expire.run(at, cutoff).changes,
    awaitingReceipts: (accountId: number): number => awaiting.get(accountId)?.n ?? 0,
  };
}
