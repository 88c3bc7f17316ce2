// Submission keys: alphanumeric, at most 32 characters, unique forever. They double as
// the provider's serial number where it has one (smsadmin linkid), so two data folders
// sending through one account must not collide: each database has its own random prefix.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open';
import { settingQueries } from '../db/settings';

const INSTALL_KEY = 'install.id';

export function installId(db: Db): string {
  const settings = settingQueries(db);
  let id = settings.get(INSTALL_KEY);
  if (!id) {
    id = randomBytes(8).readBigUInt64BE().toString(36).slice(0, 8).padStart(8, '0');
    settings.set(INSTALL_KEY, id);
  }
  return id;
}

/** e.g. 'k3f9a2x1' + 'c' + campaign + 's' + sequence, in base 36. */
export function submissionKey(install: string, campaignId: number, seq: number): string {
  return `${install}c${campaignId.toString(36)}s${seq.toString(36)}`;
}
