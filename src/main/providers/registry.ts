// The one place drivers are registered. Adding a provider = one file + one line here.
import type { Capabilities, ProviderName } from '../../shared/providers';
import { HttpClient, type HttpOptions } from './http';
import type { AccountConfig, Driver, DriverFactory } from './types';
import { chuangrui } from './chuangrui';
import { platform } from './platform';
import { smsadmin } from './smsadmin';
import { smscn } from './smscn';
import { yunchuda } from './yunchuda';

export const DRIVERS: Record<ProviderName, DriverFactory> = { yunchuda, smsadmin, smscn, chuangrui, platform };

export function capabilitiesOf(provider: ProviderName): Capabilities {
  return DRIVERS[provider].capabilities;
}

/** A driver with its own keep-alive pool; close() it when the account is done. */
export function createDriver(account: AccountConfig, http?: HttpOptions): Driver {
  return DRIVERS[account.provider].create(account, new HttpClient(account.provider, http));
}
