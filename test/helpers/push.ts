// Delivers what a simulated gateway would push, to Qunfa's push receiver over HTTP.
import { request } from 'undici';
import type { PushDelivery } from '../gateways/harness';

export async function deliver(port: number, path: string, push: PushDelivery): Promise<{ status: number; body: string }> {
  const res = await request(`http://127.0.0.1:${port}${path}${push.query ? '?' + push.query : ''}`, {
    method: push.method,
    headers: { 'content-type': push.contentType },
    body: push.method === 'POST' ? push.body : undefined,
  });
  return { status: res.statusCode, body: await res.body.text() };
}
