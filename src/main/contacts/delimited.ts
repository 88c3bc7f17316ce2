// Delimited text (CSV, TSV, TXT) read as a stream: the file in 64 KiB chunks, decoded
// (encoding.ts), split into records by papaparse's parser. Only one chunk and one
// unfinished record are ever held, so a million rows take no more memory than ten.
import { open } from 'node:fs/promises';
import Papa, { type ParseResult } from 'papaparse';
import type { Bilingual } from '../../shared/providers';
import { AppError } from '../../shared/errors';
import { EncodingError, encodingFailure, TextStream, type DetectedEncoding } from './encoding';
import { isBlank, type RowBatch, type RowSource, type SourceRow } from './rows';

// 64 KiB, not more: a chunk's rows live until its transaction ends, and with 256 KiB
// so many of them outlived a young-generation GC that the heap grew by ~100 MB over a
// million rows (peak RSS over 300 MB); smaller chunks were also faster.
export const CHUNK_BYTES = 64 * 1024;
/**
 * Past this, an unfinished record is refused (a cell this long is no contact data; it
 * is usually a quote that never closes). Parsing it on would re-scan it every chunk.
 */
export const MAX_RECORD_CHARS = 256 * 1024;
export const DELIMITERS = [',', '\t', ';', '|'];

type Newline = '\r\n' | '\n' | '\r';

function newlineOf(text: string): Newline {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\r\n';
}

function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  const guess = Papa.parse<string[]>(sample, { preview: 50, delimitersToGuess: DELIMITERS });
  return guess.meta.delimiter || ',';
}

const TOO_LONG: Bilingual = {
  zh: `这一行超过 ${MAX_RECORD_CHARS / 1024}K 个字符（单元格过大，或引号没有闭合），未导入。`,
  en: `This row is longer than ${MAX_RECORD_CHARS / 1024}K characters (a huge cell, or a quote that never closes); not imported.`,
};
const BAD_QUOTES: Bilingual = {
  zh: '这一行的引号格式有误（引号内的引号应写成两个 ""），未导入。请在 Excel 中检查这一行。',
  en: 'This row has malformed quotes (a quote inside a quoted cell must be doubled ""); not imported. Check this row in Excel.',
};

function unclosedQuote(row: number): AppError {
  return new AppError(
    'import.unclosed_quote',
    {
      zh: `第 ${row} 行的引号没有闭合：从这里到文件末尾都会被当成一个单元格，为免丢失数据已停止导入，列表未改动。请在文本编辑器或 Excel 中补上该行缺少的引号后重新保存。`,
      en: `The quote opened on row ${row} never closes: everything from there to the end of the file would be one cell, so the import stopped and the list is unchanged. Add the missing quote on that row in a text editor or Excel and save again.`,
    },
    { row },
  );
}

/** Scans past one record without keeping it: quotes toggle, a newline outside quotes ends it. */
class RecordSkipper {
  inQuotes = false;
  constructor(private readonly end: string) {}

  /** The index just past the record's end in `text`, or -1 when it goes on. */
  feed(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') this.inQuotes = !this.inQuotes;
      else if (c === this.end && !this.inQuotes) return i + 1;
    }
    return -1;
  }
}

/** Splits decoded text into rows across chunks, numbering them as Excel does. */
class RecordSplitter {
  private readonly parser: Papa.Parser;
  private partial = '';
  private skipper: RecordSkipper | null = null;
  /** Records consumed so far (blank ones too). */
  line = 0;

  constructor(
    delimiter: string,
    private readonly newline: Newline,
  ) {
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  }

  /** The row where `text`, were it pushed next, would end: where a bad byte after it lies. */
  rowAfter(text: string): number {
    const end = this.newline[this.newline.length - 1];
    const ends = (s: string): number => s.split(end).length - 1;
    return this.line + 1 + ends(this.partial) + ends(text);
  }

