// Receipt outcomes in a narrow table beside the journal. Settling a message by its
// receipt used to UPDATE the wide messages row: a rewrite of the row (which grows by the
// status code and time, splitting the table's full pages), a move in the
// (campaign_id, state) index and the count trigger, about 12 µs a receipt, which made
// ingesting a million receipts 6× slower than storing them. A receipt's outcome is now a
// row here, appended in message order and written a page of receipts at a time.
//
// The state a message shows is coalesce(outcome.state, messages.state): an outcome exists
// only for a message a receipt settled, and wins over the journal's state (which stays
// submitted / unknown / expired, or delivered / failed for messages settled before this
// migration). message_view gives every reader that effective state, status code and time.
//
// campaign_counts stay exact: the receipt store moves a message's count when it writes
// its outcome (one statement a page, in db/receipts.ts, the only writer of outcomes), and
// the journal's own state changes no longer move the count of a message whose outcome
// already decides its state. A message and its outcome leave together (cascade); the
// count is taken off before, while the outcome still says which state it is counted in.
export const up = `
CREATE TABLE message_outcomes (
  message_id  INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  campaign_id INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('delivered', 'failed')),
  status_code TEXT,
  final_at    TEXT NOT NULL
);

CREATE VIEW message_view AS
SELECT m.id, m.campaign_id, m.submission_id, m.contact_id, m.mobile, m.text, m.vals, m.parts, m.cost_e4,
       coalesce(o.state, m.state) AS state,
       m.provider_msg_id, m.provider_batch_id,
       CASE WHEN o.message_id IS NULL THEN m.status_code ELSE o.status_code END AS status_code,
       m.error_text, m.resend_of, m.submitted_at,
       coalesce(o.final_at, m.final_at) AS final_at
FROM messages m LEFT JOIN message_outcomes o ON o.message_id = m.id;

DROP TRIGGER messages_count_update;
CREATE TRIGGER messages_count_update AFTER UPDATE OF state ON messages
WHEN OLD.state <> NEW.state AND NOT EXISTS (SELECT 1 FROM message_outcomes WHERE message_id = NEW.id) BEGIN
  UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
  INSERT INTO campaign_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
  ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER messages_count_delete;
CREATE TRIGGER messages_count_delete BEFORE DELETE ON messages BEGIN
  UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id
    AND state = coalesce((SELECT state FROM message_outcomes WHERE message_id = OLD.id), OLD.state);
END;
`;
