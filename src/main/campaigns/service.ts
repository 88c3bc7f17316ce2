// Campaigns for every entry point: create (plan into the journal), send, pause, resume,
// cancel, resend what failed or is unknown, mark unknown as sent, and read back.
import { AppError } from '../../shared/errors';
import { explainStatus } from '../../shared/status-codes';
import type { Bilingual } from '../../shared/providers';
import type { CampaignCreated, CampaignDetail, CampaignView, MessageHistory, MessageRow, MessageState, Page, UnknownCheck } from '../../shared/views';
import type { CoreEvents } from '../core/events';
import { campaignViewQueries, toMessageRow, type MessageFilter } from '../db/campaign-views';
import { journalQueries, type CampaignRow } from '../db/journal';
import type { Db } from '../db/open';
import { overviewQueries } from '../db/overview';
import type { AccountService } from '../services/accounts';
import type { Dispatcher, RunEnd } from './dispatcher';
import { removeAbandonedCampaigns } from './hidden-campaign';
import { planCampaign, type CampaignDraft } from './planner';
import { planResend, type ResendWhich } from './resend';
import { parseReason, REASONS } from './reasons';

const E4 = 10_000;

/** 'YYYY-MM-DD HH:mm[:ss]' in Beijing time → the instant. */
export function parseBeijing(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) throw new AppError('campaign.bad_time', { zh: `时间格式应为 2026-12-01 09:00：${text}`, en: `Time must look like 2026-12-01 09:00: ${text}` });
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h) - 8, Number(mi), Number(s ?? 0)));
}

/** Appended to a message's error text when the provider's send records settle it. */
const SETTLED_NOTE = {
  submitted: ' [服务商发送记录：已提交 the provider’s send records: submitted]',
  rejected: ' [服务商发送记录：提交失败 the provider’s send records: not submitted]',
} as const;

function noSendRecords(provider: Bilingual, account: string): AppError {
  return new AppError('campaigns.no_send_records', {
    zh: `${provider.zh}不提供发送记录，账户“${account}”的未知消息无法自动核对。请在服务商后台查看后，选择“重发”或“标记为已发送”。`,
    en: `${provider.en} offers no send records, so the unknown messages of account "${account}" cannot be checked automatically. Check in the provider's console, then resend them or mark them as sent.`,
  });
}

