// One import run: read the file chunk by chunk, check every row, write the good ones
// where the target keeps them until the end (a hidden new list, or a staging table),
// then commit in one transaction. Until that last transaction nothing the user sees
// has changed, so a cancel or a failure at any point leaves the list exactly as it was.
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Bilingual } from '../../shared/providers';
import type { ImportReport } from '../../shared/views';
import { AppError, toErrorBody } from '../../shared/errors';
import { normalizeMobile } from '../../shared/mobile';
import type { Db } from '../db/open';
import type { ImportFiles, RejectedWriter } from './import-files';
import { openSource, sample, type ReadOptions } from './inspect';
import type { Layout } from './layout';
import { MobileSet } from './mobile-set';
import type { SourceRow } from './rows';

/** Longest value a field may hold (as contacts.add allows): longer is no SMS variable. */
export const MAX_FIELD_CHARS = 1000;

/** Where the rows go: a contact list, or the opt-out list. */
export interface ImportTarget {
  readonly listId: number;
  readonly listName: string;
  /** Why a row already there is rejected. */
  readonly alreadyThere: Bilingual;
  /** The columns kept as fields, in the order they are stored; throws when the file does not fit. */
  columns(layout: Layout, mobileColumn: number, fieldColumns?: number[]): number[];
  /** The mobiles already there (rows with one are rejected), a page at a time. */
  existing(): Iterable<string[]>;
  /** Mobiles whose rows are imported but counted as opted out, a page at a time. */
  flagged(): Iterable<string[]>;
  /** Before the first row: where the checked rows go until commit. */
  open(): RowSink;
  /** Runs inside the final transaction; returns the rows added. */
  commit(): number;
  /** After the run, committed or not: removes what open() made that commit did not keep. */
  close(committed: boolean): Promise<void>;
  /** The list the rows went into (a new list exists only from commit on). */
  readonly committedListId: number;
}

/** Where checked rows wait for the commit; flush() runs inside each chunk's transaction. */
export interface RowSink {
  add(mobile: string, fields: string): void;
  flush(): void;
}

export interface ImportJob {
  id: string;
  path: string;
  read: ReadOptions & { mobileColumn?: number; fieldColumns?: number[] };
  target: ImportTarget;
  isCancelled(): boolean;
  progress(rowsRead: number, bytesRead: number, totalBytes: number): void;
}

/** The report, with what the view does not carry yet. */
export interface ImportOutcome extends ImportReport {
  /** Rows with fewer cells than the header: imported, the missing fields left empty. */
  shortRows: number;
}

class Cancelled extends Error {}

function noMobileColumn(headers: string[]): AppError {
  return new AppError('import.no_mobile_column', {
    zh: `没有找到手机号所在的列（列：${headers.join('、')}）。请指定手机号列。`,
    en: `No column looks like mobile numbers (columns: ${headers.join(', ')}). Choose the mobile column.`,
  });
}

function headerOnly(): AppError {
  return new AppError('import.no_rows', {
    zh: '文件只有表头，没有数据行。如果第一行就是联系人，请取消“第一行是表头”。',
    en: 'The file has a header but no data rows. If the first row is a contact, turn off "first row is a header".',
  });
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

interface Tally {
  read: number;
  invalid: number;
  duplicateInFile: number;
  duplicateInList: number;
  optedOut: number;
  shortRows: number;
}

const emptyTally = (): Tally => ({ read: 0, invalid: 0, duplicateInFile: 0, duplicateInList: 0, optedOut: 0, shortRows: 0 });

/** Loads pages of mobiles into a set, yielding to the event loop between pages. */
async function setOf(pages: Iterable<string[]>): Promise<MobileSet> {
  const set = new MobileSet();
  for (const page of pages) {
    for (const m of page) if (VALID.test(m)) set.addOrGet(m, 0);
    await yieldTurn();
  }
  return set;
}
const VALID = /^\d{11}$/;

/** Checks and stages one chunk of rows (inside one short transaction). */
class RowChecker {
  readonly tally: Tally = emptyTally();
  /** Mobiles staged so far, with the row each was first seen on. */
  private readonly seen = new MobileSet();

  constructor(
    private readonly target: ImportTarget,
    private readonly existing: MobileSet,
    private readonly flagged: MobileSet,
    private readonly sink: RowSink,
    private readonly rejected: RejectedWriter,
    private readonly headers: string[],
    private readonly mobileColumn: number,
    private readonly columns: number[],
  ) {}

  check(row: SourceRow): void {
    const t = this.tally;
    t.read++;
    const reason = this.problemOf(row);
    if (reason) this.rejected.add(row.line, reason, row.cells);
  }

  /** Stages the row, or says why not. Per row: no closures, no copies beyond the fields. */
  private problemOf({ cells, line, problem }: SourceRow): Bilingual | null {
    const t = this.tally;
    const width = this.headers.length;
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
    const mobile = normalizeMobile(cells[this.mobileColumn] ?? '');
    if (!mobile.ok) {
      t.invalid++;
      return mobile.message;
    }
    const fields: string[] = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const value = (cells[this.columns[i]] ?? '').trim();
      if (value.length > MAX_FIELD_CHARS) {
        t.invalid++;
        return fieldTooLong(this.headers[this.columns[i]]);
      }
      fields[i] = value;
    }
    if (this.existing.has(mobile.mobile)) {
      t.duplicateInList++;
      return this.target.alreadyThere;
    }
    const first = this.seen.addOrGet(mobile.mobile, line);
    if (first !== undefined) {
      t.duplicateInFile++;
      return sameAsRow(first);
    }
    this.sink.add(mobile.mobile, JSON.stringify(fields));
    if (this.flagged.has(mobile.mobile)) t.optedOut++;
    if (cells.length < width) t.shortRows++;
    return null;
  }
}

