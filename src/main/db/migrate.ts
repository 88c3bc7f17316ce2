// Numbered migrations, tracked by PRAGMA user_version, all pending ones in one
// transaction. A database written by a newer Qunfa is refused, never downgraded.
import type { Database } from 'better-sqlite3';
import { up as initial } from './migrations/001_initial';
import { up as contacts } from './migrations/002_contacts';
import { up as campaignEngine } from './migrations/003_campaign_engine';
import { up as messageOutcomes } from './migrations/004_message_outcomes';
import { up as hiddenLists } from './migrations/005_hidden_lists';
import { up as sendPathIndexes } from './migrations/006_send_path_indexes';
import { up as outcomesUnchecked } from './migrations/007_outcomes_unchecked';
import { up as pushCredentials } from './migrations/008_push_credentials';
import { up as planningCampaigns } from './migrations/009_planning_campaigns';
import { AppError } from '../../shared/errors';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', up: initial },
  { version: 2, name: 'contacts: list order index', up: contacts },
  { version: 3, name: 'campaign engine: lease, empty policy, poll state', up: campaignEngine },
  { version: 4, name: 'receipt outcomes beside the journal', up: messageOutcomes },
  { version: 5, name: 'lists: hidden while a new list is imported', up: hiddenLists },
  { version: 6, name: 'indexes for the send path: messages by mobile, unmatched receipts by batch', up: sendPathIndexes },
  { version: 7, name: 'receipt outcomes without a foreign key check per write', up: outcomesUnchecked },
  { version: 8, name: 'accounts: push credentials, encrypted', up: pushCredentials },
  { version: 9, name: 'campaigns: hidden while they are planned; indexes for the links to a message', up: planningCampaigns },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersionOf(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersionOf(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) {
    throw new AppError('db.newer', {
      zh: `数据文件由更新版本的群发写入（结构版本 ${current}，本程序支持到 ${latest}）。请升级群发后再打开；为保护数据，本程序不会修改它。`,
      en: `This data file was written by a newer Qunfa (schema ${current}; this version knows up to ${latest}). Upgrade Qunfa to open it; it was left untouched.`,
    });
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return latest;
}
