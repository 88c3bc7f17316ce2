// The first schema. Money is kept in integer ten-thousandths of a yuan (e4) so sums are exact:
// a price of 0.05 元 per part is 500.
//
// The send journal follows DESIGN.md ("never twice, never lost"): a message row moves
// planned → submitting → submitted → delivered | failed, or rejected / unknown / expired /
// cancelled. A submission (one HTTP request) is written 'submitting' and committed before
// its request leaves; after a crash a 'submitting' row means "may have been sent": unknown.
export const up = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE accounts (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL UNIQUE,
  provider         TEXT NOT NULL CHECK (provider IN ('yunchuda','smsadmin','smscn','chuangrui','platform')),
  base_url         TEXT NOT NULL,
  username         TEXT NOT NULL,
  userid           TEXT,
  signature        TEXT,
  unit_price_e4    INTEGER NOT NULL DEFAULT 0 CHECK (unit_price_e4 >= 0),
  options          TEXT NOT NULL DEFAULT '{}',
  -- credentials, encrypted by the secret store; never plaintext
  password_enc     BLOB NOT NULL,
  secret_enc       BLOB,
  backup_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  concurrency      INTEGER NOT NULL DEFAULT 2 CHECK (concurrency BETWEEN 1 AND 16),
  rate_per_second  REAL NOT NULL DEFAULT 5 CHECK (rate_per_second > 0),
  created_at       TEXT NOT NULL
);

CREATE TABLE lists (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  -- JSON array of field names in the file's column order (the mobile column excluded)
  fields     TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE contacts (
  id      INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  mobile  TEXT NOT NULL,
  -- JSON array of values in the list's field order
  fields  TEXT NOT NULL DEFAULT '[]',
  UNIQUE (list_id, mobile)
);

CREATE TABLE optouts (
  mobile     TEXT PRIMARY KEY,
  source     TEXT NOT NULL,            -- 'manual', 'import', 'reply'
  note       TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE templates (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  body          TEXT NOT NULL,
  empty_policy  TEXT NOT NULL DEFAULT 'refuse' CHECK (empty_policy IN ('refuse','allow','default')),
  empty_default TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE campaigns (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL,
  account_id           INTEGER NOT NULL REFERENCES accounts(id),
  list_id              INTEGER REFERENCES lists(id) ON DELETE SET NULL,
  template_id          INTEGER REFERENCES templates(id) ON DELETE SET NULL,
  -- the text as sent: a campaign keeps its own copy
  template_body        TEXT NOT NULL,
  provider_template_id TEXT,
  kind                 TEXT NOT NULL CHECK (kind IN ('marketing','notification','verification')),
  state                TEXT NOT NULL DEFAULT 'draft'
                       CHECK (state IN ('draft','scheduled','sending','paused','done','cancelled')),
  scheduled_at         TEXT,
  provider_schedule    INTEGER NOT NULL DEFAULT 0,
  pause_reason         TEXT,
  resend_of_campaign   INTEGER REFERENCES campaigns(id),
  created_at           TEXT NOT NULL,
  started_at           TEXT,
  finished_at          TEXT
);

CREATE TABLE submissions (
  id                INTEGER PRIMARY KEY,
  campaign_id       INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  account_id        INTEGER NOT NULL REFERENCES accounts(id),
  -- alphanumeric, unique forever: doubles as the provider's serial number (smsadmin linkid)
  key               TEXT NOT NULL UNIQUE,
  form              TEXT NOT NULL,
  state             TEXT NOT NULL DEFAULT 'planned'
                    CHECK (state IN ('planned','submitting','submitted','refused','unknown')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  provider_batch_id TEXT,
  error_class       TEXT,
  error_code        TEXT,
  error_text        TEXT,
  submitting_at     TEXT,
  answered_at       TEXT
);
CREATE INDEX submissions_campaign_state ON submissions (campaign_id, state);

CREATE TABLE messages (
  id                INTEGER PRIMARY KEY,
  campaign_id       INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  submission_id     INTEGER REFERENCES submissions(id),
  contact_id        INTEGER,
  mobile            TEXT NOT NULL,
  text              TEXT NOT NULL,
  -- JSON object of merged values by placeholder name, for provider-side templates
  vals              TEXT NOT NULL DEFAULT '{}',
  parts             INTEGER NOT NULL CHECK (parts >= 1),
  cost_e4           INTEGER NOT NULL,
  state             TEXT NOT NULL DEFAULT 'planned'
                    CHECK (state IN ('planned','submitting','submitted','delivered','failed','rejected','unknown','expired','cancelled')),
  provider_msg_id   TEXT,
  provider_batch_id TEXT,
  status_code       TEXT,
  error_text        TEXT,
  resend_of         INTEGER REFERENCES messages(id),
  submitted_at      TEXT,
  final_at          TEXT
);
CREATE INDEX messages_campaign_state ON messages (campaign_id, state);
CREATE INDEX messages_submission ON messages (submission_id);
CREATE INDEX messages_batch_mobile ON messages (provider_batch_id, mobile) WHERE provider_batch_id IS NOT NULL;
CREATE INDEX messages_provider_msg ON messages (provider_msg_id) WHERE provider_msg_id IS NOT NULL;

CREATE TABLE receipts (
  id                INTEGER PRIMARY KEY,
  account_id        INTEGER NOT NULL REFERENCES accounts(id),
  -- null until matched; an unmatched receipt is kept and matched later, never dropped
  message_id        INTEGER REFERENCES messages(id),
  provider_batch_id TEXT,
  provider_msg_id   TEXT,
  mobile            TEXT NOT NULL,
  status            TEXT NOT NULL,
  delivered         INTEGER NOT NULL CHECK (delivered IN (0, 1)),
  reported_at       TEXT,
  received_at       TEXT NOT NULL
);
CREATE INDEX receipts_message ON receipts (message_id);
CREATE INDEX receipts_unmatched ON receipts (account_id) WHERE message_id IS NULL;

CREATE TABLE replies (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id),
  campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
  message_id  INTEGER REFERENCES messages(id),
  mobile      TEXT NOT NULL,
  text        TEXT NOT NULL,
  extno       TEXT,
  replied_at  TEXT,
  received_at TEXT NOT NULL,
  opted_out   INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1))
);
CREATE INDEX replies_account ON replies (account_id, received_at);
`;
