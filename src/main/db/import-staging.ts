// An import stages its rows in a TEMP table until the whole file is read. Into an
// existing list (or the opt-out list) they then go in one transaction (about 1.5–3 s a
// million rows: the only stretch such an import holds the thread); into a new list, in
// windows of rows, each its own transaction (see contacts/hidden-list.ts). Staging
// costs little because the table only appends: written straight into `contacts`, rows
// in file order land at random places of the (list_id, mobile) index, and with a commit
// per chunk every commit rewrites most of its pages (15 s a million shuffled numbers,
// against 3 s staged and copied). The staging writes commit chunk by chunk, so the
// import can yield to the event loop without holding a transaction open across
// awaits (other calls on this connection would otherwise land inside it and vanish
// with a cancel). Temp tables live outside the database file: a cancel drops the
// table, a crash leaves nothing behind, and memory stays flat however long the file.
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';
import { RowInserter } from './row-inserter';

let serial = 0;

export class ImportStaging {
  private readonly table: string;
  private readonly rows: RowInserter;
  private dropped = false;
  private window: Statement<[number, number, number]> | null = null;

  constructor(private readonly db: Db) {
    // A fixed prefix and a counter: no user input in the name. No index: the importer
    // has already deduplicated (an index here would double the cost of staging).
    this.table = `temp.import_staging_${++serial}`;
    db.exec(`DROP TABLE IF EXISTS ${this.table}`);
    db.exec(`CREATE TABLE ${this.table} (seq INTEGER PRIMARY KEY, mobile TEXT NOT NULL, fields TEXT NOT NULL)`);
    this.rows = new RowInserter(db, `${this.table} (mobile, fields)`, '(?, ?)');
  }

  add(mobile: string, fields: string): void {
    this.rows.add(mobile, fields);
  }

  /** Writes what add() holds back; call it before the chunk's transaction ends. */
  flush(): void {
    this.rows.flush();
  }

  /** Rows staged so far, numbered 1 to count in file order. */
  get count(): number {
    return this.rows.written;
  }

  /** The rows numbered after `from`, up to `to`, into a list no one else writes (a new list's, hidden); returns how many. */
  windowIntoContacts(listId: number, from: number, to: number): number {
    this.window ??= this.db.prepare<[number, number, number]>(
      `INSERT INTO contacts (list_id, mobile, fields) SELECT ?, mobile, fields FROM ${this.table} WHERE seq > ? AND seq <= ? ORDER BY seq`,
    );
    return this.window.run(listId, from, to).changes;
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
    // A closed connection has taken its temp tables with it.
    if (!this.db.open) return;
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
