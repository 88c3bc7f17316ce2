// .xlsx read as a stream with exceljs's WorkbookReader: the first worksheet, row by row,
// cell values turned into the text a user expects to see.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { CellValue } from 'exceljs';
import { AppError } from '../../shared/errors';
import { isBlank, type RowBatch, type RowSource, type SourceRow } from './rows';

const BATCH_ROWS = 2000;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date as YYYY-MM-DD (with the time when it has one). exceljs gives Excel's serial as UTC. */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return time === 0 ? day : `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A number as Excel shows it in General: integers whole (13800138000), at most 15 significant digits. */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result);
  if ('text' in value) return value.text;
  return '';
}

function unreadableWorkbook(err: unknown): AppError {
  const text = err instanceof Error ? err.message : String(err);
  return new AppError(
    'import.xlsx',
    {
      zh: `无法读取这个 Excel 文件（${text}）。请在 Excel 中打开后“另存为”.xlsx 或“CSV UTF-8”再导入。`,
      en: `Cannot read this Excel file (${text}). Open it in Excel, "Save As" .xlsx or "CSV UTF-8", and import that.`,
    },
    { cause: text },
  );
}

export function openWorkbook(path: string, totalBytes: number): RowSource {
  async function* batches(): AsyncGenerator<RowBatch> {
    // Loaded on first use: exceljs takes ~300 ms to load, which every start of the app
    // (and every import worker reading a CSV) would otherwise pay.
    const { default: ExcelJS } = await import('exceljs');
    let bytesRead = 0;
    const file = createReadStream(path, { highWaterMark: 256 * 1024 });
    // Counts the compressed bytes the unzipper has taken: the progress bar's measure.
    const counted = file.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytesRead += chunk.length;
          done(null, chunk);
        },
      }),
    );
    // Styles are needed to tell a date cell from a number cell.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
    try {
      let rows: SourceRow[] = [];
      // Only the first worksheet: the others are usually notes or pivot tables.
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const cells: string[] = [];
          for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
          if (!isBlank(cells)) rows.push({ line: row.number, cells });
          if (rows.length >= BATCH_ROWS) {
            yield { rows, bytesRead };
            rows = [];
          }
        }
        break;
      }
      yield { rows, bytesRead: totalBytes };
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw unreadableWorkbook(err);
    } finally {
      file.destroy();
    }
  }
  return { format: 'xlsx', encoding: 'utf-8', encodingReason: 'xlsx', delimiter: '', totalBytes, batches };
}
