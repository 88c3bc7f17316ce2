// SQL the preview, the estimate and the preflight read: a list, its contacts (a page
// for the preview, keyset pages for the estimate's one pass), and the local send
// history the per-number frequency limits are checked against.
import type { Db } from './open';
import { VISIBLE } from './hidden-lists';

export interface ListRecord {
  id: number;
  name: string;
  /** JSON array of field names. */
  fields: string;
}

/** A contact as the estimate reads it: [id, mobile, fields JSON]. */
export type ScanRow = [number, string, string];

export interface SentCounts {
  /** Messages in the Beijing day of the send time. */
  day: number;
  /** Verification messages in the 3 minutes before the send time. */
  recent: number;
}

/**
 * Messages that left this PC (the provider counts them against its limits): by their
 * state, or still 'planned' in a submission whose request is under way.
 */
const LEFT_THE_PC = "(m.state IN ('submitting', 'submitted', 'delivered', 'failed', 'unknown') OR (m.state = 'planned' AND s.state = 'submitting'))";

export function estimateQueries(db: Db) {
  const listById = db.prepare<[number], ListRecord>(`SELECT id, name, fields FROM lists WHERE id = ? AND ${VISIBLE}`);
  const listByName = db.prepare<[string], ListRecord>(`SELECT id, name, fields FROM lists WHERE name = ? AND ${VISIBLE}`);
  const count = db.prepare<[number], number>('SELECT count(*) FROM contacts WHERE list_id = ?').pluck();
  const page = db.prepare<[number, number, number], { id: number; mobile: string; fields: string }>(
    'SELECT id, mobile, fields FROM contacts WHERE list_id = ? ORDER BY id LIMIT ? OFFSET ?',
  );
  const scan = db.prepare<[number, number, number], ScanRow>('SELECT id, mobile, fields FROM contacts WHERE list_id = ? AND id > ? ORDER BY id LIMIT ?').raw();
  const optouts = db.prepare<[], string>('SELECT mobile FROM optouts').pluck();
  // One pass over the provider's messages in the window, grouped by number; only the
  // numbers at or over a limit come back, so the result stays small.
  const sent = db.prepare<Record<string, string | number>, { mobile: string; day: number; recent: number }>(
    `WITH sent AS (
       SELECT m.mobile, c.kind, COALESCE(m.submitted_at, s.submitting_at) AS at
       FROM accounts a
       JOIN campaigns c ON c.account_id = a.id
       JOIN messages m ON m.campaign_id = c.id
       LEFT JOIN submissions s ON s.id = m.submission_id
       WHERE a.provider = @provider AND ${LEFT_THE_PC}
     )
     SELECT mobile,
            sum(at >= @dayFrom AND at < @dayTo) AS day,
            sum(kind = 'verification' AND at > @recentFrom AND at <= @recentTo) AS recent
     FROM sent
     WHERE (at >= @dayFrom AND at < @dayTo) OR (at > @recentFrom AND at <= @recentTo)
     GROUP BY mobile
     HAVING day >= @dayLimit OR recent >= @recentLimit`,
  );
  return {
    list: (id: number): ListRecord | undefined => listById.get(id),
    listByName: (name: string): ListRecord | undefined => listByName.get(name),
    contactCount: (listId: number): number => count.get(listId) ?? 0,
    contactPage: (listId: number, offset: number, limit: number) => page.all(listId, limit, offset),
    /**
     * The whole opt-out list. Loaded once rather than probed per contact: an index probe
     * per row costs the million-contact pass about as much again as reading the rows.
     */
    optouts: (): Set<string> => new Set(optouts.all()),
    /** Up to `limit` contacts after id `after`, in id order. */
    scanPage: (listId: number, after: number, limit: number): ScanRow[] => scan.all(listId, after, limit),
    /**
     * Numbers that already reached a limit through this provider: `day` counts the
     * messages in [dayFrom, dayTo), `recent` the verification messages in (recentFrom,
     * recentTo]. Times are ISO instants, as the journal writes them.
     */
    sentAtLimit(w: { provider: string; dayFrom: string; dayTo: string; recentFrom: string; recentTo: string; dayLimit: number; recentLimit: number }): Map<string, SentCounts> {
      const out = new Map<string, SentCounts>();
      for (const r of sent.iterate(w)) out.set(r.mobile, { day: r.day, recent: r.recent });
      return out;
    },
  };
}

export type EstimateQueries = ReturnType<typeof estimateQueries>;
