// Scheduled campaigns start at their time, also after a restart. One that came due while
// Qunfa was closed is not sent late silently: it pauses and asks.
import { journalQueries } from '../db/journal';
import type { Db } from '../db/open';
import type { Dispatcher } from './dispatcher';
import { REASONS } from './reasons';

/** How late a due campaign may still start by itself. */
export const GRACE_MS = 5 * 60_000;
const TICK_MS = 10_000;

export class CampaignSchedule {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly dispatcher: Dispatcher,
    private readonly onError: (campaignId: number, err: unknown) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Starts due campaigns; pauses the missed ones. Returns the ids it started. */
  tick(): number[] {
    const journal = journalQueries(this.db);
    const now = this.now().getTime();
    const started: number[] = [];
    for (const c of journal.campaignsIn('scheduled')) {
      const at = c.scheduled_at ? Date.parse(c.scheduled_at) : now;
      if (at > now) continue;
      if (now - at > GRACE_MS) {
        journal.setCampaignState(c.id, 'paused', JSON.stringify(REASONS.missedSchedule));
        continue;
      }
      started.push(c.id);
      this.dispatcher.send(c.id).catch((err: unknown) => this.onError(c.id, err));
    }
    return started;
  }
}
