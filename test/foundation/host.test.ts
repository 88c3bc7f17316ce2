// The browser host's security: 127.0.0.1 only, token on every call, Host and Origin checked.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/main/db/migrate';
import { startHost, type Host } from '../../src/main/host/server';
import { tempCore } from '../helpers/tmp';

interface Res {
  status: number;
  body: string;
}

function raw(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

let core: ReturnType<typeof tempCore>;
let host: Host;
const callHeaders = (): Record<string, string> => ({ host: `127.0.0.1:${host.port}`, 'content-type': 'application/json', 'x-qunfa-token': host.token });

beforeAll(async () => {
  core = tempCore();
  host = await startHost(core, { rendererDir: '/nonexistent' });
});
afterAll(async () => {
  await host.close();
  await core.remove();
});

describe('qunfa serve host', () => {
  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call with the token as an envelope', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/api/call/app.info', headers: callHeaders(), body: '{}' });
    expect(res.status).toBe(200);
    const env = JSON.parse(res.body) as { ok: boolean; data: { schemaVersion: number } };
    expect(env.ok).toBe(true);
    expect(env.data.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const { 'x-qunfa-token': _omit, ...noToken } = callHeaders();
    expect((await raw(host.port, { method: 'POST', path: '/api/call/app.info', headers: noToken, body: '{}' })).status).toBe(401);
    expect((await raw(host.port, { method: 'POST', path: '/api/call/app.info', headers: { ...callHeaders(), 'x-qunfa-token': 'x'.repeat(32) }, body: '{}' })).status).toBe(401);
    expect((await raw(host.port, { path: '/api/events', headers: { host: `127.0.0.1:${host.port}` } })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/api/call/app.info', headers: { ...callHeaders(), host: `evil.example:${host.port}` }, body: '{}' });
    expect(res.status).toBe(421);
    expect((await raw(host.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/api/call/app.info', headers: { ...callHeaders(), origin: 'http://evil.example' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('listens on 127.0.0.1 only', async () => {
    const { networkInterfaces } = await import('node:os');
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!other) console.log('host.test: no non-loopback IPv4 interface here; only the ::1 refusal is checked');
    if (other) {
      await expect(
        new Promise((resolve, reject) => {
          const req = httpRequest({ host: other.address, port: host.port, path: '/', headers: { host: `127.0.0.1:${host.port}` } }, resolve);
          req.on('error', reject);
          req.end();
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
    // ::1 is another address family: not bound either.
    await expect(
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: '::1', port: host.port, path: '/' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/);
  });

  it('validates input by the contract and names the field', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/api/call/accounts.remove', headers: callHeaders(), body: '{"id":"x"}' });
    const env = JSON.parse(res.body) as { ok: boolean; error: { code: string; detail: { field: string } } };
    expect(env.ok).toBe(false);
    expect(env.error.code).toBe('call.invalid_input');
    expect(env.error.detail.field).toBe('id');
  });

  it('has no generic channel: names outside the contract are not found', async () => {
    const res = await raw(host.port, { method: 'POST', path: '/api/call/constructor', headers: callHeaders(), body: '{}' });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'call.unknown' } });
  });

  it('streams core events over SSE to a client with the token', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8');
            if (text.includes(': connected')) core.events.emit('data.changed', { what: 'accounts' });
            if (text.includes('event: data.changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('data: {"what":"accounts"}');
  });

  it('says the UI must be built when it is not', async () => {
    const res = await raw(host.port, { path: '/', headers: { host: `localhost:${host.port}` } });
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
  });

  it('takes an upload and keeps the name the user chose for it, as the opt-outs note', async () => {
    const name = '退订客户 2026.csv';
    const up = await raw(host.port, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: { ...callHeaders(), 'content-type': 'text/csv' }, body: '手机\n13800138000\n' });
    expect(up.status).toBe(200);
    const { id } = JSON.parse(up.body) as { id: string };
    const call = async (path: string, body: unknown): Promise<{ ok: boolean; data: unknown }> =>
      JSON.parse((await raw(host.port, { method: 'POST', path: `/api/call/${path}`, headers: callHeaders(), body: JSON.stringify(body) })).body) as { ok: boolean; data: unknown };
    const started = await call('optouts.import', { source: { kind: 'upload', id } });
    expect(started.ok).toBe(true);
    const report = await core.contacts.waitImport((started.data as { importId: string }).importId);
    expect(report).toMatchObject({ state: 'done', imported: 1 });
    const page = await call('optouts.page', { offset: 0, limit: 10 });
    expect((page.data as { rows: { mobile: string; note: string }[] }).rows).toEqual([expect.objectContaining({ mobile: '13800138000', note: name })]);
  });
});