export class CampaignService {
  private readonly journal;
  private readonly views;
  private readonly overview;

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountService,
    private readonly dispatcher: Dispatcher,
    private readonly events: CoreEvents,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.journal = journalQueries(db);
    this.views = campaignViewQueries(db);
    this.overview = overviewQueries(db);
    // Campaigns a crashed planner left hidden, half written: no one will reveal them.
    removeAbandonedCampaigns(db);
  }

  private row(id: number): CampaignRow {
    const row = this.journal.campaign(id);
    if (!row) throw new AppError('campaign.not_found', { zh: `找不到群发 ${id}。`, en: `No campaign ${id}.` });
    return row;
  }

  list(): CampaignView[] {
    return this.overview.campaigns();
  }

  view(id: number): CampaignView {
    const v = this.overview.campaign(id);
    if (!v) throw new AppError('campaign.not_found', { zh: `找不到群发 ${id}。`, en: `No campaign ${id}.` });
    return v;
  }

  /** Plans the campaign (nothing is sent), telling `campaign.planning` how far it is. */
  async create(draft: CampaignDraft): Promise<CampaignCreated> {
    const result = await planCampaign(this.db, this.accounts, draft, {
      now: this.now(),
      progress: (done, of) => this.events.emit('campaign.planning', { listId: draft.listId, accountId: draft.accountId, done, of }),
    });
    this.events.emit('data.changed', { what: 'campaigns' });
    return { campaign: this.view(result.campaignId), planned: result.planned, rejected: result.rejected, skippedOptedOut: result.skippedOptedOut, submissions: result.submissions };
  }

  /** Starts sending in the background; `wait` resolves when it ends. */
  send(id: number): { started: CampaignView; wait: Promise<RunEnd> } {
    const row = this.row(id);
    if (row.state === 'done' || row.state === 'cancelled') {
      throw new AppError('campaign.finished', { zh: '这个群发已经结束。', en: 'This campaign has ended.' });
    }
    const wait = this.dispatcher.send(id);
    // The run marks itself 'sending' synchronously up to its first await.
    return { started: this.view(id), wait };
  }

  pause(id: number): CampaignView {
    const row = this.row(id);
    // Sending in another process: it sees the state and stops after its requests in flight.
    if (!this.dispatcher.pause(id) && (row.state === 'scheduled' || row.state === 'draft' || row.state === 'sending')) {
      this.journal.setCampaignState(id, 'paused', JSON.stringify(REASONS.user));
    }
    this.events.emit('data.changed', { what: 'campaigns' });
    return this.view(id);
  }

  /** Cancel stops what has not left; it never pretends to recall what has. */
  cancel(id: number): CampaignView {
    const row = this.row(id);
    if (!this.dispatcher.cancel(id) && row.state === 'sending') {
      this.journal.setCampaignState(id, 'cancelled');
    } else if (!this.dispatcher.isRunning(id) && row.state !== 'done' && row.state !== 'cancelled') {
      const at = this.now().toISOString();
      this.db.transaction(() => {
        this.journal.cancelPlanned(id, at);
        this.journal.setFinished(id, 'cancelled', at);
      })();
    }
    this.events.emit('data.changed', { what: 'campaigns' });
    return this.view(id);
  }

  /**
   * A new campaign that sends again the messages of this one in `which` state that no
   * resend has copied yet, each linked to the original (resend_of). Unknown messages are
   * resent only when the user asks.
   */
  async resend(id: number, which: ResendWhich): Promise<CampaignCreated> {
    const result = await planResend(this.db, this.accounts, this.row(id), which, this.now());
    this.events.emit('data.changed', { what: 'campaigns' });
    return { campaign: this.view(result.campaignId), planned: result.planned, rejected: 0, skippedOptedOut: 0, submissions: result.submissions };
  }

  /** The user checked with the provider: these unknown messages did go out. */
  markUnknownSent(id: number): number {
    this.row(id);
    const n = this.journal.markUnknownSent(id);
    this.events.emit('data.changed', { what: 'campaigns' });
    return n;
  }

  /**
   * Asks the provider's send records about the campaign's unknown messages, and settles
   * those the records name (submitted, or refused). Records are handed out once, so every
   * unknown message of the same accounts is checked with them, whichever its campaign.
   */
  async checkUnknown(id: number, signal?: AbortSignal): Promise<UnknownCheck> {
    this.row(id);
    const found: UnknownCheck = { checked: 0, submitted: 0, rejected: 0, unknown: 0 };
    for (const accountId of this.journal.unknownAccounts(id)) {
      await this.accounts.withDriver(accountId, async (driver, account) => {
        if (!driver.settleUnknown) throw noSendRecords(driver.capabilities.label, account.name);
        const messages = this.journal.unknownOfAccount(accountId);
        const known = this.journal.knownToMobiles(accountId, [...new Set(messages.map((m) => m.mobile))]);
        const settled = await driver.settleUnknown(
          messages.map((m) => ({ ref: String(m.id), mobile: m.mobile, text: m.text, values: {} })),
          known,
          signal,
        );
        this.db.transaction(() => {
          for (const [ref, state] of settled) {
            if (this.journal.settleUnknown(Number(ref), state, SETTLED_NOTE[state])) found[state]++;
          }
        })();
        found.checked += messages.length;
      });
    }
    found.unknown = found.checked - found.submitted - found.rejected;
    this.events.emit('data.changed', { what: 'campaigns' });
    return found;
  }

  async detail(id: number): Promise<CampaignDetail> {
    const row = this.row(id);
    const summary = await this.views.summary(id);
    const view = this.view(id);
    const c = view.counts;
    const replies = this.views.replies(id);
    const cost = summary.cost;
    const resent = this.views.resentCounts(id);
    return {
      ...view,
      listName: this.views.listName(row.list_id),
      templateBody: row.template_body,
      providerTemplateId: row.provider_template_id,
      pauseReason: row.state === 'paused' ? parseReason(row.pause_reason) : null,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      resendOf: row.resend_of_campaign,
      total: Object.values(c).reduce((a, b) => a + (b ?? 0), 0),
      funnel: {
        planned: Object.values(c).reduce((a, b) => a + (b ?? 0), 0),
        submitted: (c.submitted ?? 0) + (c.delivered ?? 0) + (c.failed ?? 0) + (c.expired ?? 0),
        delivered: c.delivered ?? 0,
        failed: (c.failed ?? 0) + (c.rejected ?? 0) + (c.expired ?? 0),
        unknown: c.unknown ?? 0,
        replied: replies.replied,
        optedOut: replies.opted ?? 0,
      },
      cost: { planned: cost.planned / E4, spent: cost.spent / E4 },
      failureReasons: summary.reasons.map((r) => ({ code: r.code, count: r.n, explain: explainStatus(r.code) })),
      timeline: summary.timeline,
      resent: { failed: resent.failed ?? 0, unknown: resent.unknown ?? 0 },
    };
  }

  messages(id: number, filter: MessageFilter, offset: number, limit: number): Page<MessageRow> {
    this.row(id);
    return this.views.page(id, filter, offset, limit);
  }

  history(messageId: number): MessageHistory {
    const m = this.views.message(messageId);
    if (!m) throw new AppError('message.not_found', { zh: `找不到短信 ${messageId}。`, en: `No message ${messageId}.` });
    const s = m.submission_id === null ? undefined : this.views.submission(m.submission_id);
    return {
      message: toMessageRow(m),
      submission: s
        ? { id: s.id, key: s.key, form: s.form, state: s.state, attempts: s.attempts, providerBatchId: s.provider_batch_id, submittingAt: s.submitting_at, answeredAt: s.answered_at, error: s.error_text ? `${s.error_code ?? ''} ${s.error_text}`.trim() : null }
        : null,
      receipts: this.views.receiptsOf(messageId).map((r) => ({ status: r.status, delivered: r.delivered === 1, reportedAt: r.reported_at, receivedAt: r.received_at })),
      resentAs: this.views.resentAs(messageId),
    };
  }

  counts(id: number): Partial<Record<MessageState, number>> {
    return this.journal.counts(id);
  }
}

