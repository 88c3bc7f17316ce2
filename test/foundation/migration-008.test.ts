// Migration 8: push credentials beside an account's password. An account saved before
// it keeps everything and has none set; setting one afterwards works as on a new account.
import { expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate } from '../../src/main/db/migrate';
import { KeyFileSecretStore } from '../../src/main/secrets/store';
import { AccountService } from '../../src/main/services/accounts';
import { databaseBefore } from '../helpers/migrations';
import { tempDir } from '../helpers/tmp';

it('migration 8: an account saved before has no push credentials, keeps its password, and takes them afterwards', () => {
  const dir = tempDir();
  try {
    const secrets = new KeyFileSecretStore(dir.path);
    const db = databaseBefore(8);
    db.prepare("INSERT INTO accounts (name, provider, base_url, username, password_enc, created_at) VALUES ('创瑞', 'chuangrui', 'http://x', 'u', ?, 'x')").run(secrets.encrypt('pw-old'));
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const accounts = new AccountService(db, secrets);
    expect(accounts.list()).toMatchObject([{ name: '创瑞', pushCredentials: [] }]);
    expect(accounts.config(accounts.find('创瑞'))).toMatchObject({ password: 'pw-old', pushCredentials: {} });
    expect(accounts.update({ id: 1, pushCredentials: { reportPwd: 'rp' } }).pushCredentials).toEqual(['reportPwd']);
    expect(accounts.config(accounts.find('创瑞'))).toMatchObject({ password: 'pw-old', pushCredentials: { reportPwd: 'rp' } });
    db.close();
  } finally {
    dir.remove();
  }
});
