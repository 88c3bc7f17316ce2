// What an import leaves on disk, per import id under <data>/imports/<id>/: its report
// (so the CLI, a restarted app or another window can still ask) and the rejected rows
// as a CSV the user opens in Excel. Kept a week.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Bilingual } from '../../shared/providers';
import type { ImportReport } from '../../shared/views';
import { AppError } from '../../shared/errors';

const KEEP_MS = 7 * 24 * 3600_000;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export const newImportId = (): string => randomBytes(12).toString('base64url');

function unknownImport(importId: string): AppError {
  return new AppError('import.not_found', { zh: `找不到导入记录 ${importId}（记录保留 7 天）。`, en: `No import ${importId} (imports are kept for 7 days).` }, { importId });
}

const CSV_SPECIAL = /[",\r\n]|^\s|\s$/;
export const csvCell = (cell: string): string => (CSV_SPECIAL.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
export const csvLine = (cells: string[]): string => cells.map(csvCell).join(',') + '\r\n';
const REJECTED_HEADER = ['行号 Row', '原因', 'Reason'];

export class ImportFiles {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'imports');
    mkdirSync(this.root, { recursive: true });
    const now = Date.now();
    for (const name of readdirSync(this.root)) {
      const dir = join(this.root, name);
      if (now - statSync(dir).mtimeMs > KEEP_MS) rmSync(dir, { recursive: true, force: true });
    }
  }

  private dir(importId: string): string {
    if (!ID.test(importId)) throw unknownImport(importId);
    return join(this.root, importId);
  }

  /** Where a starting import writes its rejected rows (a RejectedWriter, in whichever thread checks them). */
  newRejectedFile(importId: string): string {
    const dir = this.dir(importId);
    mkdirSync(dir, { recursive: true });
    return join(dir, 'rejected.csv');
  }

  saveReport(report: ImportReport): void {
    const dir = this.dir(report.importId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
  }

  report(importId: string): ImportReport | null {
    const file = join(this.dir(importId), 'report.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ImportReport) : null;
  }

  /** Where the rejected rows' CSV is: BOM first; a header line only when none were rejected. */
  rejectedPath(importId: string): string {
    const file = join(this.dir(importId), 'rejected.csv');
    if (!existsSync(file)) throw unknownImport(importId);
    return file;
  }

  /** An import that failed before reading rows (a binary file, say) has a report but no rows file. */
  rejectedCsv(importId: string): string {
    const file = join(this.dir(importId), 'rejected.csv');
    if (existsSync(file)) return readFileSync(file, 'utf8');
    if (this.report(importId)) return '\uFEFF' + csvLine(REJECTED_HEADER);
    throw unknownImport(importId);
  }
}

/**
 * Appends rejected rows to the CSV as the import goes (one write per chunk), so a file
 * of a million bad rows costs disk, not memory. UTF-8 with a BOM: Excel opens it right.
 */
export class RejectedWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private closed = false;

  constructor(file: string, headers: string[]) {
    this.fd = openSync(file, 'w');
    writeSync(this.fd, '\uFEFF' + csvLine([...REJECTED_HEADER, ...headers]));
  }

  add(line: number, reason: Bilingual, cells: string[]): void {
    this.pending.push(csvLine([String(line), reason.zh, reason.en, ...cells]));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }
}
