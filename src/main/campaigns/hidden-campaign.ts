// A campaign being planned, hidden (db/hidden-campaigns.ts) until the planner reveals it:
// the planner writes it a window at a time, each its own transaction, and calls step()
// in each to renew its lease. A failure deletes it page by page, yielding between pages;
// a crashed planner's campaign is deleted when the data folder is next opened
// (removeAbandonedCampaigns), by whichever process opens it.
import { AppError } from '../../shared/errors';
import { ownerId, removeAbandoned, removeHidden } from '../core/leases';
import { hiddenCampaignQueries, type HiddenCampaignQueries } from '../db/hidden-campaigns';
import type { CampaignState } from '../db/journal';
import type { Db } from '../db/open';

/** How long a planner vouches for its campaign past each step (as an import's lease). */
const LEASE_MS = 10 * 60_000;

function campaignGone(): AppError {
  return new AppError('campaign.planning_removed', {
    zh: '规划中的群发被另一个程序当作中断的规划删除了，没有发送任何短信。请重新创建。',
    en: 'The campaign being planned was removed by another program as an interrupted plan; nothing was sent. Create it again.',
  });
}

export class HiddenCampaign {
  readonly id: number;
  private readonly owner = ownerId();
  private readonly q: HiddenCampaignQueries;

  /** `insert` writes the campaign row and returns its id, in one transaction with its hiding. */
  constructor(db: Db, insert: () => number) {
    this.q = hiddenCampaignQueries(db);
    this.id = db.transaction(() => {
      const id = insert();
      this.q.hide(id, this.owner, Date.now() + LEASE_MS);
      return id;
    })();
  }

  /** In each of the planner's transactions: the lease renewed, or an error if the campaign is gone. */
  step(): void {
    if (!this.q.renew(this.id, this.owner, Date.now() + LEASE_MS)) throw campaignGone();
  }

  /** In the planner's last transaction: the campaign becomes visible, in the state it starts in. */
  reveal(state: CampaignState): void {
    if (!this.q.reveal(this.id, this.owner, state)) throw campaignGone();
  }

  /** Deletes the campaign, a page of rows per statement, yielding between pages. */
  remove(): Promise<void> {
    return removeHidden(this.q, this.id, this.owner);
  }
}

/** Deletes the hidden campaigns of planners whose process is gone (a crash mid-plan). */
export function removeAbandonedCampaigns(db: Db, now = Date.now()): number {
  return removeAbandoned(hiddenCampaignQueries(db), now);
}
