// qunfa accounts and qunfa provider, as a user runs them, against the simulated
// smsadmin gateway on 127.0.0.1.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsadminGateway, type SmsadminGateway } from '../gateways/smsadmin';
import { qunfaCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const PASSWORD = 'S3cret-pw';
let gw: SmsadminGateway;
const dir = tempDir();

const qunfa = (args: string[], env: Record<string, string> = {}, input?: string) => qunfaCli(dir.path, args, env, input);

beforeAll(async () => {
  gw = await startSmsadminGateway({ uid: 'shop', password: PASSWORD, balance: 123.5, sensitiveWords: ['发票'] });
});
afterAll(async () => {
  await gw.close();
  dir.remove();
});

describe('qunfa accounts', () => {
  it('adds an account with the password from an environment variable, never echoing it', async () => {
    const r = await qunfa(
      ['accounts', 'add', '--provider', 'smsadmin', '--name', '门店', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW', '--signature', '【门店】', '--price', '0.05', '--json'],
      { QF_PW: PASSWORD },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(view).toMatchObject({ name: '门店', provider: 'smsadmin', baseUrl: gw.url, signature: '门店', unitPrice: 0.05 });
    expect(r.stdout).not.toContain(PASSWORD);
  });

  it('reads the password from stdin when piped', async () => {
    const r = await qunfa(['accounts', 'add', '--provider', 'smsadmin', '--name', 'piped', '--base-url', gw.url, '--username', 'shop', '--json'], {}, PASSWORD + '\n');
    expect(r.code).toBe(0);
  });

  it('refuses a missing password variable with a clear error', async () => {
    const r = await qunfa(['accounts', 'add', '--provider', 'smsadmin', '--name', 'x', '--username', 'u', '--password-env', 'NOPE_UNSET'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NOPE_UNSET');
  });

  it('lists and shows accounts without secrets', async () => {
    const list = await qunfa(['accounts', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['门店', 'piped']);
    const show = await qunfa(['accounts', 'show', '门店']);
    expect(show.stdout).toContain('【门店】');
    expect(show.stdout + list.stdout).not.toContain(PASSWORD);
  });

  it('asks the provider for the balance (and test does the same round trip)', async () => {
    const r = await qunfa(['accounts', 'balance', '门店', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ unit: 'money', amount: 123.5 });
    const t = await qunfa(['accounts', 'test', '门店', '--json']);
    expect(JSON.parse(t.stdout)).toMatchObject({ ok: true, balance: { amount: 123.5 } });
  });

  it('reports the provider’s refusal with its own code and both languages', async () => {
    const wrong = 'wrong-' + PASSWORD;
    await qunfa(['accounts', 'add', '--provider', 'smsadmin', '--name', 'wrong', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW'], { QF_PW: wrong });
    const r = await qunfa(['accounts', 'balance', 'wrong', '--json']);
    expect(r.stderr).not.toContain(wrong);
    expect(r.code).toBe(1);
    const err = JSON.parse(r.stderr) as { error: { code: string; zh: string; en: string; detail: { providerCode: string } } };
    expect(err.error.code).toBe('provider.request');
    expect(err.error.detail.providerCode).toBe('1');
    expect(err.error.zh.length).toBeGreaterThan(0);
    expect(err.error.en.length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it('never writes the password in plaintext anywhere in the data folder', () => {
    const files = readdirSync(dir.path, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(join(f.parentPath, f.name)).includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('set changes the pace, the backup account and the price', async () => {
    const r = await qunfa(['accounts', 'set', '门店', '--rate', '20', '--concurrency', '4', '--backup', 'piped', '--price', '0.04', '--json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as { ratePerSecond: number; concurrency: number; backupAccountId: number; unitPrice: number };
    expect(view).toMatchObject({ ratePerSecond: 20, concurrency: 4, unitPrice: 0.04 });
    expect(view.backupAccountId).toBeGreaterThan(0);
    const bad = await qunfa(['accounts', 'set', '门店', '--rate', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('ratePerSecond');
    expect((await qunfa(['accounts', 'set', '门店', '--backup', 'none'])).code).toBe(0);
  });

  it('removes an account without campaigns', async () => {
    expect((await qunfa(['accounts', 'remove', 'piped'])).code).toBe(0);
    expect((await qunfa(['accounts', 'remove', 'wrong'])).code).toBe(0);
    expect((await qunfa(['accounts', 'show', 'piped'])).code).toBe(1);
  });
});

describe('qunfa provider', () => {
  it('lists the management operations of the account’s provider', async () => {
    const r = await qunfa(['provider', '门店', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((o) => o.name)).toContain('sensitive-words');
  });

  it('runs one with parameters validated by the driver’s schema', async () => {
    const r = await qunfa(['provider', '门店', 'sensitive-words', '--param', 'text=开发票请联系我们', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ words: ['发票'], clean: false });
    const bad = await qunfa(['provider', '门店', 'sensitive-words', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'cli.invalid' } });
  });
});

describe('qunfa accounts: push credentials', () => {
  it('are read from environment variables, shown by key only, and cleared by key', async () => {
    const add = await qunfa(
      ['accounts', 'add', '--provider', 'chuangrui', '--name', '创瑞', '--base-url', gw.url, '--username', 'shop', '--password-env', 'QF_PW', '--push-credential-env', 'reportPwd=QF_RP', '--json'],
      { QF_PW: PASSWORD, QF_RP: 'Report-Pw-3' },
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ name: '创瑞', pushCredentials: ['reportPwd'] });
    const set = await qunfa(['accounts', 'set', '创瑞', '--clear-push-credential', 'reportPwd', '--push-credential-env', 'moPwd=QF_MO'], { QF_MO: 'Mo-Pw-5' });
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Push credentials: moPwd');
    const bad = await qunfa(['accounts', 'set', '创瑞', '--push-credential-env', 'pushPwd=QF_MO', '--json'], { QF_MO: 'Mo-Pw-5' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'accounts.push_credential_unknown' } });
    const show = await qunfa(['accounts', 'show', '创瑞']);
    expect(show.stdout).toContain('moPwd');
    for (const out of [add.stdout, set.stdout, show.stdout, bad.stderr]) {
      expect(out).not.toContain('Report-Pw-3');
      expect(out).not.toContain('Mo-Pw-5');
    }
    const files = readdirSync(dir.path).filter((f) => f.startsWith('qunfa.db'));
    for (const f of files) expect(readFileSync(join(dir.path, f)).includes(Buffer.from('Mo-Pw-5'))).toBe(false);
  });
});
