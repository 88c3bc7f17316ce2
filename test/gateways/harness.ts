// A real HTTP server on 127.0.0.1 for one simulated provider gateway, with a log of
// every request it received and faults the tests can queue (for the engine's
// "never twice, never lost" tests): reset before reading, reset after reading,
// hang, an HTTP status, a garbage body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GatewayRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string (without '?'), undecoded: charsets are the gateway's business. */
  rawQuery: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface GatewayReply {
  status?: number;
  contentType?: string;
  body: string | Buffer;
}

export type Fault =
  | { kind: 'reset-before' } // close the connection without reading the request
  | { kind: 'reset-after' } // read the whole request (the gateway processes it), then close without answering
  | { kind: 'hang' } // read, process, never answer
  | { kind: 'status'; status: number; body?: string } // answer with this status, do not process
  | { kind: 'garbage' }; // process, then answer bytes no document describes

export type GatewayHandler = (req: GatewayRequest) => GatewayReply | Promise<GatewayReply>;

export interface Gateway {
  url: string;
  port: number;
  /** Every request that reached the handler, in order. */
  requests: GatewayRequest[];
  /** Faults applied to the next requests, one each, in order. */
  faults: Fault[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startGateway(handler: GatewayHandler): Promise<Gateway> {
  const requests: GatewayRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const hung: ServerResponse[] = [];

  const server = createServer(async (req, res) => {
    const fault = faults.shift();
    if (fault?.kind === 'reset-before') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const request: GatewayRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
      body,
    };
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(fault.body ?? 'error');
      return;
    }
    requests.push(request);
    let reply: GatewayReply;
    try {
      reply = await handler(request);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      return;
    }
    if (fault?.kind === 'reset-after') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      hung.push(res);
      return;
    }
    if (fault?.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway nginx</body></html>');
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' }).end(reply.body);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hung) r.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One recipient's message as a simulated gateway accepted it. */
export interface AcceptedMessage {
  mobile: string;
  /** The text as the recipient would see it (templates rendered, signature added where the provider adds it). */
  text: string;
  /** The batch id the gateway answered with (taskID, sendid, JSON-RPC result, linkid...). */
  batchId: string;
  /** A per-message id where the provider has one (smscn mobileids). */
  messageId?: string;
  extno?: string;
}

/** A request the provider would make to our push receiver. */
export interface PushDelivery {
  method: 'GET' | 'POST';
  /** Query string without '?', already encoded the provider's way ('' for none). */
  query: string;
  contentType: string;
  body: Buffer;
}

/** What every provider's simulated gateway offers the tests, beyond the raw harness. */
export interface SimulatedGateway extends Gateway {
  /** Every message accepted, one row per recipient, in order of acceptance. */
  accepted: AcceptedMessage[];
  /** Balance in the provider's unit; sends that do not fit get the documented balance error. */
  balance: number;
  /**
   * Makes delivery reports for these messages available the provider's way: queued for
   * its pull endpoint (returns []), or returned as the push requests it would make.
   */
  reportDelivery(messages: AcceptedMessage[], outcome: 'delivered' | 'failed'): PushDelivery[];
  /** An inbound reply (上行) from a mobile: queued for pull, or returned as push requests. */
  reply(mobile: string, text: string, extno?: string): PushDelivery[];
}
