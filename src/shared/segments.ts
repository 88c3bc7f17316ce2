// How many SMS parts a text needs, the way mainland providers bill: up to `single`
// characters (70) is one part; longer texts are split `multi` (67) per part. Every
// character counts 1, Chinese or Latin, as every provider document here says ("英文和
// 数字都算一个字", "一个英文字符和汉字占相同字数").
//
// Characters outside the BMP (emoji, rare CJK extension-B characters) count 2: a
// carrier sends SMS as UCS-2, where such a character takes two code units (a surrogate
// pair), and the providers count UCS-2 units. Counting them 1 would under-price.

export interface SegmentRule {
  single: number;
  multi: number;
}

export const DEFAULT_SEGMENTS: SegmentRule = { single: 70, multi: 67 };

/** Billing length: UTF-16 code units, i.e. 1 per BMP character, 2 per astral one. */
export function billingLength(text: string): number {
  return text.length;
}

export function partsFor(length: number, rule: SegmentRule = DEFAULT_SEGMENTS): number {
  if (length <= rule.single) return 1;
  return Math.ceil(length / rule.multi);
}

export function countParts(text: string, rule: SegmentRule = DEFAULT_SEGMENTS): number {
  return partsFor(billingLength(text), rule);
}
