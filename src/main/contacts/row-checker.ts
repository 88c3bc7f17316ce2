// Every row of an import is checked here: a mainland mobile, the fields within bounds,
// not in the list already, not seen earlier in the file. What passes leaves as a
// CheckedBatch per chunk; what fails goes to the rejected rows' CSV with its reason.
// It needs no database, so it runs in the import's worker thread (import-thread.ts)
// while the main thread writes the previous chunk, or in the main thread itself; the
// main thread only decides, from the file's first rows, what to check against.
import type { Bilingual } from '../../shared/providers';
import { normalizeMobile } from '../../shared/mobile';
import { RejectedWriter } from './import-files';
import { openSource, sample, type ReadOptions } from './inspect';
import type { Layout } from './layout';
import { MobileSet, type MobileSetState } from './mobile-set';
import type { SourceRow } from './rows';

/** Longest value a field may hold (as contacts.add allows): longer is no SMS variable. */
export const MAX_FIELD_CHARS = 1000;

export interface Tally {
  read: number;
  invalid: number;
  duplicateInFile: number;
  duplicateInList: number;
  optedOut: number;
  /** Rows with fewer cells than the header: imported, the missing fields left empty. */
  shortRows: number;
}

export const emptyTally = (): Tally => ({ read: 0, invalid: 0, duplicateInFile: 0, duplicateInList: 0, optedOut: 0, shortRows: 0 });

/**
 * One chunk's rows that passed, packed as two strings: a thread passes one string
 * far cheaper than a thousand (the receiving thread rebuilds every array item).
 */
export interface CheckedBatch {
  count: number;
  /** The mobiles, 11 digits each, one after another. */
  mobiles: string;
  /** Each row's fields as a JSON array, joined by newlines (JSON text has none of its own). */
  fields: string;
  /** The counts so far, this chunk included: a cancel or a failure still reports them. */
  tally: Tally;
  bytesRead: number;
}

/** How to check the rows, as the main thread decided it from their layout: plain data, it crosses into the worker as it is. */
export interface CheckPlan {
  mobileColumn: number;
  /** The columns kept as fields, in the order they are stored. */
  columns: number[];
  /** Why a row whose mobile is in `existing` is rejected. */
  alreadyThere: Bilingual;
  /** The mobiles already there (rows with one are rejected). */
  existing: MobileSetState;
  /** Mobiles whose rows are imported but counted as opted out. */
  flagged: MobileSetState;
  /** Where the rejected rows' CSV goes. */
  rejectedFile: string;
}

/** The file to read, and how: plain data, for either thread. */
export interface FileToCheck {
  path: string;
  read: ReadOptions;
}

const tooManyCells = (n: number, width: number): Bilingual => ({
  zh: `这一行有 ${n} 个单元格，比表头的 ${width} 列多（多半是值里有未加引号的逗号），未导入。`,
  en: `This row has ${n} cells, more than the ${width} columns of the header (often an unquoted comma in a value); not imported.`,
});
const fieldTooLong = (name: string): Bilingual => ({
  zh: `“${name}”列的内容超过 ${MAX_FIELD_CHARS} 个字符，未导入。`,
  en: `The "${name}" value is longer than ${MAX_FIELD_CHARS} characters; not imported.`,
});
const sameAsRow = (line: number): Bilingual => ({ zh: `与第 ${line} 行的号码重复。`, en: `Same mobile as row ${line}.` });

/** Whether JSON.stringify would write the string other than between quotes as it is. */
function needsEscape(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // Controls, '"', '\\', and surrogates (a lone one is escaped; a pair is left to it).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/**
 * JSON.stringify(values) for an array of strings, built by hand where no value needs
 * escaping (nearly every cell): JSON.stringify took ~300 ns a row of four short Chinese
 * values, more than a third of checking the row.
 */
export function jsonArray(values: string[]): string {
  let json = '["';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (needsEscape(v)) return JSON.stringify(values);
    json += i === 0 ? v : '","' + v;
  }
  return values.length === 0 ? '[]' : json + '"]';
}

function hasValueFrom(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return true;
  return false;
}

const MOBILE_DIGITS = 11;

