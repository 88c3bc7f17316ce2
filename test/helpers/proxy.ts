// An HTTP proxy between Qunfa and a simulated gateway, calling a hook on each request
// after the gateway answered and before the answer is relayed: the point where a test
// pauses a campaign, or kills the sending process (the gateway has accepted; the sender
// has not heard).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class HookedProxy {
  private server: Server | null = null;
  /** Requests seen so far. */
  seen = 0;
  /** Called with the request's number; return 'drop' to close the connection instead of answering. */
  onAnswered: (n: number) => 'relay' | 'drop' = () => 'relay';

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = ++this.seen;
        const url = new URL(req.url ?? '/', this.target);
        const forward = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            if (this.onAnswered(n) === 'drop') res.destroy();
            else res.writeHead(up.statusCode ?? 200, up.headers).end(Buffer.concat(body));
          });
        });
        forward.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
