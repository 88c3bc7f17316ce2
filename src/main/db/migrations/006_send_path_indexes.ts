// Indexes for the send path.
// - messages (mobile, submitted_at) was rewritten for every message sent (submitted_at is
//   set by the answer); its reader (the last message to a number that replied) needs only
//   the number. An index on mobile alone is written once, when the message is planned.
// - Receipts waiting unmatched are looked up by batch after every answer: indexed by
//   (account, batch) rather than account alone, so each lookup is a probe, not a scan of
//   every receipt that never matched.
export const up = `
DROP INDEX IF EXISTS messages_mobile_time;
CREATE INDEX messages_mobile ON messages (mobile);
DROP INDEX IF EXISTS receipts_unmatched;
CREATE INDEX receipts_unmatched ON receipts (account_id, provider_batch_id) WHERE message_id IS NULL;
`;
