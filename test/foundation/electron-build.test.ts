// The built Electron main and preload (out/), loaded in Node with a stand-in for the
// `electron` module, since the Electron binary cannot run here. These assert the
// security settings as built, not as commented: window preferences, refused navigation
// and new windows, the CSP on the app protocol, IPC bound to exactly the contract and
// refusing foreign frames, and a preload that exposes the contract only.
import Module from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedBatches, startWorker, workerEntry } from '../../src/main/contacts/import-thread';
import { MobileSet } from '../../src/main/contacts/mobile-set';
import { eachRow, type CheckPlan } from '../../src/main/contacts/row-checker';
import { CALL_NAMES, channelOf } from '../../src/shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';

const OUT = resolve(__dirname, '../../out');
type Fn = (...args: unknown[]) => unknown;

interface Recorded {
  windows: { webPreferences: Record<string, unknown> }[];
  loaded: string[];
  openHandler?: Fn;
  webContentsEvents: Map<string, Fn>;
  appEvents: Map<string, Fn>;
  ipc: Map<string, Fn>;
  schemes: unknown[];
  protocolHandler?: (req: Request) => Promise<Response>;
  quit: number;
  exposed: Map<string, unknown>;
  invoked: { channel: string; input: unknown }[];
}

const rec: Recorded = { windows: [], loaded: [], webContentsEvents: new Map(), appEvents: new Map(), ipc: new Map(), schemes: [], quit: 0, exposed: new Map(), invoked: [] };
const paths = new Map<string, string>();

const electronStub = {
  app: {
    setPath: (k: string, v: string) => paths.set(k, v),
    getPath: (k: string) => paths.get(k) ?? tmpdir(),
    requestSingleInstanceLock: () => true,
    on: (ev: string, fn: Fn) => rec.appEvents.set(ev, fn),
    whenReady: () => Promise.resolve(),
    quit: () => {
      rec.quit++;
    },
  },
  BrowserWindow: class {
    webContents = {
      setWindowOpenHandler: (fn: Fn) => (rec.openHandler = fn),
      on: (ev: string, fn: Fn) => rec.webContentsEvents.set(ev, fn),
      send: () => undefined,
    };
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      rec.windows.push(opts);
    }
    once(): void {}
    on(): void {}
    isDestroyed(): boolean {
      return false;
    }
    loadURL(url: string): Promise<void> {
      rec.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows(): unknown[] {
      return [];
    }
  },
  ipcMain: { handle: (ch: string, fn: Fn) => rec.ipc.set(ch, fn), removeHandler: () => undefined },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => rec.schemes.push(...s),
    handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => (rec.protocolHandler = fn),
  },
  net: { fetch: async (url: string) => new Response(readFileSync(new URL(url))) },
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (s: string) => Buffer.from(s).reverse(),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
    getSelectedStorageBackend: () => 'gnome_libsecret',
  },
  Notification: class {
    static isSupported(): boolean {
      return false;
    }
  },
  powerSaveBlocker: { start: () => 1, stop: () => undefined },
  dialog: {},
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => rec.exposed.set(key, api) },
  webUtils: { getPathForFile: (file: { path: string }) => file.path },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      rec.invoked.push({ channel, input });
      return Promise.resolve({ ok: true, data: null });
    },
    on: () => undefined,
    off: () => undefined,
  },
};

const home = mkdtempSync(join(tmpdir(), 'qunfa-electron-build-'));
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;

beforeAll(async () => {
  expect(existsSync(join(OUT, 'main/index.js')), 'run npm run build first').toBe(true);
  process.env.XDG_CONFIG_HOME = home;
  process.env.APPDATA = home;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? electronStub : originalLoad.call(this, request, ...rest);
  };
  Module.createRequire(__filename)(join(OUT, 'main/index.js'));
  Module.createRequire(__filename)(join(OUT, 'preload/index.js'));
  // whenReady resolved: let the ready handler run.
  await new Promise((r) => setImmediate(r));
});

afterAll(async () => {
  const willQuit = rec.appEvents.get('will-quit');
  if (willQuit) {
    willQuit({ preventDefault: () => undefined });
    await new Promise((r) => setImmediate(r));
  }
  loader._load = originalLoad;
  rmSync(home, { recursive: true, force: true });
});

