// Sending. For each submission: write it 'submitting' durably (synchronous=FULL, in
// windows: see durable.ts) BEFORE the request leaves, wait for the account's pace, send,
// then record the answer.
// By the error's class: retry → back to planned, backoff, same submission again (it was
// never accepted); recipient → those messages rejected; request → pause and say why;
// unknown → those messages unknown, never resent automatically.
import { AppError } from '../../shared/errors';
import type { CampaignProgress, MessageState } from '../../shared/views';
import type { CoreEvents } from '../core/events';
import { ownerId } from '../core/leases';
import type { Platform } from '../core/platform';
import { journalQueries, type AnswerRecord, type CampaignRow, type JournalMessage, type SubmissionRow } from '../db/journal';
import type { AccountRow } from '../db/accounts';
import type { Db } from '../db/open';
import { info, ProviderError } from '../providers/errors';
import type { HttpOptions } from '../providers/http';
import { createDriver } from '../providers/registry';
import type { Driver, OutboundMessage, SendOutcome } from '../providers/types';
import { beijingTime } from '../providers/util';
import type { ReceiptStore } from '../receipts/store';
import type { AccountService } from '../services/accounts';
import { answerDelayMs, GroupCommit, markWindow, SubmittingMarks } from './durable';
import { AccountGate, delay } from './gate';
import { installId } from './keys';
import { Outbound } from './outbound';
import { planSubmissions } from './plan-writer';
import { providerReason, REASONS, type PauseReason } from './reasons';
import { stuckToUnknown } from './recovery';

export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** Attempts of one submission before the campaign pauses. */
  maxAttempts: number;
}

export interface DispatcherDeps {
  db: Db;
  accounts: AccountService;
  receipts: ReceiptStore;
  events: CoreEvents;
  platform: Platform;
  now?: () => Date;
  backoff?: Partial<Backoff>;
  http?: HttpOptions;
}

export interface RunEnd {
  campaignId: number;
  state: 'done' | 'paused' | 'cancelled';
  reason: PauseReason | null;
  counts: Partial<Record<MessageState, number>>;
}

const LEASE_MS = 60_000;
const PROGRESS_EVERY_MS = 500;
/** How often, at most, a run looks whether another process paused or cancelled it. */
const OUTSIDE_LOOK_MS = 1;

export class Dispatcher {
  readonly owner = ownerId();
  private readonly runs = new Map<number, CampaignRun>();
  private readonly gates = new Map<number, AccountGate>();
  private readonly backoff: Backoff;
  private readonly marks: SubmittingMarks;

  constructor(private readonly deps: DispatcherDeps) {
    this.backoff = { baseMs: 1000, maxMs: 60_000, maxAttempts: 6, ...deps.backoff };
    this.marks = new SubmittingMarks(deps.db, journalQueries(deps.db), deps.now ?? (() => new Date()));
  }

  isRunning(campaignId: number): boolean {
    return this.runs.has(campaignId);
  }

  /** Campaigns this process is sending now. */
  running(): number[] {
    return [...this.runs.keys()];
  }

  /** Starts (or resumes) sending; the promise settles when the campaign is done, paused or cancelled. */
  send(campaignId: number): Promise<RunEnd> {
    const existing = this.runs.get(campaignId);
    if (existing) return existing.done;
    const run = new CampaignRun(campaignId, this.deps, this.backoff, this.owner, (accountId, concurrency, rate) => {
      let gate = this.gates.get(accountId);
      if (!gate) this.gates.set(accountId, (gate = new AccountGate(concurrency, rate)));
      return gate;
    }, this.marks);
    this.runs.set(campaignId, run);
    run.done = run.start().finally(() => this.runs.delete(campaignId));
    return run.done;
  }

  pause(campaignId: number): boolean {
    const run = this.runs.get(campaignId);
    run?.stop('pause');
    return run !== undefined;
  }

  cancel(campaignId: number): boolean {
    const run = this.runs.get(campaignId);
    run?.stop('cancel');
    return run !== undefined;
  }

  /** On quit: stop taking new submissions, let those in flight finish (they are answered, not abandoned). */
  async stopAll(): Promise<void> {
    const pending = [...this.runs.values()].map((r) => {
      r.stop('pause');
      return r.done.catch(() => undefined);
    });
    await Promise.all(pending);
  }
}

