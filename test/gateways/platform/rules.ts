// The document's content rules, as the simulated platform enforces them.

/** Numbers a mainland channel can deliver to. */
export const MOBILE = /^1[3-9]\d{9}$/;

/** 第0章: 70 characters bill one part; longer texts bill 67 per part (71 → 2, 134 → 2, 135 → 3). */
export function billedParts(text: string): number {
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}

/**
 * "提交内容格式：内容+【签名】 … 签名字数3-8个字". The last 【…】 in the text is taken as the
 * signature (lenient on what follows it, e.g. an opt-out suffix).
 */
export function signatureOf(text: string): string | null {
  const all = [...text.matchAll(/【([^【】]*)】/g)];
  return all.length ? all[all.length - 1][1] : null;
}

/** "发送内容带有（验证码）". */
export function isVerification(text: string): boolean {
  return text.includes('验证码');
}

/** 9.1: "连续的@最多允许出现5次". */
export function longestAtRun(template: string): number {
  return Math.max(0, ...(template.match(/@+/g) ?? []).map((r) => r.length));
}
