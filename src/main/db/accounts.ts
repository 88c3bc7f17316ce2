// SQL for accounts. Credentials go in and out encrypted; decrypting is the service's job.
import type { Db } from './open';
import type { ProviderName } from '../../shared/providers';

export interface AccountRow {
  id: number;
  name: string;
  provider: ProviderName;
  base_url: string;
  username: string;
  userid: string | null;
  signature: string | null;
  unit_price_e4: number;
  options: string;
  password_enc: Buffer;
  secret_enc: Buffer | null;
  /** A JSON object of push credentials, sealed; null when none is set. */
  push_credentials_enc: Buffer | null;
  /** JSON array: the keys push_credentials_enc holds (not secret). */
  push_credential_keys: string;
  backup_account_id: number | null;
  concurrency: number;
  rate_per_second: number;
  created_at: string;
}

export type NewAccount = Omit<AccountRow, 'id' | 'backup_account_id' | 'concurrency' | 'rate_per_second'>;

export function accountQueries(db: Db) {
  const insert = db.prepare<NewAccount>(
    `INSERT INTO accounts (name, provider, base_url, username, userid, signature, unit_price_e4, options, password_enc, secret_enc, push_credentials_enc, push_credential_keys, created_at)
     VALUES (@name, @provider, @base_url, @username, @userid, @signature, @unit_price_e4, @options, @password_enc, @secret_enc, @push_credentials_enc, @push_credential_keys, @created_at)`,
  );
  const all = db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY id');
  const byId = db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const byName = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE name = ?');
  const remove = db.prepare<[number]>('DELETE FROM accounts WHERE id = ?');
  const used = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM campaigns WHERE account_id = ?');
  const update = db.prepare<{ id: number; base_url: string; signature: string | null; unit_price_e4: number; options: string; password_enc: Buffer; secret_enc: Buffer | null; push_credentials_enc: Buffer | null; push_credential_keys: string; backup_account_id: number | null; concurrency: number; rate_per_second: number }>(
    `UPDATE accounts SET base_url = @base_url, signature = @signature, unit_price_e4 = @unit_price_e4, options = @options, password_enc = @password_enc,
       secret_enc = @secret_enc, push_credentials_enc = @push_credentials_enc, push_credential_keys = @push_credential_keys, backup_account_id = @backup_account_id, concurrency = @concurrency, rate_per_second = @rate_per_second WHERE id = @id`,
  );
  return {
    insert: (row: NewAccount): number => Number(insert.run(row).lastInsertRowid),
    all: (): AccountRow[] => all.all(),
    byId: (id: number): AccountRow | undefined => byId.get(id),
    byName: (name: string): AccountRow | undefined => byName.get(name),
    remove: (id: number): boolean => remove.run(id).changes > 0,
    campaignCount: (id: number): number => used.get(id)?.n ?? 0,
    update: (row: AccountRow): void => void update.run(row),
  };
}
