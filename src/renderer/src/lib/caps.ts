// What an account's provider can do: the capabilities the pages read, never its name.
import type { AccountView } from '../../../shared/contract';
import type { Capabilities } from '../../../shared/providers';

export function capsOf(account: Pick<AccountView, 'provider'> | undefined, providers: Capabilities[] | undefined): Capabilities | undefined {
  return account ? providers?.find((p) => p.provider === account.provider) : undefined;
}
