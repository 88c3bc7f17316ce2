// One import run: read the file chunk by chunk, check every row, write the good ones
// where the target keeps them until the end (a staging table, copied into a hidden new
// list once the file is read), then commit in one transaction. Until that last transaction nothing the user sees
// has changed, so a cancel or a failure at any point leaves the list exactly as it was.
import { statSync } from 'node:fs';
import { setImmediate as yieldTurn } from 'node:timers/promises';
import type { Bilingual } from '../../shared/providers';
import type { ImportReport } from '../../shared/views';
import { AppError, toErrorBody } from '../../shared/errors';
import type { Db } from '../db/open';
import type { ImportFiles } from './import-files';
import { checkedBatches, type CheckThread, type Counts } from './import-thread';
import type { ReadOptions } from './inspect';
import type { Layout } from './layout';
import { MobileSet } from './mobile-set';
import { eachRow, emptyTally, type CheckedBatch, type CheckPlan } from './row-checker';

export { MAX_FIELD_CHARS } from './row-checker';

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
  /** Once the file is read, before the final transaction: what must be written ahead of commit, yielding as it goes. */
  fill(isCancelled: () => boolean, progress: (written: number, of: number) => void): Promise<void>;
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
  /** Where the rows are checked (tests pin it; the app lets the file's size decide). */
  thread: CheckThread;
  isCancelled(): boolean;
  progress(rowsRead: number, bytesRead: number, totalBytes: number): void;
  /** Once the file is read, while the rows are written (a new list's). */
  writing(written: number, of: number): void;
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

/**
 * Reads the whole file, checked in a worker thread a few chunks ahead, and writes each
 * chunk's passed rows where the target keeps them until commit; nothing visible
 * changes yet. `tally` holds the counts of the rows checked, whatever happens.
 */
async function stageFile(db: Db, files: ImportFiles, job: ImportJob, tally: Counts): Promise<void> {
  const totalBytes = statSync(job.path).size;
  // Opened once the plan is decided, before the first batch.
  let sink: RowSink | null = null;
  const decide = async (layout: Layout): Promise<CheckPlan> => {
    const plan = await planOf(files, job, layout);
    sink = job.target.open();
    return plan;
  };
  const add = (mobile: string, fields: string): void => sink?.add(mobile, fields);
  const write = db.transaction((batch: CheckedBatch) => {
    eachRow(batch, add);
    sink?.flush();
  });
  const file = { path: job.path, read: { encoding: job.read.encoding, delimiter: job.read.delimiter, hasHeader: job.read.hasHeader } };
  const batches = checkedBatches(file, decide, { totalBytes, where: job.thread }, tally);
  try {
    for await (const batch of batches) {
      if (job.isCancelled()) throw new Cancelled();
      write(batch);
      job.progress(batch.tally.read, batch.bytesRead, totalBytes);
    }
  } finally {
    // After a cancel or a failure: the reading stops, its files closed.
    await batches.return(tally.now);
  }
  if (tally.now.read === 0) throw headerOnly();
}

/** From the file's layout: the columns kept, and the mobiles to check against. */
async function planOf(files: ImportFiles, job: ImportJob, layout: Layout): Promise<CheckPlan> {
  const mobileColumn = job.read.mobileColumn ?? layout.mobileColumn;
  if (mobileColumn === null) throw noMobileColumn(layout.headers);
  checkColumn(mobileColumn, layout.headers, '手机号列', 'mobile column');
  const columns = job.target.columns(layout, mobileColumn, job.read.fieldColumns);
  return {
    mobileColumn,
    columns,
    alreadyThere: job.target.alreadyThere,
    existing: (await setOf(job.target.existing())).state(),
    flagged: (await setOf(job.target.flagged())).state(),
    rejectedFile: files.newRejectedFile(job.id),
  };
}

export async function runImport(db: Db, files: ImportFiles, job: ImportJob): Promise<ImportOutcome> {
  const started = Date.now();
  const tally = { now: emptyTally() };
  let state: ImportReport['state'] = 'done';
  let error: Bilingual | undefined;
  let imported = 0;
  let committed = false;
  try {
    await stageFile(db, files, job, tally);
    if (job.isCancelled()) throw new Cancelled();
    await job.target.fill(
      () => job.isCancelled(),
      (written, of) => job.writing(written, of),
    );
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
    await job.target.close(committed);
  }
  const t = tally.now;
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
