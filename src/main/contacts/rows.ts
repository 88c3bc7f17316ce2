// What every reader (delimited text, .xlsx) hands the importer: batches of rows as
// strings, each with its row number as the user sees it in Excel.
import type { Bilingual } from '../../shared/providers';
import type { Encoding, ImportInspection } from '../../shared/views';

export interface SourceRow {
  /** 1-based, the header row included, as Excel numbers it (a blank row counts too). */
  line: number;
  cells: string[];
  /** The row could not be read as it should (malformed quotes, far too long): rejected with this reason. */
  problem?: Bilingual;
}

export interface RowBatch {
  /** Blank rows are left out. */
  rows: SourceRow[];
  /** How far into the file reading has come. */
  bytesRead: number;
}

export interface RowSource {
  readonly format: ImportInspection['format'];
  /** For text: the encoding in use (a provisional UTF-8 may have settled on GB18030). */
  readonly encoding: Encoding;
  readonly encodingReason: ImportInspection['encodingReason'];
  readonly delimiter: string;
  readonly totalBytes: number;
  /** Read once, front to back; returning early closes the file. */
  batches(): AsyncGenerator<RowBatch>;
}

export const isBlank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');
