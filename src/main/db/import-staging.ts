// An import's rows wait in a TEMP table until the whole file is read, then go into the
// list in one transaction (about 1.5 s a million rows: the only stretch an import holds
// the thread). The staging writes commit chunk by chunk, so the
// import can yield to the event loop without holding a transaction open across
// awaits (other calls on this connection would otherwise land inside it and vanish
// with a cancel). Temp tables live outside the database file: a cancel drops the
// table, a crash leaves nothing behind, and memory stays flat however long the file.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

let serial = 0;
const ROWS_PER_INSERT = 100;

export class ImportStaging {
  private readonly table: string;
  private readonly insertMany: Statement<string[]>;
  private readonly insertOne: Statement<[string, string]>;
  /** Rows waiting for a multi-row INSERT: one statement per 100 rows halves the cost of staging. */
  private pending: string[] = [];
  private dropped = false;

  constructor(private readonly db: Db) {
    // A fixed prefix and a counter: no user input in the name. No index: the importer
    // has already deduplicated (an index here would double the cost of staging).
    this.table = `temp.import_staging_${++serial}`;
    db.exec(`DROP TABLE IF EXISTS ${this.table}`);
    db.exec(`CREATE TABLE ${this.table} (seq INTEGER PRIMARY KEY, mobile TEXT NOT NULL, fields TEXT NOT NULL)`);
    this.insertMany = db.prepare<string[]>(`INSERT INTO ${this.table} (mobile, fields) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?)').join(', ')}`);
    this.insertOne = db.prepare<[string, string]>(`INSERT INTO ${this.table} (mobile, fields) VALUES (?, ?)`);
  }

  stage(mobile: string, fields: string): void {
    this.pending.push(mobile, fields);
    if (this.pending.length === ROWS_PER_INSERT * 2) {
      this.insertMany.run(...this.pending);
      this.pending = [];
    }
  }

  /** Writes what stage() holds back; call it before the chunk's transaction ends. */
  flush(): void {
    for (let i = 0; i < this.pending.length; i += 2) this.insertOne.run(this.pending[i], this.pending[i + 1]);
    this.pending = [];
  }

  /** Into a list, in file order. A mobile added to the list meanwhile is skipped. */
  intoContacts(listId: number): number {
    return this.db
      .prepare<[number]>(
        `INSERT INTO contacts (list_id, mobile, fields) SELECT ?, mobile, fields FROM ${this.table} WHERE true ORDER BY seq
         ON CONFLICT (list_id, mobile) DO NOTHING`,
      )
      .run(listId).changes;
  }

  intoOptouts(note: string, now: string): number {
    return this.db
      .prepare<[string, string]>(
        `INSERT INTO optouts (mobile, source, note, created_at) SELECT mobile, 'import', ?, ? FROM ${this.table} WHERE true ORDER BY seq
         ON CONFLICT (mobile) DO NOTHING`,
      )
      .run(note, now).changes;
  }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
