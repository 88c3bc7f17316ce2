// The fewest requests: identical texts share a multi-number request on the account's
// endpoint, different texts travel together in BatchSms.ashx. A number appears at most
// once per request of either kind (BatchSms forbids it; on a mobile list a duplicate
// could be merged by the server and one message would silently vanish).
import { travelsInGbk } from '../util';
import type { OutboundMessage, Submission } from '../types';
import { FORMS, MAX_BATCH_ITEMS, MAX_MOBILES_PER_REQUEST, type Form } from './capabilities';

interface Indexed {
  i: number;
  m: OutboundMessage;
}

/**
 * Splits items into the fewest bins of at most `cap` with no mobile twice in a bin:
 * max(ceil(n / cap), most copies of one mobile). Without duplicates, plain chunks in
 * order; with them, copies of one mobile are dealt round-robin so each lands in a
 * different bin (bins then differ in size by at most one).
 */
export function packUnique<T extends Indexed>(items: readonly T[], cap: number): T[][] {
  if (items.length === 0) return [];
  if (items.length === 1) return [[items[0]]];
  const byMobile = new Map<string, T[]>();
  for (const it of items) {
    const list = byMobile.get(it.m.mobile);
    if (list) list.push(it);
    else byMobile.set(it.m.mobile, [it]);
  }
  let maxDup = 0;
  for (const list of byMobile.values()) maxDup = Math.max(maxDup, list.length);
  const bins = Math.max(Math.ceil(items.length / cap), maxDup);
  if (maxDup <= 1) {
    const out: T[][] = [];
    for (let k = 0; k < items.length; k += cap) out.push(items.slice(k, k + cap));
    return out;
  }
  const out: T[][] = Array.from({ length: bins }, () => []);
  let j = 0;
  for (const list of byMobile.values()) for (const it of list) out[j++ % bins].push(it);
  for (const bin of out) bin.sort((a, b) => a.i - b.i);
  return out;
}

/** Texts the GB2312 endpoint cannot carry unchanged (emoji, rare characters). */
export function fitsGb2312(text: string): boolean {
  return travelsInGbk(text);
}

/**
 * Counts of copies per mobile among the batch lines, kept so the most-copies figure
 * can be lowered as lines leave the batch (it only ever goes down).
 */
class Multiplicity {
  private readonly count = new Map<string, number>();
  private readonly histogram: number[] = [0];
  max = 0;

  add(mobile: string): void {
    const c = (this.count.get(mobile) ?? 0) + 1;
    this.count.set(mobile, c);
    this.histogram[c - 1] = (this.histogram[c - 1] ?? 0) - (c > 1 ? 1 : 0);
    this.histogram[c] = (this.histogram[c] ?? 0) + 1;
    if (c > this.max) this.max = c;
  }

  remove(mobile: string): void {
    const c = this.count.get(mobile) ?? 0;
    if (c === 0) return;
    this.count.set(mobile, c - 1);
    this.histogram[c]--;
    if (c - 1 > 0) this.histogram[c - 1]++;
    while (this.max > 0 && !this.histogram[this.max]) this.max--;
  }
}

export function planPlatform(messages: readonly OutboundMessage[], sameTextForm: Form): Submission[] {
  const indexed = messages.map((m, i) => ({ i, m }));
  const groups = new Map<string, Indexed[]>();
  for (const x of indexed) {
    const g = groups.get(x.m.text);
    if (g) g.push(x);
    else groups.set(x.m.text, [x]);
  }
  // Candidate same-text requests: each text's messages packed at the mobile cap.
  const chunks: Indexed[][] = [];
  for (const group of groups.values()) {
    if (group.length === 1) chunks.push(group);
    else chunks.push(...packUnique(group, MAX_MOBILES_PER_REQUEST));
  }
  // Every candidate costs one request and takes its size out of the batch; taking the
  // largest first maximises what leaves the batch for any number taken, so scanning
  // that number gives the minimum total. Sizes are at most the cap: a bucket sort.
  const buckets: number[][] = Array.from({ length: MAX_MOBILES_PER_REQUEST + 1 }, () => []);
  chunks.forEach((c, k) => buckets[c.length].push(k));
  const order = buckets.reverse().flat();
  const mult = new Multiplicity();
  for (const x of indexed) mult.add(x.m.mobile);
  let batchLines = indexed.length;
  const batchCost = (): number => (batchLines === 0 ? 0 : Math.max(Math.ceil(batchLines / MAX_BATCH_ITEMS), mult.max));
  let best = { taken: 0, cost: batchCost(), maxDup: mult.max };
  // Taking more than the best total costs more than it whatever the batch: stop there.
  for (let taken = 1; taken <= order.length && taken <= best.cost; taken++) {
    for (const x of chunks[order[taken - 1]]) mult.remove(x.m.mobile);
    batchLines -= chunks[order[taken - 1]].length;
    const cost = taken + batchCost();
    // Ties go to more same-text requests: the endpoint the user chose, no gzip.
    if (cost <= best.cost) best = { taken, cost, maxDup: mult.max };
  }

  const same = new Set(order.slice(0, best.taken));
  const submissions: { first: number; s: Submission }[] = [];
  const rest: Indexed[] = [];
  chunks.forEach((chunk, k) => {
    if (!same.has(k)) {
      for (const x of chunk) rest.push(x);
      return;
    }
    const text = chunk[0].m.text;
    // smsGBK.aspx would turn what GB2312 lacks into '?': such texts go as UTF-8.
    const form = sameTextForm === FORMS.gbk && !fitsGb2312(text) ? FORMS.sms : sameTextForm;
    submissions.push({ first: chunk[0].i, s: { form, messages: chunk.map((x) => x.m) } });
  });
  rest.sort((a, b) => a.i - b.i);
  const bins = best.maxDup <= 1 ? chunkInOrder(rest, MAX_BATCH_ITEMS) : packUnique(rest, MAX_BATCH_ITEMS);
  for (const bin of bins) submissions.push({ first: bin[0].i, s: { form: FORMS.batch, messages: bin.map((x) => x.m) } });
  return submissions.sort((a, b) => a.first - b.first).map((x) => x.s);
}

function chunkInOrder<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size));
  return out;
}