function hasValueFrom(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i].trim() !== '') return true;
  return false;
}

/** What a run holds open: released whatever happens. */
interface Held {
  rejected?: RejectedWriter;
  checker?: RowChecker;
}

/** Reads the whole file, checking and staging every row; nothing visible changes yet. */
async function stageFile(db: Db, files: ImportFiles, job: ImportJob, held: Held): Promise<void> {
  const source = await openSource(job.path, job.read);
  const { layout, head, rest, bytesRead } = await sample(source, job.read.hasHeader);
  try {
    const mobileColumn = job.read.mobileColumn ?? layout.mobileColumn;
    if (mobileColumn === null) throw noMobileColumn(layout.headers);
    checkColumn(mobileColumn, layout.headers, '手机号列', 'mobile column');
    const columns = job.target.columns(layout, mobileColumn, job.read.fieldColumns);
    const existing = await setOf(job.target.existing());
    const flagged = await setOf(job.target.flagged());
    const sink = job.target.open();
    const rejected = (held.rejected = files.rejectedWriter(job.id, layout.headers));
    const checker = (held.checker = new RowChecker(job.target, existing, flagged, sink, rejected, layout.headers, mobileColumn, columns));
    const stage = db.transaction((rows: SourceRow[]) => {
      for (const row of rows) checker.check(row);
      sink.flush();
    });
    const step = (rows: SourceRow[], bytes: number): void => {
      if (job.isCancelled()) throw new Cancelled();
      stage(rows);
      rejected.flush();
      job.progress(checker.tally.read, bytes, source.totalBytes);
    };
    step(layout.hasHeader ? head.slice(1) : head, bytesRead);
    // Each chunk awaits the disk: other calls are served between chunks.
    for await (const batch of rest) step(batch.rows, batch.bytesRead);
    if (checker.tally.read === 0) throw headerOnly();
  } finally {
    await rest.return(undefined);
  }
}

export async function runImport(db: Db, files: ImportFiles, job: ImportJob): Promise<ImportOutcome> {
  const started = Date.now();
  const held: Held = {};
  let state: ImportReport['state'] = 'done';
  let error: Bilingual | undefined;
  let imported = 0;
  let committed = false;
  try {
    await stageFile(db, files, job, held);
    if (job.isCancelled()) throw new Cancelled();
    imported = db.transaction(() => job.target.commit())();
    committed = true;
  } catch (err) {
    state = err instanceof Cancelled ? 'cancelled' : 'failed';
    if (!(err instanceof Cancelled)) {
      const body = toErrorBody(err);
      error = { zh: body.zh, en: body.en };
    }
  } finally {
    held.rejected?.close();
    await job.target.close(committed);
  }
  const t = held.checker?.tally ?? emptyTally();
  return {
    importId: job.id,
    // A new list exists only once committed: 0 otherwise.
    listId: state === 'done' ? job.target.committedListId : job.target.listId,
    listName: job.target.listName,
    state,
    read: t.read,
    imported,
    invalid: t.invalid,
    duplicateInFile: t.duplicateInFile,
    duplicateInList: t.duplicateInList,
    optedOut: state === 'done' ? t.optedOut : 0,
    rejected: t.invalid + t.duplicateInFile + t.duplicateInList,
    shortRows: t.shortRows,
    durationMs: Date.now() - started,
    ...(error ? { error } : {}),
  };
}

export function checkColumn(column: number, headers: string[], zh: string, en: string): void {
  if (column < 0 || column >= headers.length) {
    throw new AppError(
      'import.column',
      {
        zh: `${zh}“第 ${column + 1} 列”不存在：文件只有 ${headers.length} 列（${headers.join('、')}）。`,
        en: `The ${en} (column ${column + 1}) does not exist: the file has ${headers.length} columns (${headers.join(', ')}).`,
      },
      { column },
    );
  }
}
