// Per-account pacing shared by every campaign on the account: at most `concurrency`
// requests in flight and at most `ratePerSecond` requests started per second.
export class AccountGate {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(
    private readonly concurrency: number,
    private readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when a request may start; call the returned release when it is done. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.inFlight >= this.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
    const interval = 1000 / this.ratePerSecond;
    const at = Math.max(this.now(), this.nextStart);
    this.nextStart = at + interval;
    const wait = at - this.now();
    if (wait > 0) await delay(wait, signal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.waiting.shift()?.();
    };
  }
}

/** A timer that an AbortSignal cuts short. Used for pacing and backoff, never in tests to wait for events. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
