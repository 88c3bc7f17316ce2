// SQL for the persisted next-run times of receipt and reply polls.
import type { Db } from './open';

export type PollKind = 'receipts' | 'replies';

export function pollQueries(db: Db) {
  const get = db.prepare<[number, PollKind], { next_run_at: number; idle_runs: number }>('SELECT next_run_at, idle_runs FROM poll_state WHERE account_id = ? AND kind = ?');
  const set = db.prepare<[number, PollKind, number, number]>(
    'INSERT INTO poll_state (account_id, kind, next_run_at, idle_runs) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, kind) DO UPDATE SET next_run_at = excluded.next_run_at, idle_runs = excluded.idle_runs',
  );
  const sentVia = db.prepare<[number, string], { n: number }>(
    'SELECT count(*) AS n FROM submissions WHERE account_id = ? AND answered_at > ?',
  );
  return {
    get: (accountId: number, kind: PollKind) => get.get(accountId, kind),
    set: (accountId: number, kind: PollKind, nextRunAt: number, idleRuns: number): void => void set.run(accountId, kind, nextRunAt, idleRuns),
    /** Whether the account sent anything since `since` (replies are polled for recent senders). */
    sentSince: (accountId: number, since: string): boolean => (sentVia.get(accountId, since)?.n ?? 0) > 0,
  };
}
