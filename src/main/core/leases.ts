// Who holds a lease on shared work in a data folder (a campaign being sent, a new list
// being imported): this host and process, so that another process opening the folder
// can tell a live holder from one a crash left behind.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

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
