// The shape of a table from its first rows: is the first row a header, which column
// holds the mobiles, and what the columns are called.
import { normalizeMobile } from '../../shared/mobile';

export interface Layout {
  hasHeader: boolean;
  /** One name per column: the header's cells, or 列1, 列2 … */
  headers: string[];
  mobileColumn: number | null;
}

const NUMBERISH = /^[\s\d+\-.()（）Ee\uFF10-\uFF19]*\d[\s\d+\-.()（）Ee\uFF10-\uFF19]*$/;
const MOBILE_HEADER = /手机|电话|号码|mobile|phone|tel/i;

/** A header row is one whose would-be mobile cell is not a number. */
const looksNumeric = (cell: string | undefined): boolean => cell !== undefined && NUMBERISH.test(cell);

/** The column where most cells are valid mobiles (at least half of the rows that have one). */
function mobileColumnOf(rows: string[][]): number | null {
  const width = Math.max(0, ...rows.map((r) => r.length));
  let best: number | null = null;
  let bestCount = 0;
  for (let c = 0; c < width; c++) {
    const count = rows.reduce((n, r) => n + (r[c] !== undefined && normalizeMobile(r[c]).ok ? 1 : 0), 0);
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best !== null && bestCount * 2 >= rows.length ? best : null;
}

export function columnName(index: number): string {
  return `列${index + 1}`;
}

/** Field names must be unique (templates name them): a repeated name gets _2, _3 … */
export function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; seen.has(candidate); n++) candidate = `${name}_${n}`;
    seen.add(candidate);
    return candidate;
  });
}

function lastNonEmpty(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i].trim() !== '') return i;
  return 0;
}

/** `sample`: the first non-blank rows of the file; `hasHeader` when the user said. */
export function layoutOf(sample: string[][], hasHeader?: boolean): Layout {
  const [first = [], ...rest] = sample;
  let header = hasHeader;
  if (header === undefined) {
    const guess = mobileColumnOf(rest.length > 0 ? rest : [first]);
    header = guess === null ? first.length > 0 && !first.some((c) => looksNumeric(c)) : !looksNumeric(first[guess]);
  }
  const data = header ? rest : sample;
  // With a header, the header says how many columns there are (trailing empty header
  // cells are Excel's formatting, not columns); without one, the widest sampled row.
  const width = header ? lastNonEmpty(first) + 1 : Math.max(1, ...sample.map((r) => r.length));
  const names = Array.from({ length: width }, (_, i) => (header ? first[i]?.trim() : '') || columnName(i));
  let mobileColumn = mobileColumnOf(data);
  if (mobileColumn === null && header) {
    const named = names.findIndex((n) => MOBILE_HEADER.test(n));
    mobileColumn = named >= 0 ? named : null;
  }
  return { hasHeader: header, headers: uniqueNames(names), mobileColumn };
}
