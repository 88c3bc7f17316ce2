// The platform for plain Node: the CLI, the browser host and the tests.
import { KeyFileSecretStore } from '../secrets/store';
import type { Platform } from './platform';

export function nodePlatform(dataDir: string): Platform {
  return {
    kind: 'node',
    secrets: new KeyFileSecretStore(dataDir),
    notify: () => undefined,
    keepAwake: () => () => undefined,
    dialogs: null,
  };
}
