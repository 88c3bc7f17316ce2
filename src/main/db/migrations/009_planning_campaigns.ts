// A campaign while it is planned: its messages are written window by window, each window
// its own transaction (a million took one transaction of twelve seconds, holding the
// thread and the write lock), the campaign hidden from every read until the last
// transaction clears these columns. Owner and time as for hidden lists (migration 5).
//
// Deleting such a campaign deletes its messages, and the foreign keys to a message
// (a resend's resend_of, a reply's message_id) had no index: each deleted message
// scanned both tables whole, a plan of 20,000 took seconds to remove, a million hours.
// Partial indexes: the rows without a link, nearly all, cost nothing to write.
export const up = `
ALTER TABLE campaigns ADD COLUMN planning_owner TEXT;
ALTER TABLE campaigns ADD COLUMN planning_until INTEGER;
CREATE INDEX messages_resend_of ON messages (resend_of) WHERE resend_of IS NOT NULL;
CREATE INDEX replies_message ON replies (message_id) WHERE message_id IS NOT NULL;
`;
