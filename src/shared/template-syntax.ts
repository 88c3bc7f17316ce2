// Placeholder typos a template can be saved with but never merges: they would reach
// every recipient verbatim. Checked when a template is saved, before any list is
// known (unknown names are the preview's and the estimate's business).
//
// What counts as a typo, and why only these:
//   ＜姓名＞   full-width angle brackets, what a Chinese input method types;
//   <姓 名>   brackets around something that is not a placeholder name (spaces, dots,
//             empty, longer than 40): "1<2 and 3>2" would be flagged too, a price
//             comparison SMS practically never carries;
//   <姓名您好 an opening bracket followed by a letter and never closed. "价格<100元"
//             is not flagged: a digit after '<' reads as a comparison.
// 《书名》 (book-title marks) are ordinary text and not flagged.

export interface PlaceholderTypo {
  /** The text as written, e.g. '＜姓名＞'. */
  fragment: string;
  /** Character offset in the template. */
  index: number;
}

const VALID = /^<[\p{L}\p{N}_-]{1,40}>$/u;
const FULL_WIDTH = /＜[^＜＞\n]{0,41}＞/gu;
const BRACKETED = /<[^<>\n]{0,41}>/gu;
const UNCLOSED = /<[\p{L}_][^<>\n]*(?=<|\n|$)/gu;

export function placeholderTypos(body: string): PlaceholderTypo[] {
  const found: PlaceholderTypo[] = [];
  for (const m of body.matchAll(FULL_WIDTH)) found.push({ fragment: m[0], index: m.index ?? 0 });
  for (const m of body.matchAll(BRACKETED)) if (!VALID.test(m[0])) found.push({ fragment: m[0], index: m.index ?? 0 });
  for (const m of body.matchAll(UNCLOSED)) found.push({ fragment: m[0].slice(0, 12), index: m.index ?? 0 });
  return found.sort((a, b) => a.index - b.index);
}
