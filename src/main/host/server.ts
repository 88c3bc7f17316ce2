// The browser host: serves the built renderer and carries the same contract over HTTP
// (POST /api/call/<name>) with events over Server-Sent Events (GET /api/events).
//
// Binds 127.0.0.1 only. Every API request needs the random per-start token, and every
// request must name this server in Host (and Origin, when the browser sends one):
// that shuts out other local users' web pages and DNS-rebinding attacks.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { EVENT_NAMES } from '../../shared/contract';
import type { Core } from '../core/core';
import { dispatch } from '../core/dispatch';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export interface HostOptions {
  port?: number;
  /** The built renderer (out/renderer). */
  rendererDir?: string;
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const DEFAULT_RENDERER_DIR = resolve(__dirname, '../../../out/renderer');

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(body);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolvePromise(text ? JSON.parse(text) : {});
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

export async function startHost(core: Core, options: HostOptions = {}): Promise<Host> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);
  const streams = new Set<ServerResponse>();

  const serveStatic = (path: string, res: ServerResponse): void => {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      send(res, 503, '界面尚未构建，请先运行 npm run build。/ The UI is not built: run npm run build first.');
      return;
    }
    const wanted = normalize(join(rendererDir, decodeURIComponent(path)));
    const inside = wanted.startsWith(rendererDir + sep) && existsSync(wanted) && statSync(wanted).isFile();
    const file = inside ? wanted : join(rendererDir, 'index.html');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  };

  const openEvents = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const offs = EVENT_NAMES.map((name) => core.events.on(name, (payload) => res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)));
    streams.add(res);
    res.on('close', () => {
      offs.forEach((off) => off());
      streams.delete(res);
    });
  };

  const server = createServer(async (req, res) => {
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    if (!allowedHosts().includes(host)) return send(res, 421, 'Host not allowed');
    if (origin !== undefined && !allowedOrigins().includes(origin)) return send(res, 403, 'Origin not allowed');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      return serveStatic(url.pathname, res);
    }
    // EventSource and download links cannot set headers: those two take the token in the query.
    const inQuery = url.pathname === '/api/events' || url.pathname.startsWith('/api/download/');
    const given = (req.headers['x-qunfa-token'] as string | undefined) ?? (inQuery ? (url.searchParams.get('token') ?? undefined) : undefined);
    if (!sameToken(given, token)) return send(res, 401, 'Token required');
    if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(res);
    const download = /^\/api\/download\/([A-Za-z0-9_.-]{8,80})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      let file: string;
      try {
        file = core.exports.pathOf(download[1]);
      } catch {
        return send(res, 404, 'Export not found');
      }
      const name = url.searchParams.get('name') ?? download[1];
      res.writeHead(200, {
        'content-type': file.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
      });
      createReadStream(file).pipe(res);
      return;
    }
    if (url.pathname === '/api/upload' && req.method === 'POST') {
      try {
        const id = await core.uploads.save(req, url.searchParams.get('name') ?? 'upload.csv');
        return send(res, 200, JSON.stringify({ id }), 'application/json; charset=utf-8');
      } catch {
        return send(res, 413, 'Upload failed or too large');
      }
    }
    const match = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return send(res, 404, 'Not found');
    let input: unknown;
    try {
      input = await readJson(req);
    } catch {
      return send(res, 400, 'Invalid JSON body');
    }
    const envelope = await dispatch(core.handlers, match[1], input);
    send(res, 200, JSON.stringify(envelope), 'application/json; charset=utf-8');
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolvePromise) => {
        for (const s of streams) s.end();
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}