  push(text: string, last: boolean, out: SourceRow[]): void {
    if (this.skipper) {
      const end = this.skipper.feed(text);
      if (end === -1) {
        // At the end of the file the record ends too, unless a quote is still open.
        if (last && this.skipper.inQuotes) throw unclosedQuote(this.line);
        return;
      }
      this.skipper = null;
      text = text.slice(end);
    }
    const input = this.partial + text;
    const result = this.parser.parse(input, 0, !last) as ParseResult<string[]>;
    const rows = result.data;
    const bad = new Set<number>();
    for (const e of result.errors) {
      if (e.code === 'MissingQuotes') throw unclosedQuote(this.line + (e.row ?? rows.length) + 1);
      // Errors about the held-back last row are for the next call to judge.
      if (e.code === 'InvalidQuotes' && e.row !== undefined && e.row < rows.length) bad.add(e.row);
    }
    for (let i = 0; i < rows.length; i++) {
      this.line++;
      const cells = rows[i];
      if (this.newline === '\n') stripCr(cells);
      if (isBlank(cells)) continue;
      out.push(bad.has(i) ? { line: this.line, cells, problem: BAD_QUOTES } : { line: this.line, cells });
    }
    this.partial = last ? '' : input.slice(result.meta.cursor);
    if (this.partial.length > MAX_RECORD_CHARS) {
      this.line++;
      out.push({ line: this.line, cells: [this.partial.slice(0, 200) + '…'], problem: TOO_LONG });
      const rest = this.partial;
      this.partial = '';
      this.skipper = new RecordSkipper(this.newline[this.newline.length - 1]);
      this.push(rest, last, out);
    }
  }
}

/** A Windows line end in a file that mostly uses Unix ones. */
function stripCr(cells: string[]): void {
  const lastCell = cells[cells.length - 1];
  if (lastCell.endsWith('\r')) cells[cells.length - 1] = lastCell.slice(0, -1);
}

export interface DelimitedOptions {
  totalBytes: number;
  detected: DetectedEncoding;
  delimiter?: string;
}

/** Opens a delimited text file: reads its first chunk to settle the delimiter and line ends. */
export async function openDelimited(path: string, opts: DelimitedOptions): Promise<RowSource> {
  const handle = await open(path, 'r');
  const text = new TextStream(opts.detected);
  let offset = 0;
  const next = async (): Promise<{ text: string; last: boolean }> => {
    const size = Math.min(CHUNK_BYTES, opts.totalBytes - offset);
    const buffer = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await handle.read(buffer, got, size - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const start = offset;
    offset += got;
    const last = got < size || offset >= opts.totalBytes;
    return { text: text.decode(buffer.subarray(0, got), start, last), last };
  };

  let first: { text: string; last: boolean };
  try {
    first = await next();
  } catch (err) {
    await handle.close();
    // Before the line ends are known: count Unix ones (a Windows line ends in one too).
    throw err instanceof EncodingError ? encodingFailure(err, err.textBefore.split('\n').length) : err;
  }
  const delimiter = opts.delimiter ?? guessDelimiter(first.text);
  const splitter = new RecordSplitter(delimiter, newlineOf(first.text));

  async function* batches(): AsyncGenerator<RowBatch> {
    try {
      let chunk = first;
      for (;;) {
        const rows: SourceRow[] = [];
        splitter.push(chunk.text, chunk.last, rows);
        yield { rows, bytesRead: offset };
        if (chunk.last) return;
        try {
          chunk = await next();
        } catch (err) {
          throw err instanceof EncodingError ? encodingFailure(err, splitter.rowAfter(err.textBefore)) : err;
        }
      }
    } finally {
      await handle.close();
    }
  }

  return {
    format: 'csv',
    get encoding() {
      return text.encoding;
    },
    get encodingReason() {
      return opts.detected.provisional && text.encoding === 'gb18030' ? 'fallback' : opts.detected.reason;
    },
    delimiter,
    totalBytes: opts.totalBytes,
    batches,
  };
}