describe('built Electron main', () => {
  it('opens its window with context isolation, sandbox, no Node and the built preload', () => {
    expect(rec.windows).toHaveLength(1);
    const prefs = rec.windows[0].webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toBe(join(OUT, 'preload/index.js'));
    expect(existsSync(String(prefs.preload))).toBe(true);
  });

  it('keeps its data in the per-user Qunfa folder shared with the CLI', () => {
    expect(paths.get('userData')).toBe(join(home, 'Qunfa'));
  });

  it('loads the renderer from its own protocol, which serves it with the strict CSP', async () => {
    expect(rec.loaded).toEqual(['qunfa://app/index.html']);
    expect(rec.schemes).toEqual([{ scheme: 'qunfa', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const res = await rec.protocolHandler!(new Request('qunfa://app/index.html'));
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('<div id="root">');
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    // A path escaping the renderer folder gets index.html, not the file.
    const escape = await rec.protocolHandler!(new Request('qunfa://app/..%2F..%2Fpackage.json'));
    expect(await escape.text()).toContain('<div id="root">');
  });

  it('refuses new windows and navigation away from the app', () => {
    expect(rec.openHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    const navigate = rec.webContentsEvents.get('will-navigate')!;
    let prevented = 0;
    navigate({ preventDefault: () => prevented++ }, 'https://evil.example/');
    expect(prevented).toBe(1);
    navigate({ preventDefault: () => prevented++ }, 'qunfa://app/index.html');
    expect(prevented).toBe(1);
  });

  it('lets the app quit at once when nothing is sending (quitting mid-campaign asks first)', () => {
    const beforeQuit = rec.appEvents.get('before-quit')!;
    let prevented = 0;
    beforeQuit({ preventDefault: () => prevented++ });
    expect(prevented).toBe(0);
  });

  it('binds exactly the contract’s calls, one channel each', () => {
    expect([...rec.ipc.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
  });

  it('answers its own frames with envelopes and refuses foreign frames', async () => {
    const handler = rec.ipc.get(channelOf('app.info'))!;
    const own = (await handler({ senderFrame: { url: 'qunfa://app/index.html' } }, {})) as { ok: boolean; data: { platform: string; secretBackend: string } };
    expect(own.ok).toBe(true);
    expect(own.data).toMatchObject({ platform: 'electron', secretBackend: 'safeStorage' });
    const foreign = (await handler({ senderFrame: { url: 'https://evil.example/' } }, {})) as { ok: boolean; error: { code: string } };
    expect(foreign).toMatchObject({ ok: false, error: { code: 'call.forbidden' } });
    const bad = (await rec.ipc.get(channelOf('accounts.remove'))!({ senderFrame: { url: 'qunfa://app/x' } }, { id: -1 })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'call.invalid_input' } });
  });
});

describe('built import worker', () => {
  it('is found beside the built main and checks a file without tsx', async () => {
    const entry = workerEntry(join(OUT, 'main'));
    expect(entry).toBe(join(OUT, 'main/import-worker.js'));
    const dir = mkdtempSync(join(tmpdir(), 'qunfa-built-worker-'));
    try {
      const path = join(dir, 'c.csv');
      writeFileSync(path, '手机,姓名\n13800138000,张三\nabc,李四\n13800138000,王五\n');
      const file = { path, read: { hasHeader: true } };
      const plan: CheckPlan = {
        mobileColumn: 0,
        columns: [1],
        alreadyThere: { zh: '已有', en: 'there' },
        existing: new MobileSet().state(),
        flagged: new MobileSet().state(),
        rejectedFile: join(dir, 'rejected.csv'),
      };
      // Started, not replaced by the main-thread fallback.
      const started = await startWorker(entry!, file);
      expect(started).not.toBeNull();
      await started!.worker.terminate();
      const seen: string[] = [];
      const batches = checkedBatches(file, () => Promise.resolve(plan), { totalBytes: 0, where: 'worker', entry });
      let next = await batches.next();
      for (; !next.done; next = await batches.next()) eachRow(next.value, (m, fields) => seen.push(m + fields));
      expect(seen).toEqual(['13800138000["张三"]']);
      expect(next.value).toMatchObject({ read: 3, invalid: 1, duplicateInFile: 1 });
      expect(readFileSync(plan.rejectedFile, 'utf8')).toContain('与第 2 行的号码重复');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('built preload', () => {
  it('requires nothing but electron (a sandboxed preload cannot)', () => {
    const code = readFileSync(join(OUT, 'preload/index.js'), 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes window.qunfa with call, on and pathForFile only, and refuses names outside the contract', async () => {
    const api = rec.exposed.get('qunfa') as { call: Fn; on: Fn; pathForFile: Fn };
    expect([...rec.exposed.keys()]).toEqual(['qunfa']);
    expect(Object.keys(api).sort()).toEqual(['call', 'on', 'pathForFile']);
    expect(api.pathForFile({ path: '/home/u/客户.csv' })).toBe('/home/u/客户.csv');
    await api.call('app.info', {});
    expect(rec.invoked).toEqual([{ channel: 'qunfa:app.info', input: {} }]);
    expect(await api.call('shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'call.unknown' } });
    expect(rec.invoked).toHaveLength(1);
    expect(() => api.on('anything', () => undefined)).toThrow();
  });
});
