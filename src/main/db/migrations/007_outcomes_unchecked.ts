// Receipt outcomes without a foreign key. Every outcome row written was looked up in
// messages first (the key's check: with the receipt's own, two message lookups per
// receipt beside the match), about a quarter of the cost of writing the outcome. An
// outcome is only ever written for a message the same transaction has just matched
// (db/receipts.ts, its only writer), so the check guarded nothing; the cascade it gave
// (a message leaves with its outcome) is a trigger now, after migration 4's count
// trigger has read the outcome. The row also no longer carries its message's campaign,
// which nothing read. The view and count triggers of migration 4 name the table and
// the columns kept, and work over the new one unchanged.
export const up = `
CREATE TEMP TABLE outcomes_kept AS SELECT message_id, state, status_code, final_at FROM message_outcomes;
DROP TABLE message_outcomes;
CREATE TABLE message_outcomes (
  message_id  INTEGER PRIMARY KEY,
  state       TEXT NOT NULL CHECK (state IN ('delivered', 'failed')),
  status_code TEXT,
  final_at    TEXT NOT NULL
);
INSERT INTO message_outcomes (message_id, state, status_code, final_at)
  SELECT message_id, state, status_code, final_at FROM temp.outcomes_kept ORDER BY message_id;
DROP TABLE temp.outcomes_kept;

CREATE TRIGGER messages_outcome_delete AFTER DELETE ON messages BEGIN
  DELETE FROM message_outcomes WHERE message_id = OLD.id;
END;
`;
