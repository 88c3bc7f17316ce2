// Opening a contacts file whatever it is, and the look at its first rows that both the
// import dialog (inspect) and the import itself start from, so they agree.
import type { Encoding, ImportInspection } from '../../shared/views';
import { openDelimited } from './delimited';
import { layoutOf, type Layout } from './layout';
import type { RowBatch, RowSource, SourceRow } from './rows';
import { emptyFile, sniffFile } from './sniff';
import { openWorkbook } from './workbook';

/** Rows the header, delimiter and mobile column are judged on. */
export const SAMPLE_ROWS = 50;
export const PREVIEW_ROWS = 20;

export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: string;
  hasHeader?: boolean;
}

export async function openSource(path: string, opts: ReadOptions): Promise<RowSource> {
  const kind = await sniffFile(path, opts.encoding);
  if (kind.format === 'xlsx') return openWorkbook(path, kind.totalBytes);
  return openDelimited(path, { totalBytes: kind.totalBytes, detected: kind.detected, delimiter: opts.delimiter });
}

export interface Sampled {
  source: RowSource;
  layout: Layout;
  /** The first rows (header included), already read. */
  head: SourceRow[];
  /** The reader, positioned after `head` (finished when the file ended within it). */
  rest: AsyncGenerator<RowBatch>;
  bytesRead: number;
}

/** Reads the first rows and judges the layout; an empty (or blank) file is an error. */
export async function sample(source: RowSource, hasHeader?: boolean): Promise<Sampled> {
  const rest = source.batches();
  const head: SourceRow[] = [];
  let bytesRead = 0;
  try {
    while (head.length < SAMPLE_ROWS) {
      const next = await rest.next();
      if (next.done) break;
      for (const row of next.value.rows) head.push(row);
      bytesRead = next.value.bytesRead;
    }
    if (head.length === 0) throw emptyFile();
  } catch (err) {
    await rest.return(undefined);
    throw err;
  }
  const layout = layoutOf(head.slice(0, SAMPLE_ROWS).map((r) => r.cells), hasHeader);
  return { source, layout, head, rest, bytesRead };
}

export async function inspectFile(path: string, opts: ReadOptions): Promise<ImportInspection> {
  const source = await openSource(path, opts);
  const { layout, head, rest } = await sample(source, opts.hasHeader);
  await rest.return(undefined);
  return {
    format: source.format,
    encoding: source.encoding,
    encodingReason: source.encodingReason,
    delimiter: source.delimiter,
    hasHeader: layout.hasHeader,
    headers: layout.headers,
    preview: head.slice(layout.hasHeader ? 1 : 0, (layout.hasHeader ? 1 : 0) + PREVIEW_ROWS).map((r) => r.cells),
    mobileColumn: layout.mobileColumn,
    totalBytes: source.totalBytes,
  };
}
