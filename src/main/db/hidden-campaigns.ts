// A campaign while it is planned (migration 9): a row of campaigns with an owner, so its
// submissions and messages can be written window by window yet be seen by no read (every
// read of campaigns keeps to CAMPAIGN_VISIBLE) until the planner's last transaction
// reveals it in the state it starts in. A failure deletes it; a crash leaves it to be
// deleted the next time the data folder is opened. Such a campaign never existed for
// the user: nothing of it was shown, nothing of it sent.
import type { CampaignState } from './journal';
import { DELETE_PAGE } from './hidden-lists';
import type { Db } from './open';

/** The condition every read of campaigns adds: no planner owns the campaign. */
export const CAMPAIGN_VISIBLE = 'planning_owner IS NULL';

export interface HiddenCampaign {
  id: number;
  owner: string;
  until: number;
}

export function hiddenCampaignQueries(db: Db) {
  const hide = db.prepare<[string, number, number]>('UPDATE campaigns SET planning_owner = ?, planning_until = ? WHERE id = ?');
  const renew = db.prepare<[number, number, string]>('UPDATE campaigns SET planning_until = ? WHERE id = ? AND planning_owner = ?');
  const reveal = db.prepare<[CampaignState, number, string]>(
    'UPDATE campaigns SET state = ?, planning_owner = NULL, planning_until = NULL WHERE id = ? AND planning_owner = ?',
  );
  const all = db.prepare<[], HiddenCampaign>('SELECT id, planning_owner AS owner, planning_until AS until FROM campaigns WHERE planning_owner IS NOT NULL');
  const deleteMessages = db.prepare<[number, number]>(
    'DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE campaign_id = ? LIMIT ?)',
  );
  const deleteSubmissions = db.prepare<[number, number]>('DELETE FROM submissions WHERE id IN (SELECT id FROM submissions WHERE campaign_id = ? LIMIT ?)');
  const deleteCampaign = db.prepare<[number, string]>('DELETE FROM campaigns WHERE id = ? AND planning_owner = ?');

  return {
    /** In the transaction that inserts the campaign: hidden from then on. */
    hide: (id: number, owner: string, until: number): void => void hide.run(owner, until, id),
    /** False when the campaign is gone (removed as abandoned by another process). */
    renew: (id: number, owner: string, until: number): boolean => renew.run(until, id, owner).changes === 1,
    reveal: (id: number, owner: string, state: CampaignState): boolean => reveal.run(state, id, owner).changes === 1,
    all: (): HiddenCampaign[] => all.all(),
    /** Deletes up to DELETE_PAGE of the campaign's messages, else of its submissions; returns how many. */
    deleteSome: (id: number): number => deleteMessages.run(id, DELETE_PAGE).changes || deleteSubmissions.run(id, DELETE_PAGE).changes,
    remove: (id: number, owner: string): void => void deleteCampaign.run(id, owner),
  };
}

export type HiddenCampaignQueries = ReturnType<typeof hiddenCampaignQueries>;
