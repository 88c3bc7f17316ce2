// Shared setup for the platform driver tests: a simulated gateway and a driver pointed at it.
import { HttpClient } from '../../src/main/providers/http';
import { createPlatformDriver } from '../../src/main/providers/platform';
import type { AccountConfig, Driver, OutboundMessage, SendContext } from '../../src/main/providers/types';
import { startPlatformGateway, type PlatformGateway, type PlatformGatewayOptions } from '../gateways/platform';

export interface Setup {
  gateway: PlatformGateway;
  driver: Driver;
  account: AccountConfig;
  close(): Promise<void>;
}

export async function setup(
  o: { gateway?: PlatformGatewayOptions; options?: Record<string, string>; account?: Partial<AccountConfig>; now?: () => Date } = {},
): Promise<Setup> {
  const gateway = await startPlatformGateway({ account: 'shop', password: 'secret-pw', userid: '12', ...o.gateway });
  const account: AccountConfig = {
    provider: 'platform',
    baseUrl: gateway.url + '/',
    username: 'shop',
    password: 'secret-pw',
    userid: '12',
    options: o.options ?? {},
    ...o.account,
  };
  const driver = createPlatformDriver(account, new HttpClient('platform', { connectTimeoutMs: 2000, responseTimeoutMs: 2000 }), { now: o.now });
  return {
    gateway,
    driver,
    account,
    close: async () => {
      await driver.close();
      await gateway.close();
    },
  };
}

let nextRef = 1;

export function msg(mobile: string, text: string, ref?: string): OutboundMessage {
  return { ref: ref ?? String(nextRef++), mobile, text, values: {} };
}

export function ctx(extra: Partial<SendContext> = {}): SendContext {
  return { kind: 'notification', template: '', submissionKey: 'k' + nextRef++, ...extra };
}

/** Runs and returns the thrown error, failing if nothing was thrown. */
export async function thrown(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
