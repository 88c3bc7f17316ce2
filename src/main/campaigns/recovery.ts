// On start: campaigns left 'sending' by a process that is gone. Their submissions still
// 'submitting' may or may not have reached the provider: they become unknown (shown to
// the user, never resent automatically). The campaign pauses; the rest can be resumed.
import { holderAlive } from '../core/leases';
import { journalQueries, type JournalQueries } from '../db/journal';
import type { Db } from '../db/open';
import { REASONS } from './reasons';

const INTERRUPTED = '发送过程中程序中断，无法确定是否已发出 / Interrupted while sending: whether it went out is unknown';

/**
 * A campaign's submissions left 'submitting' by a run that is over (a crash, or an error
 * that stopped it): they may have reached the provider, so their messages become
 * unknown. Call it only while no run of this campaign can be sending (lease held or dead).
 */
export function stuckToUnknown(journal: JournalQueries, campaignId: number, now: Date): number {
  let unknown = 0;
  for (const subId of journal.stuckSubmitting(campaignId)) {
    journal.answerSubmission(subId, 'unknown', null, { class: 'unknown', code: 'interrupted', text: 'interrupted while submitting' }, now.toISOString());
    unknown += journal.allMessagesOf(subId, 'unknown', INTERRUPTED, now.toISOString());
  }
  return unknown;
}

export function recoverInterrupted(db: Db, now = new Date()): { campaigns: number[]; unknown: number } {
  const journal = journalQueries(db);
  const recovered: number[] = [];
  let unknown = 0;
  for (const c of journal.campaignsIn('sending')) {
    if (holderAlive(c.lease_owner, c.lease_until, now.getTime())) continue;
    db.transaction(() => {
      unknown += stuckToUnknown(journal, c.id, now);
      journal.setCampaignState(c.id, 'paused', JSON.stringify(REASONS.interrupted));
      journal.clearLease(c.id);
    })();
    recovered.push(c.id);
  }
  return { campaigns: recovered, unknown };
}
