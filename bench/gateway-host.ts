// A provider's simulated gateway in a process of its own (the sender gets the other
// core), with a control port that hands back the requests it received.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedGateway } from '../test/gateways/harness';
import { startChuangruiGateway } from '../test/gateways/chuangrui';
import { startPlatformGateway } from '../test/gateways/platform';
import { startSmsadminGateway } from '../test/gateways/smsadmin';
import { startSmscnGateway } from '../test/gateways/smscn';
import { startYunchudaGateway } from '../test/gateways/yunchuda';

const provider = process.argv[2];
const BIG = 1e9;

async function start(): Promise<{ gw: SimulatedGateway; templateId?: string }> {
  switch (provider) {
    case 'smsadmin':
      return { gw: await startSmsadminGateway({ uid: 'shop', password: 'pw', balance: BIG }) };
    case 'platform':
      return { gw: await startPlatformGateway({ account: 'shop', password: 'pw', balance: BIG, perNumberPerDay: BIG }) };
    case 'chuangrui':
      return { gw: await startChuangruiGateway({ name: 'shop', pwd: 'pw', balance: BIG }) };
    case 'smscn': {
      const gw = await startSmscnGateway({ uid: 'shop', password: 'pw', secretkey: 'SECRETKEY0123456789', balance: BIG });
      gw.addTemplate('700001', '{$姓名}您好，验证码{$code}');
      return { gw, templateId: '700001' };
    }
    case 'yunchuda': {
      const gw = await startYunchudaGateway({ username: 'shop', password: 'pw', balance: BIG });
      return { gw, templateId: gw.addApprovedTemplate('{姓名}您好，验证码{code}', '星巴克') };
    }
    default:
      throw new Error(`no gateway ${provider}`);
  }
}

async function main(): Promise<void> {
  const { gw, templateId } = await start();
  const control = createServer((req, res) => {
    if (req.url === '/requests') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const r of gw.requests) res.write(JSON.stringify({ method: r.method, path: r.path, rawQuery: r.rawQuery, contentType: r.headers['content-type'] ?? '', body: r.body.toString('base64') }) + '\n');
      res.end();
    } else if (req.url === '/accepted') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: gw.accepted.length, unique: new Set(gw.accepted.map((a) => a.mobile)).size }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
  process.stdout.write(JSON.stringify({ url: gw.url, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`, templateId }) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
