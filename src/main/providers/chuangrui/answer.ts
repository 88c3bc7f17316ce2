// Reading 创瑞's one-line answers. Sending (§1.7): `code,sendid,invalidcount,successcount,blackcount,msg`,
// only `code,msg` when code ≠ 0. The document's own example has a space after the first
// comma ("0, 2014…"), and msg is free text that may itself hold commas, so fields are
// trimmed and everything after the last fixed field is the message, verbatim.
// Balance (§2.3): "code为获取状态,balance是用户余额" without an example; read as `code,balance`
// in the same CSV style, and `code,msg` on failure.

export type SendAnswer =
  | { ok: true; sendid: string; invalid: number; success: number; black: number; msg: string }
  | { ok: false; code: string; msg: string };

export type BalanceAnswer = { ok: true; amount: number } | { ok: false; code: string; msg: string };

const CODE = /^-?\d+$/;
const COUNT = /^\d+$/;
const AMOUNT = /^-?\d+(\.\d+)?$/;

/**
 * The answer's single line: BOM and surrounding blank lines dropped. Null when the body
 * holds more than one non-empty line, which the document never describes.
 */
export function answerLine(body: string): string | null {
  const lines = body
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length === 1 ? lines[0] : null;
}

/** Splits on commas into at most `n` fields; the last field keeps the rest, commas included. */
export function splitFields(line: string, n: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (out.length < n - 1) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    out.push(rest.slice(0, comma).trim());
    rest = rest.slice(comma + 1);
  }
  out.push(rest.trim());
  return out;
}

/** Null when the body is not the documented answer (the caller reports it as unparseable). */
export function parseSendAnswer(body: string): SendAnswer | null {
  const line = answerLine(body);
  if (line === null) return null;
  const [code, ...rest] = splitFields(line, 2);
  if (!CODE.test(code)) return null;
  if (code !== '0') return { ok: false, code, msg: rest[0] ?? '' };
  // Five fixed fields; msg may be missing, the sendid and counts may not.
  const fields = splitFields(line, 6);
  if (fields.length < 5) return null;
  const [, sendid, invalid, success, black, msg = ''] = fields;
  if (!/^[0-9A-Za-z_-]+$/.test(sendid)) return null;
  if (![invalid, success, black].every((c) => COUNT.test(c))) return null;
  return { ok: true, sendid, invalid: Number(invalid), success: Number(success), black: Number(black), msg };
}

export function parseBalanceAnswer(body: string): BalanceAnswer | null {
  const line = answerLine(body);
  if (line === null) return null;
  const [code, rest = ''] = splitFields(line, 2);
  if (!CODE.test(code)) return null;
  if (code !== '0') return { ok: false, code, msg: rest };
  // Tolerate a trailing message after the amount ("0,1234,成功"), not a missing amount.
  const [amount] = splitFields(rest, 2);
  if (!AMOUNT.test(amount)) return null;
  return { ok: true, amount: Number(amount) };
}
