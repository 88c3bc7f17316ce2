// A resend: a new campaign that sends again a campaign's messages in one state (failed,
// unknown, refused, expired), each linked to its original (resend_of), planned as a new
// campaign is (plan-writer.ts: windows, chunked transactions, hidden until whole).
// A message already resent is never copied again: resending twice would send it twice.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { AppError } from '../../shared/errors';
import type { MessageState } from '../../shared/views';
import { campaignViewQueries } from '../db/campaign-views';
import { journalQueries, type CampaignRow } from '../db/journal';
import type { Db } from '../db/open';
import { createDriver } from '../providers/registry';
import type { AccountService } from '../services/accounts';
import { HiddenCampaign } from './hidden-campaign';
import { installId } from './keys';
import { PlanWriter } from './plan-writer';

export type ResendWhich = Extract<MessageState, 'failed' | 'unknown' | 'rejected' | 'expired'>;

/** Messages read per page, between yields. */
const PAGE = 5000;

/** Resends running in this process, by data folder: a second of the same is refused, not queued. */
const running = new WeakMap<Db, Set<string>>();

function nothingToResend(resentIn: number[]): AppError {
  if (resentIn.length === 0) return new AppError('campaign.nothing_to_resend', { zh: '没有需要重发的短信。', en: 'There is nothing to resend.' });
  const ids = resentIn.map((c) => `#${c}`).join(', ');
  return new AppError('campaign.already_resent', {
    zh: `这些短信已经重发过（群发 ${ids}），不会再发一次。仍未成功的，请在那个群发里重发。`,
    en: `These messages were already resent (campaign ${ids}) and are not sent again. Resend what still fails from that campaign.`,
  });
}

export async function planResend(
  db: Db,
  accounts: AccountService,
  original: CampaignRow,
  which: ResendWhich,
  now: Date,
): Promise<{ campaignId: number; planned: number; submissions: number }> {
  const key = `${original.id}/${which}`;
  const resending = running.get(db) ?? new Set<string>();
  running.set(db, resending);
  if (resending.has(key)) {
    throw new AppError('campaign.resend_running', { zh: '这些短信正在重发，请稍候。', en: 'These messages are being resent already; wait for it.' });
  }
  const views = campaignViewQueries(db);
  if (views.resendable(original.id, which, 0, 1).length === 0) throw nothingToResend(views.resentIn(original.id, which));
  resending.add(key);
  const account = accounts.find(original.account_id);
  const driver = createDriver(accounts.config(account));
  const journal = journalQueries(db);
  const campaign = new HiddenCampaign(db, () =>
    journal.insertCampaign({
      name: `${original.name} · 重发 resend (${which})`,
      account_id: original.account_id,
      list_id: original.list_id,
      template_id: original.template_id,
      template_body: original.template_body,
      provider_template_id: original.provider_template_id,
      kind: original.kind,
      state: 'draft',
      scheduled_at: null,
      provider_schedule: 0,
      resend_of_campaign: original.id,
      empty_policy: original.empty_policy,
      created_at: now.toISOString(),
    }),
  );
  try {
    const writer = new PlanWriter(db, campaign, driver, {
      install: installId(db),
      campaignId: campaign.id,
      accountId: account.id,
      template: original.template_body,
      kind: original.kind,
      providerTemplateId: original.provider_template_id ?? undefined,
    });
    for (let after = 0; ; ) {
      const page = views.resendable(original.id, which, after, PAGE);
      for (const m of page) {
        writer.add({ contactId: m.contact_id, mobile: m.mobile, text: m.text, vals: m.vals, parts: m.parts, costE4: m.cost_e4, refused: null, resendOf: m.id });
        if (writer.full) await writer.write();
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
      await yieldTurn();
    }
    await writer.write();
    db.transaction(() => campaign.reveal('draft'))();
    return { campaignId: campaign.id, planned: writer.planned, submissions: writer.submissions };
  } catch (err) {
    await campaign.remove();
    throw err;
  } finally {
    resending.delete(key);
    void driver.close();
  }
}
