// SQL for receipts and replies, and for matching them to journal messages.
import type { Db } from './open';

export interface ReceiptInsert {
  account_id: number;
  message_id: number | null;
  provider_batch_id: string | null;
  provider_msg_id: string | null;
  mobile: string;
  status: string;
  delivered: number;
  reported_at: string | null;
  received_at: string;
}

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

export function receiptQueries(db: Db) {
  // Matching stays within the account: batch ids of two providers may collide.
  const byMsgId = db.prepare<[string, number], { id: number }>(
    'SELECT m.id FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE m.provider_msg_id = ? AND s.account_id = ? LIMIT 1',
  );
  const byBatchMobile = db.prepare<[string, string, number], { id: number }>(
    'SELECT m.id FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE m.provider_batch_id = ? AND m.mobile = ? AND s.account_id = ? LIMIT 1',
  );
  const insert = db.prepare<ReceiptInsert>(
    `INSERT INTO receipts (account_id, message_id, provider_batch_id, provider_msg_id, mobile, status, delivered, reported_at, received_at)
     VALUES (@account_id, @message_id, @provider_batch_id, @provider_msg_id, @mobile, @status, @delivered, @reported_at, @received_at)`,
  );
  // A long message's parts each get a report: delivered only while no part failed.
  const settle = db.prepare<[string, string, string, number]>(
    `UPDATE messages SET
       state = CASE WHEN state = 'failed' THEN 'failed' WHEN ? = 'delivered' THEN 'delivered' ELSE 'failed' END,
       status_code = CASE WHEN state = 'failed' THEN status_code ELSE ? END,
       final_at = ?
     WHERE id = ? AND state IN ('submitted', 'delivered', 'failed', 'unknown', 'expired')`,
  );
  const unmatchedOfBatch = db.prepare<[number, string], { id: number; provider_batch_id: string | null; provider_msg_id: string | null; mobile: string; status: string; delivered: number; received_at: string }>(
    'SELECT id, provider_batch_id, provider_msg_id, mobile, status, delivered, received_at FROM receipts WHERE account_id = ? AND message_id IS NULL AND provider_batch_id = ?',
  );
  const unmatched = db.prepare<[number], { id: number; provider_batch_id: string | null; provider_msg_id: string | null; mobile: string; status: string; delivered: number; received_at: string }>(
    'SELECT id, provider_batch_id, provider_msg_id, mobile, status, delivered, received_at FROM receipts WHERE account_id = ? AND message_id IS NULL',
  );
  const link = db.prepare<[number, number]>('UPDATE receipts SET message_id = ? WHERE id = ?');
  const insertReply = db.prepare<ReplyInsert>(
    `INSERT INTO replies (account_id, campaign_id, message_id, mobile, text, extno, replied_at, received_at, opted_out)
     VALUES (@account_id, @campaign_id, @message_id, @mobile, @text, @extno, @replied_at, @received_at, @opted_out)`,
  );
  const lastMessageTo = db.prepare<[string, number], { id: number; campaign_id: number }>(
    `SELECT m.id, m.campaign_id FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE m.mobile = ? AND s.account_id = ? AND m.submitted_at IS NOT NULL ORDER BY m.submitted_at DESC LIMIT 1`,
  );
  const optout = db.prepare<[string, string, string]>("INSERT INTO optouts (mobile, source, note, created_at) VALUES (?, 'reply', ?, ?) ON CONFLICT (mobile) DO NOTHING");
  const expire = db.prepare<[string, string]>("UPDATE messages SET state = 'expired', final_at = ? WHERE state = 'submitted' AND submitted_at < ?");
  const awaiting = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE s.account_id = ? AND m.state IN ('submitted', 'unknown')",
  );

  return {
    findMessage(accountId: number, r: { provider_msg_id: string | null; provider_batch_id: string | null; mobile: string }): number | null {
      if (r.provider_msg_id) {
        const hit = byMsgId.get(r.provider_msg_id, accountId);
        if (hit) return hit.id;
      }
      if (r.provider_batch_id) return byBatchMobile.get(r.provider_batch_id, r.mobile, accountId)?.id ?? null;
      return null;
    },
    insert: (row: ReceiptInsert): number => Number(insert.run(row).lastInsertRowid),
    settle: (messageId: number, delivered: boolean, status: string, at: string): void => void settle.run(delivered ? 'delivered' : 'failed', status, at, messageId),
    unmatched: (accountId: number, batchId?: string) => (batchId === undefined ? unmatched.all(accountId) : unmatchedOfBatch.all(accountId, batchId)),
    link: (receiptId: number, messageId: number): void => void link.run(messageId, receiptId),
    insertReply: (row: ReplyInsert): number => Number(insertReply.run(row).lastInsertRowid),
    lastMessageTo: (mobile: string, accountId: number) => lastMessageTo.get(mobile, accountId),
    optout: (mobile: string, note: string, at: string): boolean => optout.run(mobile, note, at).changes === 1,
    expireBefore: (cutoff: string, at: string): number => expire.run(at, cutoff).changes,
    awaitingReceipts: (accountId: number): number => awaiting.get(accountId)?.n ?? 0,
  };
}
