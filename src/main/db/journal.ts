// SQL for the send journal: campaigns, their messages and submissions. Every state
// change of a message goes through here, in transactions the engine opens.
import type { Db } from './open';
import { RowInserter } from './row-inserter';
import { CAMPAIGN_VISIBLE } from './hidden-campaigns';
import type { Kind } from '../../shared/providers';
import type { MessageState } from '../../shared/views';

export type CampaignState = 'draft' | 'scheduled' | 'sending' | 'paused' | 'done' | 'cancelled';
export type SubmissionState = 'planned' | 'submitting' | 'submitted' | 'refused' | 'unknown';

export interface CampaignRow {
  id: number;
  name: string;
  account_id: number;
  list_id: number | null;
  template_id: number | null;
  template_body: string;
  provider_template_id: string | null;
  kind: Kind;
  state: CampaignState;
  scheduled_at: string | null;
  provider_schedule: number;
  pause_reason: string | null;
  resend_of_campaign: number | null;
  empty_policy: string;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A campaign as written: its row without what the engine fills in later. */
export type NewCampaign = Omit<CampaignRow, 'id' | 'pause_reason' | 'lease_owner' | 'lease_until' | 'started_at' | 'finished_at'>;

export interface NewMessage {
  campaign_id: number;
  contact_id: number | null;
  mobile: string;
  text: string;
  vals: string;
  parts: number;
  cost_e4: number;
  state: MessageState;
  error_text: string | null;
  resend_of: number | null;
  submission_id?: number | null;
}

export interface SubmissionRow {
  id: number;
  campaign_id: number;
  account_id: number;
  key: string;
  form: string;
  state: SubmissionState;
  attempts: number;
  provider_batch_id: string | null;
}

/** One answer as recordAnswers takes it. */
export interface AnswerRecord {
  /** The submission. */
  id: number;
  batchId: string | null;
  at: string;
  /** How many messages the request carried. */
  messages: number;
  /** Each message's outcome; null when every message was accepted with nothing of its own. */
  outcomes: { id: number; state: MessageState; providerMsgId: string | null; code: string | null; errorText: string | null }[] | null;
}

export interface JournalMessage {
  id: number;
  mobile: string;
  text: string;
  vals: string;
}

/** From this many messages, a uniform answer's messages are written by a statement of their own (see recordAnswers). */
const OWN_STATEMENT_MESSAGES = 32;

export function journalQueries(db: Db) {
  const insertCampaign = db.prepare<NewCampaign>(
    `INSERT INTO campaigns (name, account_id, list_id, template_id, template_body, provider_template_id, kind, state, scheduled_at, provider_schedule, resend_of_campaign, empty_policy, created_at)
     VALUES (@name, @account_id, @list_id, @template_id, @template_body, @provider_template_id, @kind, @state, @scheduled_at, @provider_schedule, @resend_of_campaign, @empty_policy, @created_at)`,
  );
  const campaign = db.prepare<[number], CampaignRow>(`SELECT * FROM campaigns WHERE id = ? AND ${CAMPAIGN_VISIBLE}`);
  const campaignState = db.prepare<[number], CampaignState>('SELECT state FROM campaigns WHERE id = ?').pluck();
  // Changes when another connection (another process) commits, never for this one's own.
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const campaignsIn = db.prepare<[string], CampaignRow>(`SELECT * FROM campaigns WHERE state = ? AND ${CAMPAIGN_VISIBLE} ORDER BY id`);
  const setCampaignState = db.prepare<[CampaignState, string | null, number]>('UPDATE campaigns SET state = ?, pause_reason = ? WHERE id = ?');
  const setStarted = db.prepare<[string, number]>('UPDATE campaigns SET started_at = coalesce(started_at, ?) WHERE id = ?');
  const setFinished = db.prepare<[CampaignState, string, number]>('UPDATE campaigns SET state = ?, finished_at = ?, pause_reason = NULL WHERE id = ?');
  const takeLease = db.prepare<[string, number, number, string, number]>(
    'UPDATE campaigns SET lease_owner = ?, lease_until = ? WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)',
  );
  const dropLease = db.prepare<[number, string]>('UPDATE campaigns SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?');
  const clearLease = db.prepare<[number]>('UPDATE campaigns SET lease_owner = NULL, lease_until = NULL WHERE id = ?');

  const insertMessage = db.prepare<Required<NewMessage>>(
    `INSERT INTO messages (campaign_id, submission_id, contact_id, mobile, text, vals, parts, cost_e4, state, error_text, resend_of)
     VALUES (@campaign_id, @submission_id, @contact_id, @mobile, @text, @vals, @parts, @cost_e4, @state, @error_text, @resend_of)`,
  );
  const insertSubmission = db.prepare<[number, number, string, string]>('INSERT INTO submissions (campaign_id, account_id, key, form) VALUES (?, ?, ?, ?)');
  const attach = db.prepare<[number, number]>('UPDATE messages SET submission_id = ? WHERE id = ?');
  const plannedSubmissions = db.prepare<[number, number], SubmissionRow>(
    "SELECT id, campaign_id, account_id, key, form, state, attempts, provider_batch_id FROM submissions WHERE campaign_id = ? AND state = 'planned' ORDER BY id LIMIT ?",
  );
  const submission = db.prepare<[number], SubmissionRow>('SELECT id, campaign_id, account_id, key, form, state, attempts, provider_batch_id FROM submissions WHERE id = ?');
  const messagesOf = db.prepare<[number], JournalMessage>("SELECT id, mobile, text, vals FROM messages WHERE submission_id = ? AND state IN ('planned', 'submitting') ORDER BY id");
  // A window of submissions' messages in one statement (ids as a JSON array): one probe
  // of the submission index per id, not one statement per request.
  const messagesOfMany = db.prepare<[string], JournalMessage & { sub: number }>(
    `SELECT submission_id AS sub, id, mobile, text, vals FROM messages
     WHERE submission_id IN (SELECT value FROM json_each(?)) AND state IN ('planned', 'submitting') ORDER BY submission_id, id`,
  );

  // Only the submission row is written 'submitting' (one small row in the fsync'd commit):
  // its messages stay 'planned' until the answer, and nothing picks a message whose
  // submission is no longer planned. Messages 'submitting' exist only in journals written
  // by earlier versions; the statements below still settle them.
  // A window's marks in one statement (ids as a JSON array); returns the ids it marked.
  const subsSubmitting = db.prepare<[string, string], { id: number }>(
    `UPDATE submissions SET state = 'submitting', attempts = attempts + 1, submitting_at = ?
     WHERE id IN (SELECT value FROM json_each(?)) AND state = 'planned' RETURNING id`,
  );
  // A mark whose request never started (a clean stop): as if it had not been marked.
  const subUnmark = db.prepare<[number]>("UPDATE submissions SET state = 'planned', attempts = attempts - 1, submitting_at = NULL WHERE id = ? AND state = 'submitting'");
  const subAnswered = db.prepare<[SubmissionState, string | null, string | null, string | null, string | null, string, number]>(
    'UPDATE submissions SET state = ?, provider_batch_id = ?, error_class = ?, error_code = ?, error_text = ?, answered_at = ? WHERE id = ?',
  );
  const msgOutcome = db.prepare<[MessageState, string | null, string | null, string | null, string | null, string, number]>(
    "UPDATE messages SET state = ?, provider_msg_id = ?, provider_batch_id = ?, status_code = ?, error_text = ?, submitted_at = ? WHERE id = ? AND state IN ('planned', 'submitting')",
  );
  // The batch id is the provider's, else our submission key: where the provider knows a
  // request by our key (smsadmin linkid), a message whose answer was lost (unknown) can
  // still be settled by its receipt.
  const msgAllOf = db.prepare<{ state: MessageState; error: string | null; at: string; sub: number }>(
    `UPDATE messages SET state = @state, error_text = @error, submitted_at = @at,
       provider_batch_id = (SELECT coalesce(provider_batch_id, key) FROM submissions WHERE id = @sub)
     WHERE submission_id = @sub AND state IN ('planned', 'submitting')`,
  );
  // The answers of one group commit, set based: one statement for their submissions, one
  // for the messages of uniform answers (every message accepted, nothing of its own) and
  // one for the outcomes of the others, instead of two or more per answer. Submissions
  // are a JSON array of [submission id, batch id or null, at].
  const subsAccepted = db.prepare<[string]>(
    `UPDATE submissions SET state = 'submitted', provider_batch_id = a.value ->> 1, error_class = NULL, error_code = NULL, error_text = NULL, answered_at = a.value ->> 2
     FROM json_each(?) AS a WHERE submissions.id = a.value ->> 0`,
  );
  const msgsAccepted = db.prepare<[string]>(
    `UPDATE messages SET state = 'submitted', error_text = NULL, submitted_at = a.at, provider_batch_id = a.batch
     FROM (SELECT s.id, coalesce(s.provider_batch_id, s.key) AS batch, j.value ->> 2 AS at
           FROM json_each(?) AS j JOIN submissions s ON s.id = j.value ->> 0) AS a
     WHERE messages.submission_id = a.id AND messages.state IN ('planned', 'submitting')`,
  );
  // Per-message outcomes as [message id, state, provider message id, batch id, code, error, at], as msgOutcome writes them.
  const msgsOutcome = db.prepare<[string]>(
    `UPDATE messages SET state = j.value ->> 1, provider_msg_id = j.value ->> 2, provider_batch_id = j.value ->> 3, status_code = j.value ->> 4,
       error_text = j.value ->> 5, submitted_at = j.value ->> 6
     FROM json_each(?) AS j WHERE messages.id = j.value ->> 0 AND messages.state IN ('planned', 'submitting')`,
  );
  const subBack = db.prepare<[string, string | null, string | null, number]>(
    "UPDATE submissions SET state = 'planned', error_class = 'retry', error_code = ?, error_text = ?, answered_at = ? WHERE id = ? AND state = 'submitting'",
  );
  const msgBack = db.prepare<[number]>("UPDATE messages SET state = 'planned' WHERE submission_id = ? AND state = 'submitting'");
  const stuck = db.prepare<[number], { id: number }>("SELECT id FROM submissions WHERE campaign_id = ? AND state = 'submitting'");
  const submissionCount = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM submissions WHERE campaign_id = ?');
  const refuseSub = db.prepare<[string, string, string, number]>(
    "UPDATE submissions SET state = 'refused', error_class = 'moved', error_code = ?, error_text = ?, answered_at = ? WHERE id = ? AND state = 'planned'",
  );
  const plannedOf = db.prepare<[number], JournalMessage>("SELECT id, mobile, text, vals FROM messages WHERE submission_id = ? AND state = 'planned' ORDER BY id");

  // The user checked with the provider; a message a receipt already settled keeps its outcome.
  const unknownToSent = db.prepare<[number]>(
    `UPDATE messages SET state = 'submitted', error_text = coalesce(error_text, '') || ' [用户确认已发送 marked sent by the user]'
     WHERE campaign_id = ? AND state = 'unknown' AND NOT EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = messages.id)`,
  );
  // Unknown messages no receipt has settled: the accounts a campaign's went through, and
  // an account's across its campaigns (the provider's records serve them all at once).
  const unknownAccounts = db.prepare<[number], number>(
    `SELECT DISTINCT s.account_id FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE m.campaign_id = ? AND m.state = 'unknown' ORDER BY s.account_id`,
  ).pluck();
  const unknownOfAccount = db.prepare<[number, number], { id: number; mobile: string; text: string }>(
    `SELECT m.id, m.mobile, m.text FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE m.campaign_id IN (SELECT DISTINCT campaign_id FROM submissions WHERE account_id = ?) AND m.state = 'unknown' AND s.account_id = ?
       AND NOT EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = m.id)
     ORDER BY m.id`,
  );
  // The account's messages to these numbers (a JSON array) that the provider took or whose outcome a receipt settled.
  const knownToMobiles = db.prepare<[string, number], { mobile: string; text: string }>(
    `SELECT m.mobile, m.text FROM messages m JOIN submissions s ON s.id = m.submission_id
     WHERE m.mobile IN (SELECT value FROM json_each(?)) AND s.account_id = ?
       AND (m.state IN ('submitted', 'delivered', 'failed', 'expired') OR EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = m.id))`,
  );
  const settleUnknown = db.prepare<[MessageState, string, number]>(
    `UPDATE messages SET state = ?, error_text = coalesce(error_text, '') || ?
     WHERE id = ? AND state = 'unknown' AND NOT EXISTS (SELECT 1 FROM message_outcomes o WHERE o.message_id = messages.id)`,
  );
  const counts = db.prepare<[number], { state: MessageState; n: number }>('SELECT state, n FROM campaign_counts WHERE campaign_id = ? AND n > 0');
  // Only messages whose submission has not left: one 'submitting' may be in flight (or,
  // after a crash, is recovered as unknown), and its messages are still 'planned'.
  const cancelPlannedMsgs = db.prepare<{ at: string; campaign: number }>(
    `UPDATE messages SET state = 'cancelled', final_at = @at WHERE campaign_id = @campaign AND state = 'planned'
       AND (submission_id IS NULL OR submission_id IN (SELECT id FROM submissions WHERE campaign_id = @campaign AND state = 'planned'))`,
  );
  const cancelPlannedSubs = db.prepare<[string, number]>(
    "UPDATE submissions SET state = 'refused', error_class = 'cancelled', error_text = 'cancelled by the user', answered_at = ? WHERE campaign_id = ? AND state = 'planned'",
  );

  return {
    insertCampaign: (row: NewCampaign): number => Number(insertCampaign.run(row).lastInsertRowid),
    campaign: (id: number): CampaignRow | undefined => campaign.get(id),
    campaignsIn: (state: CampaignState): CampaignRow[] => campaignsIn.all(state),
    campaignState: (id: number): CampaignState | undefined => campaignState.get(id),
    /** A number that changes whenever another process has committed to the database. */
    othersVersion: (): number => dataVersion.get() ?? 0,
    setCampaignState: (id: number, state: CampaignState, reason: string | null = null): void => void setCampaignState.run(state, reason, id),
    setStarted: (id: number, at: string): void => void setStarted.run(at, id),
    setFinished: (id: number, state: 'done' | 'cancelled', at: string): void => void setFinished.run(state, at, id),
    takeLease: (id: number, owner: string, until: number, now: number): boolean => takeLease.run(owner, until, id, owner, now).changes === 1,
    dropLease: (id: number, owner: string): void => void dropLease.run(id, owner),
    clearLease: (id: number): void => void clearLease.run(id),

    insertMessage: (row: NewMessage): number => Number(insertMessage.run({ submission_id: null, ...row }).lastInsertRowid),
    /**
     * Inserts many messages in order, many to a statement (inside the caller's
     * transaction): add() each, then flush() the rest. Planning a million messages one
     * statement each cost a second more.
     */
    messageWriter: () => {
      const rows = new RowInserter(
        db,
        'messages (campaign_id, submission_id, contact_id, mobile, text, vals, parts, cost_e4, state, error_text, resend_of)',
        '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      return {
        add: (m: Required<NewMessage>): void =>
          rows.add(m.campaign_id, m.submission_id, m.contact_id, m.mobile, m.text, m.vals, m.parts, m.cost_e4, m.state, m.error_text, m.resend_of),
        flush: (): void => rows.flush(),
      };
    },
    insertSubmission: (campaignId: number, accountId: number, key: string, form: string): number =>
      Number(insertSubmission.run(campaignId, accountId, key, form).lastInsertRowid),
    attach: (submissionId: number, messageId: number): void => void attach.run(submissionId, messageId),
    plannedSubmissions: (campaignId: number, limit: number): SubmissionRow[] => plannedSubmissions.all(campaignId, limit),
    submission: (id: number): SubmissionRow | undefined => submission.get(id),
    messagesOf: (submissionId: number): JournalMessage[] => messagesOf.all(submissionId),
    /** messagesOf for several submissions at once, by submission id (absent: none left to send). */
    messagesOfMany: (submissionIds: readonly number[]): Map<number, JournalMessage[]> => {
      const out = new Map<number, JournalMessage[]>();
      if (submissionIds.length === 0) return out;
      // One submission: the plain statement, whose probe is cheaper per row than the join.
      if (submissionIds.length === 1) {
        const rows = messagesOf.all(submissionIds[0]);
        if (rows.length > 0) out.set(submissionIds[0], rows);
        return out;
      }
      // Rows keep their `sub`: a copy without it per message would cost more than it saves.
      for (const row of messagesOfMany.all(JSON.stringify(submissionIds))) {
        const rows = out.get(row.sub);
        if (rows) rows.push(row);
        else out.set(row.sub, [row]);
      }
      return out;
    },

    /** planned → submitting, for several submissions in one statement; returns those that were planned. */
    markManySubmitting: (submissionIds: readonly number[], at: string): Set<number> =>
      new Set(submissionIds.length === 0 ? [] : subsSubmitting.all(at, JSON.stringify(submissionIds)).map((r) => r.id)),
    /** submitting → planned, for a marked submission whose request was never started. */
    unmarkSubmitting: (submissionId: number): void => void subUnmark.run(submissionId),
    answerSubmission: (id: number, state: SubmissionState, batchId: string | null, error: { class: string; code: string; text: string } | null, at: string): void =>
      void subAnswered.run(state, batchId, error?.class ?? null, error?.code ?? null, error?.text ?? null, at, id),
    messageOutcome: (id: number, state: MessageState, providerMsgId: string | null, batchId: string | null, code: string | null, errorText: string | null, at: string): void =>
      void msgOutcome.run(state, providerMsgId, batchId, code, errorText, at, id),
    /** Every message of a submission not yet answered to one state. */
    allMessagesOf: (submissionId: number, state: MessageState, errorText: string | null, at: string): number =>
      msgAllOf.run({ state, error: errorText, at, sub: submissionId }).changes,
    /**
     * Answers, set based. Each submission is submitted with its batch id (answerSubmission);
     * its messages, where `outcomes` is null (every one accepted, nothing of its own), as
     * allMessagesOf(id, 'submitted', null, at) writes them, else each as messageOutcome.
     */
    recordAnswers: (answers: readonly AnswerRecord[]): void => {
      if (answers.length === 0) return;
      subsAccepted.run(JSON.stringify(answers.map((a) => [a.id, a.batchId, a.at])));
      // Small uniform answers share one statement; a large one has its own, plain, one:
      // UPDATE … FROM costs ~10% more per row, more than a statement saves it.
      const uniform = answers.filter((a) => a.outcomes === null);
      const small = uniform.filter((a) => a.messages < OWN_STATEMENT_MESSAGES);
      if (small.length > 0) msgsAccepted.run(JSON.stringify(small.map((a) => [a.id, a.batchId, a.at])));
      for (const a of uniform) if (a.messages >= OWN_STATEMENT_MESSAGES) msgAllOf.run({ state: 'submitted', error: null, at: a.at, sub: a.id });
      // One row per message, the first outcome given for it: as one statement per outcome
      // did (the later ones found it settled), where one UPDATE … FROM would pick any.
      const seen = new Set<number>();
      const each: unknown[] = [];
      for (const a of answers) {
        for (const o of a.outcomes ?? []) {
          if (seen.has(o.id)) continue;
          seen.add(o.id);
          each.push([o.id, o.state, o.providerMsgId, a.batchId, o.code, o.errorText, a.at]);
        }
      }
      if (each.length > 0) msgsOutcome.run(JSON.stringify(each));
    },
    /** submitting → planned: the request was never accepted. */
    backToPlanned: (submissionId: number, code: string, text: string, at: string): void => {
      subBack.run(code, text, at, submissionId);
      msgBack.run(submissionId);
    },
    stuckSubmitting: (campaignId: number): number[] => stuck.all(campaignId).map((r) => r.id),
    submissionCount: (campaignId: number): number => submissionCount.get(campaignId)?.n ?? 0,
    /** A planned submission handed to another account: its messages are re-planned there. */
    moveSubmission: (id: number, why: string, at: string): JournalMessage[] => {
      const rows = plannedOf.all(id);
      refuseSub.run('moved', why, at, id);
      return rows;
    },

    counts: (campaignId: number): Partial<Record<MessageState, number>> => {
      const out: Partial<Record<MessageState, number>> = {};
      for (const r of counts.all(campaignId)) out[r.state] = r.n;
      return out;
    },
    /** A campaign's unknown messages the user confirmed as sent; returns how many. */
    markUnknownSent: (campaignId: number): number => unknownToSent.run(campaignId).changes,
    unknownAccounts: (campaignId: number): number[] => unknownAccounts.all(campaignId),
    unknownOfAccount: (accountId: number): { id: number; mobile: string; text: string }[] => unknownOfAccount.all(accountId, accountId),
    knownToMobiles: (accountId: number, mobiles: string[]): { mobile: string; text: string }[] => knownToMobiles.all(JSON.stringify(mobiles), accountId),
    /** An unknown message settled by the provider's own records; `note` is appended to its error text. */
    settleUnknown: (id: number, state: 'submitted' | 'rejected', note: string): boolean => settleUnknown.run(state, note, id).changes === 1,
    cancelPlanned: (campaignId: number, at: string): number => {
      const n = cancelPlannedMsgs.run({ at, campaign: campaignId }).changes;
      cancelPlannedSubs.run(at, campaignId);
      return n;
    },
  };
}

export type JournalQueries = ReturnType<typeof journalQueries>;
