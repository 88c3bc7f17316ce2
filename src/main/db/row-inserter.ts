// Rows written with multi-row INSERTs: one statement per 100 rows costs about half of
// one per row (an import's contacts and staging, a campaign's planned messages). The
// values wait in one reused array, so a million rows allocate nothing here.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const ROWS_PER_INSERT = 100;

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
  constructor(db: Db, into: string, row: string) {
    this.width = row.split('?').length - 1;
    this.pending = new Array<unknown>(ROWS_PER_INSERT * this.width);
    this.many = db.prepare<unknown[]>(`INSERT INTO ${into} VALUES ${Array<string>(ROWS_PER_INSERT).fill(row).join(', ')}`);
    this.one = db.prepare<unknown[]>(`INSERT INTO ${into} VALUES ${row}`);
  }

  /** One row's values, in the order of the tuple's `?`. */
  add(...values: unknown[]): void {
    for (const v of values) this.pending[this.used++] = v;
    if (this.used === this.pending.length) {
      // An array binds its items as the anonymous parameters, in order.
      this.many.run(this.pending);
      this.used = 0;
      this.written += ROWS_PER_INSERT;
    }
  }

  /** Writes what add() holds back; call it before the transaction ends. */
  flush(): void {
    for (let i = 0; i < this.used; i += this.width) this.one.run(this.pending.slice(i, i + this.width));
    this.written += this.used / this.width;
    this.used = 0;
  }
}
