// Who holds a lease on shared work in a data folder (a campaign being sent, a new list
// being imported): this host and process, so that another process opening the folder
// can tell a live holder from one a crash left behind.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as yieldTurn } from 'node:timers/promises';

/** A lease holder's name: host, pid and a random part (a pid can be reused). */
export function ownerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** Whether the process named in a lease may still hold it. */
export function holderAlive(owner: string | null, until: number | null, now: number): boolean {
  if (!owner || until === null || until < now) return false;
  const [host, pid] = owner.split('/');
  if (host !== hostname()) return true; // another machine on a shared folder: trust the lease
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Rows kept hidden while their holder writes them (a list being imported, a campaign being planned). */
export interface HiddenRows {
  all(): { id: number; owner: string; until: number }[];
  /** Deletes a page of what the hidden row holds; returns how many rows went (0: nothing left). */
  deleteSome(id: number): number;
  remove(id: number, owner: string): void;
}

/** Deletes one holder's hidden row, a page at a time, yielding between pages. */
export async function removeHidden(q: HiddenRows, id: number, owner: string): Promise<void> {
  while (q.deleteSome(id) > 0) await yieldTurn();
  q.remove(id, owner);
}

/** Deletes the hidden rows of holders whose process is gone (a crash mid-way); returns how many. */
export function removeAbandoned(q: HiddenRows, now = Date.now()): number {
  const abandoned = q.all().filter((h) => !holderAlive(h.owner, h.until, now));
  for (const h of abandoned) {
    while (q.deleteSome(h.id) > 0);
    q.remove(h.id, h.owner);
  }
  return abandoned.length;
}
