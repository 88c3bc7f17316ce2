// Reads a long column of mobiles a page at a time by key (id > last), so no statement
// stays open between pages: better-sqlite3 allows no write while one iterates, and
// the caller yields to the event loop between pages.
import type { Statement } from 'better-sqlite3';

export const MOBILE_PAGE = 20_000;

export function* mobilePages<P extends unknown[]>(stmt: Statement<[...P, number, number], { key: number; mobile: string }>, ...params: P): Generator<string[]> {
  for (let after = 0; ; ) {
    const rows = stmt.all(...params, after, MOBILE_PAGE);
    if (rows.length > 0) yield rows.map((r) => r.mobile);
    if (rows.length < MOBILE_PAGE) return;
    after = rows[rows.length - 1].key;
  }
}
