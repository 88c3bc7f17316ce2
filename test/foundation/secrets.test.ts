import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileSecretStore } from '../../src/main/secrets/store';
import { tempCore, tempDir } from '../helpers/tmp';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('key-file secret store', () => {
  it('creates its key file with mode 0600 and round-trips a password', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const store = new KeyFileSecretStore(dir.path);
    if (process.platform !== 'win32') expect(statSync(join(dir.path, 'secret.key')).mode & 0o777).toBe(0o600);
    const sealed = store.encrypt('密码 p@ss');
    expect(sealed.toString('utf8')).not.toContain('p@ss');
    expect(store.decrypt(sealed)).toBe('密码 p@ss');
    // A second store on the same folder reads the same key.
    expect(new KeyFileSecretStore(dir.path).decrypt(sealed)).toBe('密码 p@ss');
  });

  it('says plainly that it is the weaker option', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const store = new KeyFileSecretStore(dir.path);
    expect(store.warning?.en).toMatch(/Anyone who can read that folder/);
  });

  it('refuses a tampered secret', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const store = new KeyFileSecretStore(dir.path);
    const sealed = store.encrypt('secret');
    sealed[sealed.length - 1] ^= 1;
    expect(() => store.decrypt(sealed)).toThrow();
  });
});

describe('account credentials', () => {
  it('are never in plaintext in the database file nor in any view', async () => {
    const core = tempCore();
    cleanups.push(core.remove);
    const view = await core.handlers['accounts.add']({
      name: '门店',
      provider: 'smsadmin',
      username: 'shop',
      password: 'Sup3rSecretPw',
      unitPrice: 0.05,
      options: {},
    });
    expect(JSON.stringify(view)).not.toContain('Sup3rSecretPw');
    expect(JSON.stringify(await core.handlers['accounts.list']({}))).not.toContain('Sup3rSecretPw');
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(core.dataDir, 'qunfa.db'));
    expect(bytes.includes(Buffer.from('Sup3rSecretPw'))).toBe(false);
    expect(bytes.includes(Buffer.from('shop'))).toBe(true);
    expect(core.accounts.config(core.accounts.find('门店')).password).toBe('Sup3rSecretPw');
  });

  it('cannot be slipped into the stored options: only the provider choices are kept', async () => {
    const core = tempCore();
    cleanups.push(core.remove);
    const input = { name: '创瑞店', provider: 'chuangrui' as const, baseUrl: 'http://127.0.0.1:9', username: 'shop', password: 'pw-1', unitPrice: 0.05, options: {} };
    await expect(core.handlers['accounts.add']({ ...input, options: { reportPwd: 'Push-Pw-9' } })).rejects.toMatchObject({ code: 'accounts.option_unknown' });
    const account = await core.handlers['accounts.add'](input);
    await expect(core.handlers['accounts.update']({ id: account.id, options: { reportPwd: 'Push-Pw-9' } })).rejects.toMatchObject({ code: 'accounts.option_unknown' });
    await expect(core.handlers['accounts.update']({ id: account.id, options: { sysExtLength: '12' } })).rejects.toMatchObject({ code: 'accounts.option_invalid' });
    const updated = await core.handlers['accounts.update']({ id: account.id, options: { sysExtLength: '4' } });
    expect(updated.options).toEqual({ sysExtLength: '4' });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(core.dataDir, 'qunfa.db')).includes(Buffer.from('Push-Pw-9'))).toBe(false);
  });

  it("push credentials are sealed: only their keys are in the views, and a key the provider's pushes lack is refused", async () => {
    const core = tempCore();
    cleanups.push(core.remove);
    const input = { name: '创瑞店', provider: 'chuangrui' as const, baseUrl: 'http://127.0.0.1:9', username: 'shop', password: 'pw-1', unitPrice: 0.05, options: {} };
    await expect(core.handlers['accounts.add']({ ...input, pushCredentials: { pushPwd: 'Push-Pw-9' } })).rejects.toMatchObject({ code: 'accounts.push_credential_unknown' });
    const account = await core.handlers['accounts.add']({ ...input, pushCredentials: { reportPwd: 'Push-Pw-9', moPwd: 'Mo-Pw-7' } });
    expect(account.pushCredentials).toEqual(['moPwd', 'reportPwd']);
    const updated = await core.handlers['accounts.update']({ id: account.id, pushCredentials: { moName: 'Mo-Name-5', moPwd: '' } });
    expect(updated.pushCredentials).toEqual(['moName', 'reportPwd']);
    const views = JSON.stringify([updated, await core.handlers['accounts.list']({})]);
    for (const value of ['Push-Pw-9', 'Mo-Pw-7', 'Mo-Name-5']) expect(views).not.toContain(value);
    expect(core.accounts.config(core.accounts.find('创瑞店')).pushCredentials).toEqual({ reportPwd: 'Push-Pw-9', moName: 'Mo-Name-5' });
    const smsadmin = await core.handlers['accounts.add']({ ...input, name: '门店', provider: 'smsadmin', baseUrl: undefined });
    await expect(core.handlers['accounts.update']({ id: smsadmin.id, pushCredentials: { reportPwd: 'x' } })).rejects.toMatchObject({ code: 'accounts.push_credential_unknown' });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(join(core.dataDir, 'qunfa.db'));
    for (const value of ['Push-Pw-9', 'Mo-Pw-7', 'Mo-Name-5']) expect(bytes.includes(Buffer.from(value))).toBe(false);
  });
});
