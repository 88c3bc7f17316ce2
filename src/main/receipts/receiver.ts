// The push receiver: a local HTTP server (off by default, on the port the user chooses)
// where providers that push (云触达, 创瑞, and others by choice) deliver receipts and
// replies. Each account has its own unguessable path. A push is stored BEFORE it is
// answered, and answered exactly as the provider's document requires (getsuccess, 1, …).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/open';
import { settingQueries } from '../db/settings';
import { ProviderError } from '../providers/errors';
import { createDriver } from '../providers/registry';
import type { Driver } from '../providers/types';
import type { AccountService } from '../services/accounts';
import type { ReceiptStore } from './store';

const MAX_BODY = 5 * 1024 * 1024;
const SECRET_KEY = 'receiver.secret';

export interface ReceiverInfo {
  port: number;
  host: string;
  /** The path for each account, to give the provider (with your public address in front). */
  paths: { accountId: number; accountName: string; path: string }[];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class PushReceiver {
  private server: Server | null = null;
  /** A driver per account, with the account row it was built from. */
  private readonly drivers = new Map<number, { driver: Driver; built: string }>();

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountService,
    private readonly store: ReceiptStore,
  ) {}

  /** The random path segment, created once per data folder. */
  secret(): string {
    const settings = settingQueries(this.db);
    let secret = settings.get(SECRET_KEY);
    if (!secret) {
      secret = randomBytes(18).toString('base64url');
      settings.set(SECRET_KEY, secret);
    }
    return secret;
  }

  pathFor(accountId: number): string {
    return `/push/${this.secret()}/${accountId}`;
  }

  async start(options: { port: number; host?: string }): Promise<ReceiverInfo> {
    if (this.server) await this.stop();
    const host = options.host ?? '0.0.0.0';
    const server = createServer((req, res) => {
      void this.handle(req).then(({ status, contentType, body }) => res.writeHead(status, { 'content-type': contentType }).end(body));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => resolve());
    });
    this.server = server;
    return this.info();
  }

  info(): ReceiverInfo {
    const address = this.server?.address() as AddressInfo | null;
    return {
      port: address?.port ?? 0,
      host: address?.address ?? '',
      paths: this.accounts.list().map((a) => ({ accountId: a.id, accountName: a.name, path: this.pathFor(a.id) })),
    };
  }

  /**
   * The account's driver, built again when the account has changed since: a push must be
   * checked against the password, secret and push credentials the user set last (each is
   * sealed anew when set, so its row's text changes).
   */
  private driverFor(accountId: number): Driver {
    const row = this.accounts.find(accountId);
    const built = JSON.stringify(row);
    const cached = this.drivers.get(accountId);
    if (cached?.built === built) return cached.driver;
    if (cached) void cached.driver.close();
    const driver = createDriver(this.accounts.config(row));
    this.drivers.set(accountId, { driver, built });
    return driver;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; contentType: string; body: string }> {
    const notFound = { status: 404, contentType: 'text/plain', body: 'not found' };
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const match = /^\/push\/([\w-]+)\/(\d+)$/.exec(path);
    if (!match || match[1] !== this.secret()) return notFound;
    const accountId = Number(match[2]);
    let driver: Driver;
    try {
      driver = this.driverFor(accountId);
    } catch {
      return notFound;
    }
    if (!driver.parsePush) return notFound;
    try {
      const rawQuery = q < 0 ? '' : url.slice(q + 1);
      const body = await readBody(req);
      const parsed = driver.parsePush({ method: req.method ?? 'POST', query: new URLSearchParams(rawQuery), rawQuery, headers: req.headers, body });
      // Stored before answering: a provider that gets its answer never pushes this again.
      this.store.ingestReceipts(accountId, parsed.receipts);
      this.store.ingestReplies(accountId, parsed.replies);
      return parsed.answer;
    } catch (err) {
      if (err instanceof ProviderError) return { status: 400, contentType: 'text/plain', body: 'bad push' };
      return { status: 500, contentType: 'text/plain', body: 'error' };
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await Promise.all([...this.drivers.values()].map((d) => d.driver.close()));
    this.drivers.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