/** A submission durably 'submitting' and the messages its request carries (null: not read yet). */
interface Ready {
  sub: SubmissionRow;
  rows: JournalMessage[] | null;
}

/**
 * About how many messages one read fetches for the submissions next in line: one
 * statement for a window of one-message submissions (创瑞, smscn), one per submission for
 * those of hundreds, whose read is then spread between requests rather than stalling
 * them all at the start of a window.
 */
const READ_AHEAD_MESSAGES = 256;

/** An answer waiting for its commit. */
interface Answered extends AnswerRecord {
  accountId: number;
  /** Some message of the submission is not in the answer: those become unknown. */
  unmentioned: boolean;
}

const UNMENTIONED = '服务商的应答没有提到此号码，无法确定是否已发送 / The answer did not mention this number; outcome unknown';

/** Each message's outcome as the journal records it. */
function outcomesOf(outcome: SendOutcome): NonNullable<AnswerRecord['outcomes']> {
  return outcome.messages.map((m) => ({
    id: Number(m.ref),
    state: m.status,
    providerMsgId: m.providerMessageId ?? null,
    code: m.error?.code ?? null,
    errorText: m.error ? `${m.error.code} ${m.error.text}`.trim() : null,
  }));
}

/** Whether the answer has an outcome for every message sent (then none is left to call unknown). */
function mentionsAll(outcome: SendOutcome, rows: JournalMessage[]): boolean {
  const refs = new Set(outcome.messages.map((m) => m.ref));
  return rows.every((r) => refs.has(String(r.id)));
}

/** A journal row as the driver is given it: the ref is the message id. */
function outboundOf(r: JournalMessage): OutboundMessage {
  return new Outbound(r.id, r.mobile, r.text, r.vals);
}

/** Whether the answer accepts exactly these messages, none with an id, code or error of its own. */
function acceptedAsOne(outcome: SendOutcome, rows: JournalMessage[]): boolean {
  if (outcome.messages.length !== rows.length) return false;
  const plain = (m: SendOutcome['messages'][number]): boolean => m.status === 'submitted' && !m.providerMessageId && !m.error;
  // Drivers answer in the submission's order: matched in order first, by a set only if not.
  if (outcome.messages.every((m, i) => plain(m) && m.ref === String(rows[i].id))) return true;
  const ids = new Set(rows.map((r) => String(r.id)));
  return outcome.messages.every((m) => plain(m) && ids.delete(m.ref));
}

class CampaignRun {
  done!: Promise<RunEnd>;
  private campaign!: CampaignRow;
  private readonly journal;
  private readonly now: () => Date;
  private readonly drivers = new Map<number, Driver>();
  private readonly queue: SubmissionRow[] = [];
  private readonly claimed = new Set<number>();
  /** Durably 'submitting', request not started yet: a clean stop puts them back to planned. */
  private readonly marked: Ready[] = [];
  private marking: Promise<boolean> | null = null;
  /** Messages per submission at the last read (see readAhead); the first read is of one submission. */
  private messagesPerSubmission = READ_AHEAD_MESSAGES;
  private window = 1;
  /** Answers share (NORMAL) commits; a worker does not wait for its answer's commit. */
  private answers!: GroupCommit;
  private readonly recording = new Set<Promise<void>>();
  /** Answers waiting for the answers commit, and that commit (see recordAnswer()). */
  private answerGroup: Answered[] | null = null;
  private answerCommit: Promise<Map<Answered, unknown>> = Promise.resolve(new Map());
  private othersVersion = -1;
  private lastOutsideLook = -Infinity;
  private readonly accountRows = new Map<number, AccountRow>();
  private stopping: 'pause' | 'cancel' | null = null;
  private reason: PauseReason | null = null;
  private readonly wake = new AbortController();
  private lastProgress = 0;
  private lastSent = { at: 0, count: 0 };
  private rate = 0;

