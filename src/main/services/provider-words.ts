// The provider's own sensitive-word check (smsadmin 6. 敏感字查询), where a driver has
// one. Each check is an HTTP round trip to the provider, so a million recipients cannot
// each be checked: the estimate asks about
//   1. the template with its placeholders empty (signature included): a word found
//      there concerns every recipient;
//   2. a sample of rendered texts (a reservoir sample over the whole list, so the end
//      of a list is as likely as its start), packed several to a call, at most
//      SAMPLE_CALLS calls.
// Values are where the rare surprises hide (a product name, a shop's street), and a
// sample finds a word common enough to matter; the finding says how many were checked.
import { toErrorBody } from '../../shared/errors';
import type { Finding } from '../../shared/views';
import type { Driver } from '../providers/types';
import { finding, Tally } from './preflight';

export interface WordCheck {
  checkSensitiveWords(text: string, signal?: AbortSignal): Promise<string[]>;
}

export function canCheckWords(driver: Driver): driver is Driver & WordCheck {
  return typeof (driver as Partial<WordCheck>).checkSensitiveWords === 'function';
}

/** Rendered texts the sample keeps. */
export const SAMPLE_SIZE = 40;
/** Calls spent on the sample (one more checks the template). */
export const SAMPLE_CALLS = 4;
/** Characters packed into one call: within the 300 the provider accepts for a message. */
const CALL_CHARS = 280;

export interface Sampled {
  mobile: string;
  text: string;
}

/**
 * Reservoir sampling (Algorithm R) with a fixed-seed generator: every recipient equally
 * likely, and the same list gives the same sample (estimates repeat).
 */
export class Reservoir {
  readonly items: Sampled[] = [];
  private seen = 0;
  private seed = 0x2545f491;

  constructor(private readonly size = SAMPLE_SIZE) {}

  offer(mobile: string, text: string): void {
    this.seen++;
    if (this.items.length < this.size) {
      this.items.push({ mobile, text });
      return;
    }
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    const j = this.seed % this.seen;
    if (j < this.size) this.items[j] = { mobile, text };
  }
}

/** Distinct texts packed into at most `calls` strings of about CALL_CHARS, one text per line. */
function pack(texts: string[], calls: number): { batches: string[]; checked: Set<string> } {
  const batches: string[] = [];
  const checked = new Set<string>();
  for (const text of texts) {
    if (checked.has(text)) continue;
    const last = batches.length - 1;
    if (last >= 0 && batches[last].length + 1 + text.length <= CALL_CHARS) batches[last] += '\n' + text;
    else if (batches.length < calls) batches.push(text);
    else continue;
    checked.add(text);
  }
  return { batches, checked };
}

export async function providerWordFindings(check: WordCheck, literal: string, sample: Sampled[], signal?: AbortSignal): Promise<Finding[]> {
  const out: Finding[] = [];
  try {
    const inTemplate = await check.checkSensitiveWords(literal, signal);
    if (inTemplate.length) {
      out.push(
        finding(
          'sensitive.provider',
          'error',
          { zh: `服务商指出模板含有敏感词：${inTemplate.join('、')}，会拒绝发送。`, en: `The provider flags sensitive words in the template: ${inTemplate.join(', ')}; it would refuse the send.` },
          { zh: '修改模板，避开这些词。', en: 'Reword the template to avoid them.' },
        ),
      );
    }
    const { batches, checked } = pack(sample.map((s) => s.text), SAMPLE_CALLS);
    const flagged = new Set<string>();
    for (const batch of batches) for (const w of await check.checkSensitiveWords(batch, signal)) if (!inTemplate.includes(w)) flagged.add(w);
    if (flagged.size === 0) return out;
    const hit = new Tally();
    for (const s of sample) if (checked.has(s.text) && [...flagged].some((w) => s.text.includes(w))) hit.add(s.mobile);
    const words = [...flagged];
    out.push(
      finding(
        'sensitive.provider',
        'error',
        {
          zh: `服务商抽查了 ${checked.size} 条短信内容，其中 ${hit.count} 条含有敏感词：${words.join('、')}（来自变量值）。其余收件人未逐条检查。`,
          en: `The provider checked a sample of ${checked.size} texts; ${hit.count} contain sensitive words: ${words.join(', ')} (from merged values). The other recipients were not checked one by one.`,
        },
        { zh: '修改列表中含这些词的值，并把这些词加入本地敏感词表以检查全部收件人。', en: 'Change the values carrying these words, and add them to your local sensitive-word list to check every recipient.' },
        hit,
      ),
    );
  } catch (err) {
    if (signal?.aborted) throw err;
    const why = toErrorBody(err);
    out.push(
      finding(
        'sensitive.provider-unchecked',
        'warning',
        { zh: `无法向服务商查询敏感词：${why.zh}`, en: `Could not ask the provider about sensitive words: ${why.en}` },
        { zh: '检查网络和账户后重新估算。', en: 'Check the network and the account, then estimate again.' },
      ),
    );
  }
  return out;
}
