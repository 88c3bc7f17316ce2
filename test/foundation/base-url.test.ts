// A provider account's base URL, as every entry point checks it (the contract): any
// http or https address a provider may give, a port of one digit too; no other scheme,
// which would only fail at every request as "retry later".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/core/dispatch';
import { buildHandlers } from '../../src/main/core/handlers';
import type { Handlers } from '../../src/shared/contract';
import type { AccountView } from '../../src/shared/views';
import { tempCore } from '../helpers/tmp';

let core: ReturnType<typeof tempCore>;
let handlers: Handlers;
beforeAll(() => {
  core = tempCore();
  handlers = buildHandlers(core);
});
afterAll(() => core.remove());

const add = (name: string, baseUrl: string) =>
  dispatch(handlers, 'accounts.add', { name, provider: 'platform', baseUrl, username: 'shop', password: 'pw', userid: '12' });

describe('an account’s base URL', () => {
  it.each([
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9/'],
    ['  https://sms.example.cn:8443/api/  ', 'https://sms.example.cn:8443/api/'],
    ['HTTP://短信.example.cn/', 'HTTP://短信.example.cn/'],
  ])('takes %j and keeps it as %j', async (typed, kept) => {
    const env = await add(`a ${typed}`, typed);
    expect(env).toMatchObject({ ok: true });
    expect((env as { data: AccountView }).data.baseUrl).toBe(kept);
  });

  it.each(['ftp://sms.example.cn/', 'javascript:alert(1)', 'sms.example.cn/api', 'http:/sms.example.cn'])(
    'refuses %j, naming the field, in Chinese and English',
    async (typed) => {
      const env = await add(`b ${typed}`, typed);
      expect(env).toMatchObject({ ok: false, error: { code: 'call.invalid_input', detail: { field: 'baseUrl' } } });
      const error = (env as { error: { zh: string; en: string } }).error;
      expect(error.zh).toContain('接口地址');
      expect(error.en).toMatch(/http:\/\/ or https:\/\//);
    },
  );

  it('is changed on an existing account by the same rule', async () => {
    const created = await add('c', 'https://old.example.cn/');
    const id = (created as { data: AccountView }).data.id;
    expect(await dispatch(handlers, 'accounts.update', { id, baseUrl: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { detail: { field: 'baseUrl' } } });
    expect(await dispatch(handlers, 'accounts.update', { id, baseUrl: 'https://new.example.cn:8/' })).toMatchObject({ ok: true, data: { baseUrl: 'https://new.example.cn:8/' } });
  });
});
