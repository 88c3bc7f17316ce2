// The few things that differ between the Electron app and plain Node (CLI, browser
// host, tests). The core sees only this interface and never imports electron.
import type { SecretStore } from '../secrets/store';

export interface Platform {
  readonly kind: 'electron' | 'node';
  readonly secrets: SecretStore;
  /** A system notification; a no-op where there is none. */
  notify(title: string, body: string): void;
  /** Keeps the PC awake (while sending); call the returned function to release. */
  keepAwake(reason: string): () => void;
  /** Native file dialogs where there are any (Electron); null in the CLI and browser host. */
  readonly dialogs: null | {
    openFile(filters: { name: string; extensions: string[] }[]): Promise<string | null>;
    saveFile(defaultName: string): Promise<string | null>;
  };
}
