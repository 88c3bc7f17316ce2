// What the campaign engine needs beyond the first schema:
// - a sending lease on campaigns, so that two processes on one data folder (the app
//   and a scheduled `qunfa campaigns send`) can never dispatch the same campaign;
// - the empty-value policy a campaign was planned with;
// - persisted next-run times of the receipt/reply polls (one row per account and kind);
// - message counts per campaign and state, kept by triggers, so that the campaign list
//   answers at once on a journal of millions of messages.
export const up = `
ALTER TABLE campaigns ADD COLUMN empty_policy TEXT NOT NULL DEFAULT '{"kind":"refuse"}';
ALTER TABLE campaigns ADD COLUMN lease_owner TEXT;
ALTER TABLE campaigns ADD COLUMN lease_until INTEGER;

CREATE TABLE poll_state (
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('receipts', 'replies')),
  next_run_at INTEGER NOT NULL,
  idle_runs   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, kind)
);

CREATE INDEX messages_mobile_time ON messages (mobile, submitted_at);
CREATE INDEX campaigns_state ON campaigns (state);

CREATE TABLE campaign_counts (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  state       TEXT NOT NULL,
  n           INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, state)
) WITHOUT ROWID;

INSERT INTO campaign_counts (campaign_id, state, n) SELECT campaign_id, state, count(*) FROM messages GROUP BY campaign_id, state;

CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
  INSERT INTO campaign_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
  ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_count_update AFTER UPDATE OF state ON messages WHEN OLD.state <> NEW.state BEGIN
  UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
  INSERT INTO campaign_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
  ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
  UPDATE campaign_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
END;
`;