/** Calls `row` with each passed row's mobile and fields JSON, in file order. */
export function eachRow(batch: CheckedBatch, row: (mobile: string, fields: string) => void): void {
  const fields = batch.fields.split('\n');
  for (let i = 0; i < batch.count; i++) row(batch.mobiles.slice(i * MOBILE_DIGITS, (i + 1) * MOBILE_DIGITS), fields[i]);
}

export class RowChecker {
  readonly tally: Tally = emptyTally();
  /** Mobiles passed so far, with the row each was first seen on. */
  private readonly seen = new MobileSet();
  private readonly existing: MobileSet;
  private readonly flagged: MobileSet;
  private mobiles: string[] = [];
  private fields: string[] = [];

  constructor(
    private readonly plan: CheckPlan,
    /** The file's columns, as its layout names them. */
    private readonly headers: string[],
    private readonly rejected: RejectedWriter,
  ) {
    this.existing = MobileSet.fromState(plan.existing);
    this.flagged = MobileSet.fromState(plan.flagged);
  }

  /** Checks one chunk's rows; the rejected ones are written out before it returns. */
  check(rows: SourceRow[], bytesRead: number): CheckedBatch {
    this.mobiles = [];
    this.fields = [];
    for (const row of rows) {
      this.tally.read++;
      const reason = this.problemOf(row);
      if (reason) this.rejected.add(row.line, reason, row.cells);
    }
    this.rejected.flush();
    return { count: this.fields.length, mobiles: this.mobiles.join(''), fields: this.fields.join('\n'), tally: { ...this.tally }, bytesRead };
  }

  /** Passes the row, or says why not. Per row: no closures, no copies beyond the fields. */
  private problemOf({ cells, line, problem }: SourceRow): Bilingual | null {
    const t = this.tally;
    const { headers } = this;
    const { columns } = this.plan;
    const width = headers.length;
    if (problem) {
      t.invalid++;
      return problem;
    }
    // More cells than columns shifts values into the wrong fields; fewer can only mean
    // the trailing ones are empty (a delimited row cannot lose a cell in the middle).
    if (cells.length > width && hasValueFrom(cells, width)) {
      t.invalid++;
      return tooManyCells(cells.length, width);
    }
    const mobile = normalizeMobile(cells[this.plan.mobileColumn] ?? '');
    if (!mobile.ok) {
      t.invalid++;
      return mobile.message;
    }
    const fields: string[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const value = (cells[columns[i]] ?? '').trim();
      if (value.length > MAX_FIELD_CHARS) {
        t.invalid++;
        return fieldTooLong(headers[columns[i]]);
      }
      fields[i] = value;
    }
    if (this.existing.has(mobile.mobile)) {
      t.duplicateInList++;
      return this.plan.alreadyThere;
    }
    const first = this.seen.addOrGet(mobile.mobile, line);
    if (first !== undefined) {
      t.duplicateInFile++;
      return sameAsRow(first);
    }
    this.mobiles.push(mobile.mobile);
    this.fields.push(jsonArray(fields));
    if (this.flagged.has(mobile.mobile)) t.optedOut++;
    if (cells.length < width) t.shortRows++;
    return null;
  }
}

/**
 * Reads the whole file: its first rows are judged (the layout), `decide` says how to
 * check them, then every row is checked, a batch per chunk; returns the final counts.
 * Stopping early (return()) closes the file and the rejected rows' CSV.
 */
export async function* checkFile(file: FileToCheck, decide: (layout: Layout) => Promise<CheckPlan>): AsyncGenerator<CheckedBatch, Tally> {
  const source = await openSource(file.path, file.read);
  const { layout, head, rest, bytesRead } = await sample(source, file.read.hasHeader);
  try {
    const plan = await decide(layout);
    const rejected = new RejectedWriter(plan.rejectedFile, layout.headers);
    try {
      const checker = new RowChecker(plan, layout.headers, rejected);
      yield checker.check(layout.hasHeader ? head.slice(1) : head, bytesRead);
      for await (const batch of rest) yield checker.check(batch.rows, batch.bytesRead);
      return checker.tally;
    } finally {
      rejected.close();
    }
  } finally {
    await rest.return(undefined);
  }
}
