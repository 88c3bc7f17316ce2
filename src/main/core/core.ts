// The composition root: one function builds the whole core from a data folder and a
// platform. The Electron main process, the CLI and the browser host all call it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, Handlers, Settings } from '../../shared/contract';
import { overviewQueries } from '../db/overview';
import { openDatabase, type Db } from '../db/open';
import { schemaVersionOf } from '../db/migrate';
import { settingQueries } from '../db/settings';
import { AccountService } from '../services/accounts';
import { CoreEvents } from './events';
import { DB_FILE } from './paths';
import type { Platform } from './platform';
import { VERSION } from './version';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
}

export interface Core {
  readonly dataDir: string;
  readonly db: Db;
  readonly platform: Platform;
  readonly events: CoreEvents;
  readonly accounts: AccountService;
  readonly handlers: Handlers;
  info(): AppInfo;
  close(): Promise<void>;
}

export function createCore({ dataDir, platform }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, DB_FILE));
  const events = new CoreEvents();
  const accounts = new AccountService(db, platform.secrets);
  const overview = overviewQueries(db);
  const settings = settingQueries(db);

  const info = (): AppInfo => ({
    version: VERSION,
    dataDir,
    schemaVersion: schemaVersionOf(db),
    platform: platform.kind,
    secretBackend: platform.secrets.backend,
    secretWarning: platform.secrets.warning,
  });
  const readSettings = (): Settings => ({ locale: settings.get('locale') === 'en' ? 'en' : 'zh-CN' });

  const handlers: Handlers = {
    'app.info': async () => info(),
    'settings.get': async () => readSettings(),
    'settings.set': async (input) => {
      settings.set('locale', input.locale);
      events.emit('data.changed', { what: 'settings' });
      return readSettings();
    },
    'providers.list': async () => accounts.providers(),
    'accounts.list': async () => accounts.list(),
    'accounts.add': async (input) => {
      const view = accounts.add(input);
      events.emit('data.changed', { what: 'accounts' });
      return view;
    },
    'accounts.remove': async (input) => {
      accounts.remove(input.id);
      events.emit('data.changed', { what: 'accounts' });
      return null;
    },
    'accounts.balance': async (input) => accounts.balance(input.id),
    'lists.list': async () => overview.lists(),
    'templates.list': async () => overview.templates(),
    'campaigns.list': async () => overview.campaigns(),
    'receipts.recent': async (input) => overview.receipts(input.limit),
    'replies.recent': async (input) => overview.replies(input.limit),
  };

  let closed = false;
  return {
    dataDir,
    db,
    platform,
    events,
    accounts,
    handlers,
    info,
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
