// One scheduler for all polling. Per account and kind (receipts, replies): call the
// provider's pull until it has no more (respecting the document's page size and least
// interval, e.g. smsadmin 20 per call, 5 s apart), back off while idle, stop polling
// receipts when no message awaits one, and persist the next run time.
import type { Db } from '../db/open';
import { pollQueries, type PollKind } from '../db/polls';
import type { HttpOptions } from '../providers/http';
import { createDriver } from '../providers/registry';
import type { Driver, PullPage } from '../providers/types';
import type { AccountService } from '../services/accounts';
import { delay } from '../campaigns/gate';
import type { ReceiptStore } from './store';

export interface PollResult {
  receipts: number;
  replies: number;
  calls: number;
}

export interface PollerOptions {
  /** Longest wait between polls of an idle account. */
  maxIdleMs?: number;
  /** Replies are polled for accounts that sent within this window. */
  replyWindowMs?: number;
  /** Messages with no receipt after this many hours become expired. */
  expireHours?: number;
  http?: HttpOptions;
  now?: () => Date;
  /** The wait between two pulls, from the documented least interval (tests shorten it). */
  pace?: (documentedMs: number) => number;
}

export class ReceiptPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly stopper = new AbortController();
  private readonly q;
  private readonly opts: Required<Omit<PollerOptions, 'http'>> & { http?: HttpOptions };

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountService,
    private readonly store: ReceiptStore,
    options: PollerOptions = {},
  ) {
    this.q = pollQueries(db);
    this.opts = { maxIdleMs: 10 * 60_000, replyWindowMs: 7 * 24 * 3600_000, expireHours: 72, now: () => new Date(), pace: (ms) => ms, ...options };
  }

  /** Pulls one account until the provider has nothing more (each kind it pulls). */
  async drain(accountId: number, kinds: PollKind[] = ['receipts', 'replies'], signal?: AbortSignal): Promise<PollResult> {
    const result: PollResult = { receipts: 0, replies: 0, calls: 0 };
    const account = this.accounts.find(accountId);
    const driver = createDriver(this.accounts.config(account), this.opts.http);
    try {
      for (const kind of kinds) {
        const n = await this.drainKind(driver, accountId, kind, result, signal);
        if (kind === 'receipts') result.receipts += n;
        else result.replies += n;
      }
    } finally {
      await driver.close();
    }
    return result;
  }

  private async drainKind(driver: Driver, accountId: number, kind: PollKind, result: PollResult, signal?: AbortSignal): Promise<number> {
    if (kind === 'receipts') {
      const pull = driver.pullReceipts?.bind(driver);
      if (!pull || !driver.capabilities.receipts.pull) return 0;
      return this.pages(pull, (items) => this.store.ingestReceipts(accountId, items), driver.capabilities.receipts.pull.minIntervalMs, result, signal);
    }
    const pull = driver.pullReplies?.bind(driver);
    if (!pull || !driver.capabilities.replies.pull) return 0;
    return this.pages(pull, (items) => this.store.ingestReplies(accountId, items), driver.capabilities.replies.pull.minIntervalMs, result, signal);
  }

  /** Calls `pull` until the provider has no more, storing each page before the next call. */
  private async pages<T>(pull: (signal?: AbortSignal) => Promise<PullPage<T>>, store: (items: T[]) => void, intervalMs: number, result: PollResult, signal?: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      const page = await pull(signal);
      result.calls++;
      // Stored before the next call: a provider hands each report out only once.
      store(page.items);
      total += page.items.length;
      if (!page.more || signal?.aborted) return total;
      await delay(this.opts.pace(intervalMs), signal);
    }
  }

  /** Which accounts and kinds are due now. */
  private due(now: number): { accountId: number; kind: PollKind; interval: number }[] {
    const out: { accountId: number; kind: PollKind; interval: number }[] = [];
    const since = new Date(now - this.opts.replyWindowMs).toISOString();
    for (const a of this.accounts.list()) {
      const caps = this.accounts.providers().find((c) => c.provider === a.provider);
      if (!caps) continue;
      const wants: [PollKind, number | undefined, boolean][] = [
        ['receipts', caps.receipts.pull?.minIntervalMs, this.store.awaitingReceipts(a.id) > 0],
        ['replies', caps.replies.pull?.minIntervalMs, this.q.sentSince(a.id, since)],
      ];
      for (const [kind, interval, wanted] of wants) {
        if (interval === undefined || !wanted) continue;
        const state = this.q.get(a.id, kind);
        if (!state || state.next_run_at <= now) out.push({ accountId: a.id, kind, interval });
      }
    }
    return out;
  }

  /** One pass: drains every due account and schedules its next run. */
  async runDue(): Promise<PollResult> {
    const total: PollResult = { receipts: 0, replies: 0, calls: 0 };
    const now = this.opts.now().getTime();
    this.store.expire(this.opts.expireHours);
    for (const job of this.due(now)) {
      let got = 0;
      try {
        const r = await this.drain(job.accountId, [job.kind], this.stopper.signal);
        got = r.receipts + r.replies;
        total.receipts += r.receipts;
        total.replies += r.replies;
        total.calls += r.calls;
      } catch {
        // A failed poll (network, auth) is retried at the idle pace; nothing is lost.
      }
      const idle = got > 0 ? 0 : (this.q.get(job.accountId, job.kind)?.idle_runs ?? 0) + 1;
      const wait = got > 0 ? job.interval : Math.min(this.opts.maxIdleMs, Math.max(job.interval, 15_000) * 2 ** Math.min(idle, 10));
      this.q.set(job.accountId, job.kind, this.opts.now().getTime() + wait, idle);
    }
    return total;
  }

  start(everyMs = 5_000): void {
    if (this.timer) return;
    const tick = (): void => {
      if (this.running) return;
      this.running = this.runDue()
        .then(() => undefined)
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
    tick();
  }

  /** Resolves when no poll is in flight (tests await this instead of sleeping). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopper.abort();
    await this.whenIdle();
  }
}
