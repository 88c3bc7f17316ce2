// Where the data folder is. The Electron app sets its userData to the same default, so
// the app, the CLI and the browser host share one history unless told otherwise.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'Qunfa';
export const DB_FILE = 'qunfa.db';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** --data-dir, else QUNFA_HOME, else the per-user default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.QUNFA_HOME ?? defaultDataDir(env);
}
