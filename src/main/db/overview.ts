// SQL for the read-only overviews the sections show: lists, templates, campaigns,
// recent receipts and replies.
import type { Db } from './open';
import { VISIBLE } from './hidden-lists';
import { CAMPAIGN_VISIBLE } from './hidden-campaigns';
import type { CampaignView, ListView, MessageState, ReceiptView, ReplyView, TemplateView } from '../../shared/contract';

export function overviewQueries(db: Db) {
  const lists = db.prepare<[], { id: number; name: string; fields: string; contacts: number; updated_at: string }>(
    `SELECT l.id, l.name, l.fields, l.updated_at, (SELECT count(*) FROM contacts c WHERE c.list_id = l.id) AS contacts
     FROM lists l WHERE l.${VISIBLE} ORDER BY l.updated_at DESC`,
  );
  const templates = db.prepare<[], { id: number; name: string; body: string; empty_policy: TemplateView['emptyPolicy']; empty_default: string | null; updated_at: string }>(
    'SELECT id, name, body, empty_policy, empty_default, updated_at FROM templates ORDER BY updated_at DESC',
  );
  type CampaignRecord = { id: number; name: string; account_id: number; account_name: string; kind: CampaignView['kind']; state: CampaignView['state']; scheduled_at: string | null; created_at: string };
  const CAMPAIGN = `SELECT c.id, c.name, c.account_id, a.name AS account_name, c.kind, c.state, c.scheduled_at, c.created_at
     FROM campaigns c JOIN accounts a ON a.id = c.account_id WHERE c.${CAMPAIGN_VISIBLE}`;
  const campaigns = db.prepare<[], CampaignRecord>(`${CAMPAIGN} ORDER BY c.id DESC`);
  const campaign = db.prepare<[number], CampaignRecord>(`${CAMPAIGN} AND c.id = ?`);
  // Kept by triggers (migration 3): no scan of the journal.
  const counts = db.prepare<[], { campaign_id: number; state: MessageState; n: number }>('SELECT campaign_id, state, n FROM campaign_counts WHERE n > 0');
  const countsOf = db.prepare<[number], { state: MessageState; n: number }>('SELECT state, n FROM campaign_counts WHERE campaign_id = ? AND n > 0');
  const toView = (r: CampaignRecord, counts: Partial<Record<MessageState, number>>): CampaignView => ({
    id: r.id,
    name: r.name,
    accountId: r.account_id,
    accountName: r.account_name,
    kind: r.kind,
    state: r.state,
    scheduledAt: r.scheduled_at,
    createdAt: r.created_at,
    counts,
  });
  const receipts = db.prepare<[number], { id: number; account_name: string; mobile: string; status: string; delivered: number; message_id: number | null; reported_at: string | null; received_at: string }>(
    `SELECT r.id, a.name AS account_name, r.mobile, r.status, r.delivered, r.message_id, r.reported_at, r.received_at
     FROM receipts r JOIN accounts a ON a.id = r.account_id ORDER BY r.id DESC LIMIT ?`,
  );
  const replies = db.prepare<[number], { id: number; account_name: string; mobile: string; text: string; opted_out: number; replied_at: string | null; received_at: string }>(
    `SELECT r.id, a.name AS account_name, r.mobile, r.text, r.opted_out, r.replied_at, r.received_at
     FROM replies r JOIN accounts a ON a.id = r.account_id ORDER BY r.id DESC LIMIT ?`,
  );
  return {
    lists: (): ListView[] =>
      lists.all().map((r) => ({ id: r.id, name: r.name, fields: JSON.parse(r.fields) as string[], contacts: r.contacts, updatedAt: r.updated_at })),
    templates: (): TemplateView[] =>
      templates.all().map((r) => ({ id: r.id, name: r.name, body: r.body, emptyPolicy: r.empty_policy, emptyDefault: r.empty_default, updatedAt: r.updated_at })),
    campaigns: (): CampaignView[] => {
      const byCampaign = new Map<number, Partial<Record<MessageState, number>>>();
      for (const c of counts.all()) {
        const entry = byCampaign.get(c.campaign_id) ?? {};
        entry[c.state] = c.n;
        byCampaign.set(c.campaign_id, entry);
      }
      return campaigns.all().map((r) => toView(r, byCampaign.get(r.id) ?? {}));
    },
    campaign: (id: number): CampaignView | undefined => {
      const r = campaign.get(id);
      return r && toView(r, Object.fromEntries(countsOf.all(id).map((c) => [c.state, c.n])));
    },
    receipts: (limit: number): ReceiptView[] =>
      receipts.all(limit).map((r) => ({
        id: r.id,
        accountName: r.account_name,
        mobile: r.mobile,
        status: r.status,
        delivered: r.delivered === 1,
        matched: r.message_id !== null,
        reportedAt: r.reported_at,
        receivedAt: r.received_at,
      })),
    replies: (limit: number): ReplyView[] =>
      replies.all(limit).map((r) => ({
        id: r.id,
        accountName: r.account_name,
        mobile: r.mobile,
        text: r.text,
        optedOut: r.opted_out === 1,
        repliedAt: r.replied_at,
        receivedAt: r.received_at,
      })),
  };
}
