// Planning: a campaign's every message rendered into the journal, and grouped into the
// fewest submissions the driver's documented limits allow (a window of contacts at a
// time), under a campaign hidden until the last of its transactions.
// Nothing is sent here.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { AppError } from '../../shared/errors';
import { billedLength, sendTemplate } from '../../shared/compose';
import type { Capabilities, Kind } from '../../shared/providers';
import { partsFor } from '../../shared/segments';
import { compileTemplate, render, TemplateError, valuesByName, type EmptyPolicy } from '../../shared/template';
import type { Db } from '../db/open';
import { journalQueries } from '../db/journal';
import { estimateQueries } from '../db/estimate';
import { capabilitiesOf, createDriver } from '../providers/registry';
import type { AccountService } from '../services/accounts';
import { unknownPlaceholderError } from '../services/estimate';
import { HiddenCampaign } from './hidden-campaign';
import { installId } from './keys';
import { PLAN_WINDOW, PlanWriter } from './plan-writer';

export interface CampaignDraft {
  name?: string;
  listId: number;
  accountId: number;
  /** The template as the user wrote it (Qunfa placeholders). */
  body: string;
  emptyPolicy: EmptyPolicy;
  kind: Kind;
  /** When to send (an instant); absent: now. */
  at?: Date;
  /** Use the provider's own scheduled send (where it has one) instead of our timer. */
  providerSchedule?: boolean;
  providerTemplateId?: string;
  templateId?: number;
}

export interface PlanResult {
  campaignId: number;
  planned: number;
  rejected: number;
  skippedOptedOut: number;
  submissions: number;
}

function emptyValueError(names: string[]): string {
  return `变量为空，按模板设置不发送：${names.map((n) => `<${n}>`).join('、')} / Empty value, refused by the template's policy: ${names.map((n) => `<${n}>`).join(', ')}`;
}

/** Contacts read per page, rendered between yields. */
const CONTACT_PAGE = 5000;

export interface PlanOptions {
  now?: Date;
  /** Contacts grouped at a time (tests give smaller ones). */
  window?: number;
  /** After each transaction: contacts planned so far, of the list's. */
  progress?: (done: number, of: number) => void;
}

/**
 * Plans the campaign into the journal, a window of contacts at a time, each written in
 * transactions of WRITE_CHUNK messages, yielding between them (a million took one
 * transaction of twelve seconds). The campaign stays hidden until the last transaction
 * reveals it whole; a failure deletes what was written.
 */
export async function planCampaign(db: Db, accounts: AccountService, draft: CampaignDraft, opts: PlanOptions = {}): Promise<PlanResult> {
  const now = opts.now ?? new Date();
  const window = opts.window ?? PLAN_WINDOW;
  const account = accounts.find(draft.accountId);
  const caps: Capabilities = capabilitiesOf(account.provider);
  const q = estimateQueries(db);
  const list = q.list(draft.listId);
  if (!list) throw new AppError('lists.not_found', { zh: `找不到联系人列表 ${draft.listId}。`, en: `No contact list ${draft.listId}.` });
  if (caps.send.contentMode === 'provider-template' && !draft.providerTemplateId) {
    throw new AppError('campaign.provider_template_required', {
      zh: `${caps.label.zh}只能用审核通过的模板发送：请填写服务商的模板 ID。`,
      en: `${caps.label.en} sends only approved templates: give the provider's template id.`,
    });
  }
  if (draft.providerSchedule && !caps.send.scheduled) {
    throw new AppError('campaign.no_provider_schedule', { zh: `${caps.label.zh}不支持定时发送参数。`, en: `${caps.label.en} has no scheduled-send parameter.` });
  }
  const fields = JSON.parse(list.fields) as string[];
  const template = sendTemplate(draft.body, caps, account.signature);
  let compiled;
  try {
    compiled = compileTemplate(template, fields);
  } catch (err) {
    throw err instanceof TemplateError ? unknownPlaceholderError(err) : err;
  }
  const optedOut = draft.kind === 'marketing' ? q.optouts() : new Set<string>();
  const journal = journalQueries(db);
  const install = installId(db);
  const scheduled = draft.at && draft.at.getTime() > now.getTime() + 60_000;
  const of = q.contactCount(list.id);
  const driver = createDriver(accounts.config(account));
  const campaign = new HiddenCampaign(db, () =>
    journal.insertCampaign({
      name: draft.name ?? `${list.name} · ${now.toISOString().slice(0, 16).replace('T', ' ')}`,
      account_id: account.id,
      list_id: list.id,
      template_id: draft.templateId ?? null,
      template_body: template,
      provider_template_id: draft.providerTemplateId ?? null,
      kind: draft.kind,
      state: 'draft',
      scheduled_at: draft.at ? draft.at.toISOString() : null,
      provider_schedule: draft.providerSchedule ? 1 : 0,
      resend_of_campaign: null,
      empty_policy: JSON.stringify(draft.emptyPolicy),
      created_at: now.toISOString(),
    }),
  );
  const campaignId = campaign.id;
  try {
    // A window of contacts at a time, rendered here, grouped and written by the writer,
    // in list order. Pages of contacts between yields; the list is read as it is at each page.
    const writer = new PlanWriter(db, campaign, driver, { install, campaignId, accountId: account.id, template, kind: draft.kind, providerTemplateId: draft.providerTemplateId }, window);
    let read = 0;
    let skipped = 0;
    const written = (left: number): void => opts.progress?.(read - left, of);
    for (let after = 0; ; ) {
      const page = q.scanPage(list.id, after, CONTACT_PAGE);
      for (const [contactId, mobile, fieldsJson] of page) {
        read++;
        if (optedOut.has(mobile)) {
          skipped++;
          continue;
        }
        const fieldValues = JSON.parse(fieldsJson) as string[];
        const { text, empty } = render(compiled, fieldValues, draft.emptyPolicy);
        const parts = partsFor(billedLength(text, caps, account.signature), caps.segments);
        const vals = JSON.stringify(valuesByName(compiled, fieldValues));
        writer.add({ contactId, mobile, text, vals, parts, costE4: parts * account.unit_price_e4, refused: empty.length ? emptyValueError(empty) : null, resendOf: null });
        if (writer.full) await writer.write(written);
      }
      if (page.length < CONTACT_PAGE) break;
      after = page[page.length - 1][0];
      await yieldTurn();
    }
    await writer.write(written);
    db.transaction(() => campaign.reveal(scheduled && !draft.providerSchedule ? 'scheduled' : 'draft'))();
    opts.progress?.(read, read);
    return { campaignId, planned: writer.planned, rejected: writer.rejected, skippedOptedOut: skipped, submissions: writer.submissions };
  } catch (err) {
    await campaign.remove();
    throw err;
  } finally {
    void driver.close();
  }
}
