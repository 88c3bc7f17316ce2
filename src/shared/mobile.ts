// Mainland China mobile numbers as they arrive from spreadsheets: with spaces, dashes,
// +86 prefixes, full-width digits, Excel's trailing ".0", or mangled by Excel into
// scientific notation. Pure: the renderer validates with it too.

export type MobileResult =
  | { ok: true; mobile: string }
  | { ok: false; reason: 'empty' | 'scientific' | 'not-mobile'; message: { zh: string; en: string } };

const MOBILE = /^1[3-9]\d{9}$/;
// Full-width digits ０-９ and plus sign ＋ become ASCII.
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0B]/g;
// Spaces of every kind (incl. ideographic U+3000, NBSP), dashes, parentheses (also full-width).
const SEPARATORS = /[\s\u00A0\u3000\uFEFF\-\u2010-\u2015\u2212\uFF0D()\uFF08\uFF09[\]]/g;
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;

/** What is shown of the raw value in a message: long junk is cut. */
function shown(raw: string): string {
  const t = raw.trim();
  return t.length > 30 ? t.slice(0, 30) + '…' : t;
}

export function normalizeMobile(raw: string): MobileResult {
  // Most cells are already clean: a million of them should not each pay for the regexes below.
  if (MOBILE.test(raw)) return { ok: true, mobile: raw };
  const compact = raw.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(SEPARATORS, '');
  if (compact === '') {
    return { ok: false, reason: 'empty', message: { zh: '手机号为空。', en: 'The mobile number is empty.' } };
  }
  if (SCIENTIFIC.test(compact)) {
    // Excel shows long numbers as 1.38E+10 in a narrow General column and saves a CSV
    // as shown: the last digits are gone and cannot be guessed back.
    return {
      ok: false,
      reason: 'scientific',
      message: {
        zh: `“${shown(raw)}”是科学计数法，Excel 保存时已丢失号码的后几位。请在 Excel 中把该列设为“文本”或“数值（0 位小数）”格式后重新另存为 CSV，或直接导入 .xlsx 文件。`,
        en: `"${shown(raw)}" is in scientific notation: Excel lost the last digits when saving. In Excel, format the column as Text or Number (0 decimals) and save the CSV again, or import the .xlsx file itself.`,
      },
    };
  }
  // Excel writes a numeric cell as 13800138000.0 in some exports; dots elsewhere are separators.
  let digits = compact.replace(/\.0+$/, '').replace(/\./g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086') && digits.length === 15) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  if (MOBILE.test(digits)) return { ok: true, mobile: digits };
  return {
    ok: false,
    reason: 'not-mobile',
    message: {
      zh: `“${shown(raw)}”不是中国大陆手机号（应为 1 开头的 11 位数字）。`,
      en: `"${shown(raw)}" is not a mainland China mobile number (11 digits starting with 1).`,
    },
  };
}
