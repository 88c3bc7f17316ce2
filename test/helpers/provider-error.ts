// The ProviderError a call fails with; any other outcome fails the test.
import { ProviderError } from '../../src/main/providers/errors';

export async function providerFailure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

export function providerFailureSync(f: () => unknown): ProviderError {
  try {
    f();
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}
