// Rows of two bound values written with multi-row INSERTs: one statement per 100 rows
// costs about half of one per row. The values wait in one reused array, so a million
// rows allocate nothing here.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const ROWS_PER_INSERT = 100;

export class PairInserter {
  private readonly many: Statement<[string[]]>;
  private readonly one: Statement<[string, string]>;
  private readonly pending: string[] = new Array<string>(ROWS_PER_INSERT * 2);
  private used = 0;
  /** Rows written so far. */
  written = 0;

  /** `into`: 'table (a, b)'; `row`: the VALUES tuple, e.g. '(?, ?)' (SQL only, no user input). */
  constructor(db: Db, into: string, row: string) {
    this.many = db.prepare<[string[]]>(`INSERT INTO ${into} VALUES ${Array(ROWS_PER_INSERT).fill(row).join(', ')}`);
    this.one = db.prepare<[string, string]>(`INSERT INTO ${into} VALUES ${row}`);
  }

  add(a: string, b: string): void {
    this.pending[this.used++] = a;
    this.pending[this.used++] = b;
    if (this.used === this.pending.length) {
      // An array binds its items as the anonymous parameters, in order.
      this.many.run(this.pending);
      this.used = 0;
      this.written += ROWS_PER_INSERT;
    }
  }

  /** Writes what add() holds back; call it before the transaction ends. */
  flush(): void {
    for (let i = 0; i < this.used; i += 2) this.one.run(this.pending[i], this.pending[i + 1]);
    this.written += this.used / 2;
    this.used = 0;
  }
}
