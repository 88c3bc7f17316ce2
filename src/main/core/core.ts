// The composition root: one function builds the whole core from a data folder and a
// platform. The Electron main process, the CLI and the browser host all call it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, Handlers } from '../../shared/contract';
import { Dispatcher, type Backoff } from '../campaigns/dispatcher';
import { Exports } from '../campaigns/export';
import { ContactService } from '../contacts/service';
import { recoverInterrupted } from '../campaigns/recovery';
import { CampaignSchedule } from '../campaigns/schedule';
import { CampaignService } from '../campaigns/service';
import { schemaVersionOf } from '../db/migrate';
import { openDatabase, type Db } from '../db/open';
import type { HttpOptions } from '../providers/http';
import { ReceiptPoller, type PollerOptions } from '../receipts/poller';
import { PushReceiver } from '../receipts/receiver';
import { ReceiptStore } from '../receipts/store';
import { AccountService } from '../services/accounts';
import { CoreEvents } from './events';
import { buildHandlers } from './handlers';
import { DB_FILE } from './paths';
import type { Platform } from './platform';
import { Uploads } from './uploads';
import { VERSION } from './version';

export interface CoreOptions {
  dataDir: string;
  platform: Platform;
  /** Tests shorten backoff and timeouts; the app uses the defaults. */
  engine?: { backoff?: Partial<Backoff>; http?: HttpOptions; poller?: PollerOptions; now?: () => Date };
}

export interface Core {
  readonly dataDir: string;
  readonly db: Db;
  readonly platform: Platform;
  readonly events: CoreEvents;
  readonly accounts: AccountService;
  readonly uploads: Uploads;
  readonly exports: Exports;
  readonly contacts: ContactService;
  readonly receipts: ReceiptStore;
  readonly dispatcher: Dispatcher;
  readonly campaigns: CampaignService;
  readonly poller: ReceiptPoller;
  readonly receiver: PushReceiver;
  readonly schedule: CampaignSchedule;
  readonly handlers: Handlers;
  info(): AppInfo;
  /** Background work for a long-running process (app, browser host): schedules and receipt polling. */
  start(): void;
  close(): Promise<void>;
}

export function createCore({ dataDir, platform, engine = {} }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, DB_FILE));
  const events = new CoreEvents();
  const now = engine.now ?? (() => new Date());
  const accounts = new AccountService(db, platform.secrets);
  const receipts = new ReceiptStore(db, events, now);
  const dispatcher = new Dispatcher({ db, accounts, receipts, events, platform, now, backoff: engine.backoff, http: engine.http });
  const schedule = new CampaignSchedule(db, dispatcher, () => undefined, now);
  // Campaigns a dead process left mid-send: their in-flight submissions become unknown.
  recoverInterrupted(db, now());

  let closed = false;
  const core: Core = {
    dataDir,
    db,
    platform,
    events,
    accounts,
    uploads: new Uploads(dataDir),
    exports: new Exports(dataDir),
    contacts: new ContactService(db, { events, dataDir }),
    receipts,
    dispatcher,
    campaigns: new CampaignService(db, accounts, dispatcher, events, now),
    poller: new ReceiptPoller(db, accounts, receipts, { http: engine.http, now, ...engine.poller }),
    receiver: new PushReceiver(db, accounts, receipts),
    schedule,
    handlers: undefined as unknown as Handlers,
    info: () => ({
      version: VERSION,
      dataDir,
      schemaVersion: schemaVersionOf(db),
      platform: platform.kind,
      secretBackend: platform.secrets.backend,
      secretWarning: platform.secrets.warning,
    }),
    start() {
      schedule.start();
      core.poller.start();
    },
    async close() {
      if (closed) return;
      closed = true;
      schedule.stop();
      await dispatcher.stopAll();
      await core.contacts.stopImports();
      await core.poller.stop();
      await core.receiver.stop();
      db.close();
    },
  };
  (core as { handlers: Handlers }).handlers = buildHandlers(core);
  return core;
}
