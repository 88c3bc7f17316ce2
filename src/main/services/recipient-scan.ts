// The estimate's one pass over a list: every contact rendered with the compiled
// template, counted with the provider's segment rule and billing, and checked against
// the per-recipient preflight rules. Contacts are read in keyset pages of PAGE rows and
// the event loop gets a turn between pages: no statement stays open across that turn
// (better-sqlite3 refuses other statements while one iterates), and a million contacts
// do not freeze the app's main process for the whole pass.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import { billedLength } from '../../shared/compose';
import type { Capabilities } from '../../shared/providers';
import { partsFor } from '../../shared/segments';
import { render, type CompiledTemplate, type EmptyPolicy } from '../../shared/template';
import type { EstimateQueries, SentCounts } from '../db/estimate';
import { EXAMPLES, newTallies, type RecipientTallies } from './preflight';
import type { Reservoir } from './provider-words';
import type { WordMatcher } from './word-matcher';

const PAGE = 5000;

export interface ScanPlan {
  listId: number;
  compiled: CompiledTemplate;
  caps: Capabilities;
  signature: string | null;
  policy: EmptyPolicy;
  /** Mobiles left out (the opt-out list, for marketing); null: nobody is. */
  optedOut: Set<string> | null;
  /** Parts of the template with every placeholder empty. */
  baseParts: number;
  matcher: WordMatcher | null;
  /** Numbers at or over a frequency limit, and the limits (Infinity where none). */
  history: Map<string, SentCounts>;
  limits: { day: number; recent: number };
  /** Checking verification codes per 3 minutes (kind 'verification'). */
  verification: boolean;
  sample: Reservoir | null;
}

export interface ScanResult {
  /** Messages that would be sent (refused and opted-out contacts excluded). */
  recipients: number;
  skippedOptedOut: number;
  /** count by parts: byParts[p] recipients need p parts. */
  byParts: number[];
  totalParts: number;
  longest: { mobile: string; text: string; length: number; parts: number } | null;
  extra: { count: number; examples: { mobile: string; length: number; parts: number }[] };
  tallies: RecipientTallies;
}

export async function scanRecipients(q: EstimateQueries, p: ScanPlan, signal?: AbortSignal): Promise<ScanResult> {
  const r: ScanResult = { recipients: 0, skippedOptedOut: 0, byParts: [], totalParts: 0, longest: null, extra: { count: 0, examples: [] }, tallies: newTallies() };
  const t = r.tallies;
  const { compiled, caps, signature, policy, matcher, history, limits, sample, optedOut } = p;
  const maxChars = caps.send.maxChars;
  let longest = -1;
  let after = 0;
  for (;;) {
    signal?.throwIfAborted();
    const rows = q.scanPage(p.listId, after, PAGE);
    for (const [, mobile, fields] of rows) {
      if (optedOut?.has(mobile)) {
        r.skippedOptedOut++;
        continue;
      }
      const { text, empty } = render(compiled, JSON.parse(fields) as string[], policy);
      if (empty.length) {
        t.empty.add(mobile);
        for (const name of empty) t.emptyNames.add(name);
        continue;
      }
      const length = billedLength(text, caps, signature);
      const parts = partsFor(length, caps.segments);
      r.recipients++;
      r.totalParts += parts;
      r.byParts[parts] = (r.byParts[parts] ?? 0) + 1;
      if (length > longest) {
        longest = length;
        r.longest = { mobile, text, length, parts };
      }
      if (parts > p.baseParts) {
        r.extra.count++;
        if (r.extra.examples.length < EXAMPLES) r.extra.examples.push({ mobile, length, parts });
      }
      if (length > maxChars) t.tooLong.add(mobile);
      if (matcher) {
        const hits = matcher.find(text);
        if (hits.length) {
          t.localWords.add(mobile);
          for (const h of hits) t.localWordsFound.add(matcher.words[h]);
        }
      }
      const sent = history.get(mobile);
      if (sent) {
        if (sent.day >= limits.day) t.daily.add(mobile);
        if (p.verification && sent.recent >= limits.recent) t.verification.add(mobile);
      }
      sample?.offer(mobile, text);
    }
    if (rows.length < PAGE) return r;
    after = rows[rows.length - 1][0];
    await yieldTurn();
  }
}