  constructor(
    private readonly id: number,
    private readonly deps: DispatcherDeps,
    private readonly backoff: Backoff,
    private readonly owner: string,
    private readonly gateFor: (accountId: number, concurrency: number, rate: number) => AccountGate,
    private readonly marks: SubmittingMarks,
  ) {
    this.journal = journalQueries(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  stop(how: 'pause' | 'cancel'): void {
    if (this.stopping !== 'cancel') this.stopping = how;
    if (how === 'pause' && !this.reason) this.reason = REASONS.user;
    this.wake.abort();
  }

  async start(): Promise<RunEnd> {
    const campaign = this.journal.campaign(this.id);
    if (!campaign) throw new AppError('campaign.not_found', { zh: `找不到群发 ${this.id}。`, en: `No campaign ${this.id}.` });
    if (campaign.state === 'done' || campaign.state === 'cancelled') {
      return { campaignId: this.id, state: campaign.state, reason: null, counts: this.journal.counts(this.id) };
    }
    // What a run reads of its campaign (template, kind, schedule) does not change while it
    // runs; only the state is read again, in checkOutside.
    this.campaign = campaign;
    if (!this.journal.takeLease(this.id, this.owner, Date.now() + LEASE_MS, Date.now())) {
      throw new AppError('campaign.busy', {
        zh: '另一个群发程序（桌面版或命令行）正在发送这个群发，为避免重复发送，此处不会同时发送。',
        en: 'Another Qunfa process (the app or the CLI) is sending this campaign; it will not be sent from here at the same time, so nothing goes out twice.',
      });
    }
    const renew = setInterval(() => this.journal.takeLease(this.id, this.owner, Date.now() + LEASE_MS, Date.now()), LEASE_MS / 3);
    renew.unref();
    const awake = this.deps.platform.keepAwake('sending');
    // With the lease held no other run sends this campaign: a submission still
    // 'submitting' was left by one that ended badly, and may have reached the provider.
    this.deps.db.transaction(() => stuckToUnknown(this.journal, this.id, this.now()))();
    this.journal.setCampaignState(this.id, 'sending');
    this.journal.setStarted(this.id, this.now().toISOString());
    this.deps.events.emit('data.changed', { what: 'campaigns' });
    try {
      const account = this.deps.accounts.find(campaign.account_id);
      this.window = markWindow(account.rate_per_second);
      this.answers = new GroupCommit(this.deps.db, false, answerDelayMs(account.rate_per_second));
      // An unexpected error in one worker stops them all (nothing more leaves) and
      // pauses the campaign with its message; the run still ends in order below.
      const workers = Array.from({ length: account.concurrency }, () =>
        this.worker().catch((err: unknown) => this.stopOnError(err)),
      );
      await Promise.all(workers);
      await Promise.all(this.recording);
      this.unmarkUnsent();
      return this.finish();
    } finally {
      clearInterval(renew);
      awake();
      this.journal.dropLease(this.id, this.owner);
      await Promise.all([...this.drivers.values()].map((d) => d.close()));
      this.deps.events.emit('data.changed', { what: 'campaigns' });
    }
  }

  private finish(): RunEnd {
    const at = this.now().toISOString();
    let state: RunEnd['state'];
    if (this.stopping === 'cancel') {
      this.journal.cancelPlanned(this.id, at);
      this.journal.setFinished(this.id, 'cancelled', at);
      state = 'cancelled';
    } else if (this.stopping === 'pause' || this.reason) {
      this.journal.setCampaignState(this.id, 'paused', JSON.stringify(this.reason ?? REASONS.user));
      state = 'paused';
    } else {
      this.journal.setFinished(this.id, 'done', at);
      state = 'done';
    }
    const counts = this.journal.counts(this.id);
    this.emitProgress(true);
    if (state !== 'paused' || this.reason?.code !== 'user') {
      this.deps.platform.notify(
        state === 'done' ? '群发完成 Campaign done' : state === 'cancelled' ? '群发已取消 Campaign cancelled' : '群发已暂停 Campaign paused',
        `${this.campaign.name}: ${counts.submitted ?? 0} 已发送 sent, ${(counts.unknown ?? 0) + (counts.rejected ?? 0)} 待处理 to check`,
      );
    }
    return { campaignId: this.id, state, reason: state === 'paused' ? (this.reason ?? REASONS.user) : null, counts };
  }

  /** The next submission to send, already durably 'submitting'; undefined when none is left. */
  private async next(): Promise<{ sub: SubmissionRow; rows: JournalMessage[] } | undefined> {
    for (;;) {
      const ready = this.marked.shift();
      if (ready) return { sub: ready.sub, rows: ready.rows ?? this.readAhead(ready) };
      if (this.stopping) return undefined;
      // One marking at a time per run: workers arriving meanwhile wait for its window.
      this.marking ??= this.markAhead().finally(() => (this.marking = null));
      if (!(await this.marking) && this.marked.length === 0) return undefined;
    }
  }

  /** Marks the next window of planned submissions in one durable commit; false when none is left. */
  private async markAhead(): Promise<boolean> {
    const taken: SubmissionRow[] = [];
    for (let sub = this.take(); sub; sub = taken.length < this.window ? this.take() : undefined) taken.push(sub);
    if (taken.length === 0) return false;
    const marked = await this.marks.mark(taken.map((s) => s.id));
    taken.forEach((sub, i) => {
      if (marked[i]) this.marked.push({ sub, rows: null });
      else this.claimed.delete(sub.id);
    });
    return true;
  }

  /**
   * Reads the messages of this submission and of those next in line not read yet, in one
   * statement. Read after the mark: from then on nothing else changes them until the answer.
   */
  private readAhead(first: Ready): JournalMessage[] {
    const count = Math.max(1, Math.floor(READ_AHEAD_MESSAGES / this.messagesPerSubmission));
    const batch = [first, ...this.marked.filter((r) => r.rows === null).slice(0, count - 1)];
    const rows = this.journal.messagesOfMany(batch.map((r) => r.sub.id));
    let read = 0;
    for (const r of batch) {
      r.rows = rows.get(r.sub.id) ?? [];
      read += r.rows.length;
    }
    this.messagesPerSubmission = Math.max(1, read / batch.length);
    return first.rows ?? [];
  }

  private take(): SubmissionRow | undefined {
    if (this.queue.length === 0) {
      for (const s of this.journal.plannedSubmissions(this.id, 256)) if (!this.claimed.has(s.id)) this.queue.push(s);
    }
    const sub = this.queue.shift();
    if (sub) this.claimed.add(sub.id);
    return sub;
  }

  /** After the workers: marks whose requests never started are undone, so nothing is left 'submitting'. */
  private unmarkUnsent(): void {
    const unsent = this.marked.splice(0);
    if (unsent.length === 0) return;
    this.deps.db.transaction(() => unsent.forEach(({ sub }) => this.journal.unmarkSubmitting(sub.id)))();
    unsent.forEach(({ sub }) => this.claimed.delete(sub.id));
  }

  /**
   * Another process (the app, the CLI) may pause or cancel this campaign by its state.
   * Read only when another process has committed since the last look, and that looked at
   * most once a millisecond: the look (PRAGMA data_version) costs ~5 µs, as much as a
   * quarter of a loopback request, and a pause seen 1 ms later changes nothing.
   */
  private checkOutside(): void {
    const nowMs = performance.now();
    if (nowMs - this.lastOutsideLook < OUTSIDE_LOOK_MS) return;
    this.lastOutsideLook = nowMs;
    const version = this.journal.othersVersion();
    if (version === this.othersVersion) return;
    this.othersVersion = version;
    const state = this.journal.campaignState(this.id);
    if (state === 'paused') this.stop('pause');
    else if (state === 'cancelled') this.stop('cancel');
  }

  /** Accounts as this run found them (their pace is fixed in their gate for the run anyway). */
  private account(id: number): AccountRow {
    let row = this.accountRows.get(id);
    if (!row) this.accountRows.set(id, (row = this.deps.accounts.find(id)));
    return row;
  }

  private async worker(): Promise<void> {
    while (!this.stopping) {
      this.checkOutside();
      if (this.stopping) return;
      const ready = await this.next();
      if (!ready) return;
      const { sub } = ready;
      const account = this.account(sub.account_id);
      const gate = this.gateFor(account.id, account.concurrency, account.rate_per_second);
      const release = await gate.acquire(this.wake.signal);
      if (this.stopping) {
        // Marked but not started: undone with the rest of the window when the run ends.
        this.marked.unshift(ready);
        release();
        return;
      }
      try {
        const retryIn = await this.sendOne(sub, ready.rows);
        if (retryIn !== null) await delay(retryIn, this.wake.signal);
      } finally {
        release();
        this.claimed.delete(sub.id);
      }
    }
  }

  private driverFor(accountId: number): Driver {
    let driver = this.drivers.get(accountId);
    if (!driver) {
      driver = createDriver(this.deps.accounts.config(this.deps.accounts.find(accountId)), this.deps.http);
      this.drivers.set(accountId, driver);
    }
    return driver;
  }

  /** Sends one submission; returns a backoff delay when it should be retried, else null. */
  private async sendOne(sub: SubmissionRow, rows: JournalMessage[]): Promise<number | null> {
    const campaign = this.campaign;
    if (rows.length === 0) {
      // Nothing of it is left to send (its messages settled elsewhere): it never leaves.
      this.journal.answerSubmission(sub.id, 'refused', null, { class: 'empty', code: '', text: 'no messages left to send' }, this.now().toISOString());
      return null;
    }
    const messages = rows.map(outboundOf);
    const driver = this.driverFor(sub.account_id);
    const sendAt = campaign.provider_schedule && campaign.scheduled_at ? beijingTime(new Date(campaign.scheduled_at), 'yyyy-MM-dd HH:mm:ss') : undefined;
    // The submission is durably 'submitting' (next() marked it): after a crash it says "may have been sent".

    let outcome: SendOutcome;
    try {
      // No abort signal: a request is never cut off mid-flight (that would make it unknown).
      outcome = await driver.send(
        { form: sub.form, messages },
        { kind: campaign.kind, template: campaign.template_body, providerTemplateId: campaign.provider_template_id ?? undefined, sendAt, submissionKey: sub.key },
      );
    } catch (err) {
      return this.failed(sub, err, driver);
    }
    this.record(this.answered(sub, outcome, rows));
    return null;
  }

  /** An unexpected error (not a provider's answer): nothing more leaves, the campaign pauses saying why. */
  private stopOnError(err: unknown): void {
    this.reason ??= { ...REASONS.internal, providerText: err instanceof Error ? err.message : String(err) };
    this.stop('pause');
  }

  /** Keeps an answer's recording until the run ends; one that fails stops the run. */
  private record(recording: Promise<void>): void {
    const tracked = recording.catch((err: unknown) => this.stopOnError(err));
    this.recording.add(tracked);
    void tracked.finally(() => this.recording.delete(tracked));
  }

  private async answered(sub: SubmissionRow, outcome: SendOutcome, rows: JournalMessage[]): Promise<void> {
    // The usual answer, every message accepted with nothing of its own: its messages are
    // one statement with the others of its commit, not one per message.
    const uniform = acceptedAsOne(outcome, rows);
    await this.recordAnswer({
      id: sub.id,
      accountId: sub.account_id,
      batchId: outcome.providerBatchId,
      at: this.now().toISOString(),
      messages: rows.length,
      outcomes: uniform ? null : outcomesOf(outcome),
      unmentioned: !uniform && !mentionsAll(outcome, rows),
    });
    this.emitProgress();
  }

  /**
   * Queues an answer for the next answers commit, where all those queued are recorded
   * together; resolves once that commit has returned, rejects if this answer could not
   * be recorded.
   */
  private async recordAnswer(answer: Answered): Promise<void> {
    if (!this.answerGroup) {
      // The group is fixed in the closure: if the commit is retried piece by piece, this
      // piece records the same answers again.
      const group: Answered[] = [];
      this.answerGroup = group;
      let attempts = 0;
      this.answerCommit = this.answers.run(() => {
        if (this.answerGroup === group) this.answerGroup = null;
        return this.recordGroup(group, attempts++ > 0);
      });
    }
    this.answerGroup.push(answer);
    const failed = await this.answerCommit;
    if (failed.has(answer)) throw failed.get(answer);
  }

  /**
   * Records answers set-based; returns those that failed, each with its error. First as
   * one piece of the answers commit, with no savepoint of its own (a savepoint keeps a copy
   * of every page it changes: ~10% more per message). If anything in that commit throws,
   * GroupCommit runs each piece again alone (`again`): then each answer in a savepoint,
   * so that only the one at fault fails.
   */
  private recordGroup(group: Answered[], again: boolean): Map<Answered, unknown> {
    const record = (answers: Answered[]): void => {
      this.journal.recordAnswers(answers);
      for (const a of answers) {
        // A message the answer does not mention: we cannot know what happened to it.
        if (a.unmentioned) this.journal.allMessagesOf(a.id, 'unknown', UNMENTIONED, a.at);
        // Receipts that arrived before this answer was committed can match now.
        if (a.batchId) this.deps.receipts.rematch(a.accountId, a.batchId);
      }
    };
    const failed = new Map<Answered, unknown>();
    if (!again) {
      record(group);
      return failed;
    }
    const alone = this.deps.db.transaction((a: Answered) => record([a]));
    for (const a of group) {
      try {
        alone(a);
      } catch (err) {
        failed.set(a, err);
      }
    }
    return failed;
  }

  private failed(sub: SubmissionRow, err: unknown, driver: Driver): number | null {
    const e =
      err instanceof ProviderError
        ? err
        : new ProviderError(
            driver.capabilities.provider,
            '',
            err instanceof Error ? err.message : String(err),
            info('unknown', '发送时出现内部错误，无法确定是否已发出。请核对后决定是否重发。', 'An internal error happened while sending; whether it went out is unknown. Check before resending.'),
            { cause: err },
          );
    const at = this.now().toISOString();
    const errorText = `${e.code ? e.code + ' ' : ''}${e.text}`.trim();
    switch (e.errorClass) {
      case 'retry': {
        this.journal.backToPlanned(sub.id, e.code, e.text, at);
        const attempts = sub.attempts + 1;
        if (this.failover(sub, attempts, at)) return null;
        if (attempts >= this.backoff.maxAttempts) {
          this.reason = { ...REASONS.retriesExhausted, providerCode: e.code, providerText: e.text };
          this.stopping = 'pause';
          return null;
        }
        this.emitProgress();
        return Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** (attempts - 1));
      }
      case 'recipient':
        this.deps.db.transaction(() => {
          this.journal.answerSubmission(sub.id, 'refused', null, { class: e.errorClass, code: e.code, text: e.text }, at);
          this.journal.allMessagesOf(sub.id, 'rejected', errorText, at);
        })();
        this.emitProgress();
        return null;
      case 'request':
        this.journal.backToPlanned(sub.id, e.code, e.text, at);
        this.reason = providerReason(e);
        this.stopping = this.stopping ?? 'pause';
        this.wake.abort();
        return null;
      case 'unknown':
        this.deps.db.transaction(() => {
          this.journal.answerSubmission(sub.id, 'unknown', null, { class: e.errorClass, code: e.code, text: e.text }, at);
          this.journal.allMessagesOf(sub.id, 'unknown', `${e.explain.zh} / ${e.explain.en} (${errorText})`, at);
        })();
        this.emitProgress();
        return null;
    }
  }

  /**
   * After a second failed attempt that was never accepted, a submission moves to the
   * account's backup account (if the user set one): its messages are re-planned there.
   */
  private failover(sub: SubmissionRow, attempts: number, at: string): boolean {
    const account = this.deps.accounts.find(sub.account_id);
    if (attempts < 2 || account.backup_account_id === null) return false;
    const backup = this.deps.accounts.find(account.backup_account_id);
    const campaign = this.campaign;
    this.deps.db.transaction(() => {
      const rows = this.journal.moveSubmission(sub.id, `moved to backup account ${backup.name}`, at);
      planSubmissions(this.journal, this.driverFor(backup.id), rows.map(outboundOf), {
        install: installId(this.deps.db),
        campaignId: this.id,
        accountId: backup.id,
        template: campaign.template_body,
        kind: campaign.kind,
        providerTemplateId: campaign.provider_template_id ?? undefined,
        firstSeq: this.journal.submissionCount(this.id),
      });
    })();
    return true;
  }

  private emitProgress(force = false): void {
    const nowMs = Date.now();
    if (!force && nowMs - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = nowMs;
    const counts = this.journal.counts(this.id);
    const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
    const sent = total - (counts.planned ?? 0) - (counts.submitting ?? 0);
    if (this.lastSent.at > 0 && nowMs > this.lastSent.at) {
      const instant = ((sent - this.lastSent.count) * 1000) / (nowMs - this.lastSent.at);
      this.rate = this.rate === 0 ? instant : 0.7 * this.rate + 0.3 * instant;
    }
    this.lastSent = { at: nowMs, count: sent };
    const left = (counts.planned ?? 0) + (counts.submitting ?? 0);
    const progress: CampaignProgress = { campaignId: this.id, counts, total, rate: Math.round(this.rate * 10) / 10, secondsLeft: this.rate > 0 ? Math.ceil(left / this.rate) : null };
    this.deps.events.emit('campaign.progress', progress);
  }
}
