// Answers are recorded set-based (recordAnswers) instead of one answer at a time
// (answerSubmission + allMessagesOf or messageOutcome): the journal and the counts must
// come out the same, and messages already settled must stay as they are.
import { afterEach, describe, expect, it } from 'vitest';
import { journalQueries } from '../../src/main/db/journal';
import { members, seedList } from '../helpers/lists';
import { tempCore } from '../helpers/tmp';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A planned campaign of 3000 same-text messages on smsadmin: 3 submissions of 1000. */
async function planned() {
  const core = tempCore();
  cleanups.push(() => core.remove());
  const account = core.accounts.add({ name: 'sa', provider: 'smsadmin', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', signature: '门店', unitPrice: 0.05, options: {} });
  const { campaign, submissions } = await core.campaigns.create({ listId: seedList(core.db, '会员', ['姓名', 'code'], members(3000)), accountId: account.id, body: '本周会员日', emptyPolicy: { kind: 'refuse' }, kind: 'notification' });
  const journal = journalQueries(core.db);
  const subs = core.db.prepare<[number], { id: number }>('SELECT id FROM submissions WHERE campaign_id = ? ORDER BY id').all(campaign.id).map((r) => r.id);
  expect(subs).toHaveLength(submissions);
  expect(submissions).toBe(3);
  // One message of the first submission was already settled (a cancel that raced, say).
  const settled = journal.messagesOf(subs[0])[0].id;
  core.db.prepare("UPDATE messages SET state = 'cancelled' WHERE id = ?").run(settled);
  expect(journal.markManySubmitting(subs, '2026-12-04T00:00:00.000Z')).toEqual(new Set(subs));
  const snapshot = () => ({
    subs: core.db.prepare('SELECT id, state, provider_batch_id, error_class, error_code, error_text, answered_at FROM submissions WHERE campaign_id = ? ORDER BY id').all(campaign.id),
    // Keys differ between data folders (their install id): our own key shows as '<key>'.
    messages: core.db
      .prepare(
        `SELECT m.id, m.submission_id, m.state, m.provider_msg_id, m.status_code, CASE WHEN m.provider_batch_id = s.key THEN '<key>' ELSE m.provider_batch_id END AS provider_batch_id, m.error_text, m.submitted_at
         FROM messages m JOIN submissions s ON s.id = m.submission_id WHERE m.campaign_id = ? ORDER BY m.id`,
      )
      .all(campaign.id),
    counts: journal.counts(campaign.id),
  });
  return { core, journal, subs, snapshot };
}

describe('markManySubmitting', () => {
  it('marks only submissions still planned, once each, and says which', async () => {
    const { core, journal, subs } = await planned();
    // Already marked by planned(): none is planned any more.
    expect(journal.markManySubmitting(subs, '2026-12-04T00:00:01.000Z')).toEqual(new Set());
    journal.unmarkSubmitting(subs[1]);
    expect(journal.markManySubmitting(subs, '2026-12-04T00:00:02.000Z')).toEqual(new Set([subs[1]]));
    const rows = core.db.prepare<[], { state: string; attempts: number }>('SELECT state, attempts FROM submissions ORDER BY id').all();
    expect(rows).toEqual(subs.map(() => ({ state: 'submitting', attempts: 1 })));
  });
});

describe('recordAnswers', () => {
  it('writes what answerSubmission and allMessagesOf write for each answer, one answer or many', async () => {
    // `messages` only chooses the statement (one for small answers together, one each for large): both are exercised.
    const answers = (subs: number[]) => subs.map((id, i) => ({ id, batchId: i % 2 ? null : `B${i}`, at: `2026-12-04T00:00:0${i}.000Z`, messages: i < 2 ? 1 : 1000, outcomes: null }));
    const one = await planned();
    one.core.db.transaction(() => {
      for (const a of answers(one.subs)) {
        one.journal.answerSubmission(a.id, 'submitted', a.batchId, null, a.at);
        one.journal.allMessagesOf(a.id, 'submitted', null, a.at);
      }
    })();
    const many = await planned();
    many.core.db.transaction(() => many.journal.recordAnswers(answers(many.subs)))();
    const after = many.snapshot();
    expect(after).toEqual(one.snapshot());
    // Not vacuous: every submission answered, the one settled message kept, the rest sent with a batch id (the provider's, else our key).
    expect(after.counts).toEqual({ submitted: 2999, cancelled: 1 });
    const batches = after.messages.map((m) => (m as { provider_batch_id: string | null }).provider_batch_id);
    expect(batches.filter((b) => b === null)).toHaveLength(1);
    expect(new Set(batches)).toEqual(new Set([null, 'B0', '<key>', 'B2']));
    expect(new Set(after.subs.map((s) => (s as { state: string }).state))).toEqual(new Set(['submitted']));
  });

  it('writes per-message outcomes as messageOutcome does, the first outcome of a message counting', async () => {
    const outcomesFor = (journal: Awaited<ReturnType<typeof planned>>['journal'], sub: number) =>
      journal.messagesOf(sub).map((m, i) => ({
        id: m.id,
        state: i % 3 === 0 ? ('rejected' as const) : ('submitted' as const),
        providerMsgId: i % 3 === 0 ? null : `M${i}`,
        code: i % 3 === 0 ? 'E1' : null,
        errorText: i % 3 === 0 ? 'E1 黑名单' : null,
      }));
    const one = await planned();
    one.core.db.transaction(() => {
      for (const [i, id] of one.subs.entries()) {
        const at = `2026-12-04T00:00:0${i}.000Z`;
        const batch = i === 1 ? null : `B${i}`;
        one.journal.answerSubmission(id, 'submitted', batch, null, at);
        for (const o of outcomesFor(one.journal, id)) one.journal.messageOutcome(o.id, o.state, o.providerMsgId, batch, o.code, o.errorText, at);
      }
    })();
    const many = await planned();
    many.core.db.transaction(() =>
      many.journal.recordAnswers(
        many.subs.map((id, i) => {
          const outcomes = outcomesFor(many.journal, id);
          // A repeated outcome for a message: the first one given is kept, as one statement per outcome did.
          if (i === 2) outcomes.push({ ...outcomes[1], state: 'rejected', code: 'LATE', errorText: 'LATE' });
          return { id, batchId: i === 1 ? null : `B${i}`, at: `2026-12-04T00:00:0${i}.000Z`, messages: outcomes.length, outcomes };
        }),
      ),
    )();
    const after = many.snapshot();
    expect(after).toEqual(one.snapshot());
    // Every third message refused (the cancelled one, the first, stays cancelled).
    expect(after.counts).toEqual({ submitted: 1998, rejected: 1001, cancelled: 1 });
  });
});
