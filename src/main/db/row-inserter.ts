// Rows written with multi-row INSERTs: one statement per 100 rows costs about half of
// one per row (an import's contacts and staging, a campaign's planned messages, a page
// of receipts and their outcomes). The values wait in one reused array, so a million
// rows allocate nothing here.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const ROWS_PER_INSERT = 100;

/** How the bound rows become the inserted ones (SQL only, no user input). */
export interface RowShape {
  /**
   * The inserted columns computed from each bound row, named `v.column1`, `v.column2`, …:
   * `INSERT INTO into SELECT <select> FROM (VALUES …) v`. Without it the rows are inserted as bound.
   */
  select?: string;
  /** After the rows: an upsert's ON CONFLICT clause. */
  then?: string;
}

export class RowInserter {
  private readonly many: Statement<unknown[]>;
  private readonly one: Statement<unknown[]>;
  /** Bound values a row has: the `?` of its tuple. */
  private readonly width: number;
  private readonly pending: unknown[];
  private used = 0;
  /** Rows written so far. */
  written = 0;

  /** `into`: 'table (a, b)'; `row`: the VALUES tuple, e.g. '(?, ?)' (SQL only, no user input). */
  constructor(db: Db, into: string, row: string, shape: RowShape = {}) {
    this.width = row.split('?').length - 1;
    this.pending = new Array<unknown>(ROWS_PER_INSERT * this.width);
    const insert = (n: number): string => {
      const rows = Array<string>(n).fill(row).join(', ');
      // 'WHERE true': without it SQLite would read an ON CONFLICT after the SELECT as a join's.
      const source = shape.select === undefined ? `VALUES ${rows}` : `SELECT ${shape.select} FROM (VALUES ${rows}) v WHERE true`;
      return `INSERT INTO ${into} ${source}${shape.then === undefined ? '' : ` ${shape.then}`}`;
    };
    this.many = db.prepare<unknown[]>(insert(ROWS_PER_INSERT));
    this.one = db.prepare<unknown[]>(insert(1));
  }

  /** One row's values, in the order of the tuple's `?`. */
  add(...values: unknown[]): void {
    for (const v of values) this.pending[this.used++] = v;
    if (this.used === this.pending.length) {
      // Emptied before the write: rows of a write that threw (and whose transaction rolls
      // back) are never written again by a later one, when the inserter is reused.
      this.used = 0;
      // An array binds its items as the anonymous parameters, in order.
      this.many.run(this.pending);
      this.written += ROWS_PER_INSERT;
    }
  }

  /** Writes what add() holds back; call it before the transaction ends. */
  flush(): void {
    const used = this.used;
    this.used = 0;
    for (let i = 0; i < used; i += this.width) this.one.run(this.pending.slice(i, i + this.width));
    this.written += used / this.width;
  }
}
