// Rows of a paged call (contacts.page, optouts.page…) fetched on demand: the table says
// which rows are on screen, and only the pages covering them are asked for. Pages are
// cached (a bounded number, the farthest from the view dropped first); a change in the
// core refetches what is on screen while the old rows stay visible until the new come.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { EventPayload, Page } from '../../../shared/contract';
import { bridge } from '../api/bridge';

type What = EventPayload<'data.changed'>['what'];

export interface PagedRows<T> {
  /** Rows in all; undefined until the first page came. */
  total: number | undefined;
  /** The row at an index, if its page is loaded. */
  rowAt(index: number): T | undefined;
  /** The rows on screen, [start, end). */
  setRange(start: number, end: number): void;
  loading: boolean;
  error: unknown;
  reload(): void;
}

export interface PagedOptions {
  pageSize?: number;
  /** Pages kept in memory. */
  maxPages?: number;
  /** Which `data.changed` kinds refetch the rows. */
  reloadOn?: What[];
}

/**
 * @param key identifies the query (list id, search…): a new key starts afresh; null fetches nothing.
 * @param fetchPage asks the core for one page.
 */
export function usePagedRows<T>(key: string | null, fetchPage: (offset: number, limit: number) => Promise<Page<T>>, options: PagedOptions = {}): PagedRows<T> {
  const pageSize = options.pageSize ?? 200;
  const maxPages = options.maxPages ?? 60;
  const reloadOn = options.reloadOn ?? [];
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const cache = useRef(new Map<number, T[]>());
  const stale = useRef(new Map<number, T[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const range = useRef({ start: 0, end: 1 });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [pending, setPending] = useState(0);
  const [, bump] = useReducer((n: number) => n + 1, 0);

  const evict = useCallback(() => {
    if (cache.current.size <= maxPages) return;
    const centre = Math.floor(range.current.start / pageSize);
    const far = [...cache.current.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of far.slice(0, cache.current.size - maxPages)) cache.current.delete(page);
  }, [maxPages, pageSize]);

  const load = useCallback(() => {
    if (key === null) return;
    const first = Math.floor(range.current.start / pageSize);
    const last = Math.floor(Math.max(range.current.start, range.current.end - 1) / pageSize);
    const gen = generation.current;
    for (let page = first; page <= last; page++) {
      if (cache.current.has(page) || inflight.current.has(page)) continue;
      inflight.current.add(page);
      setPending((n) => n + 1);
      fetchRef.current(page * pageSize, pageSize).then(
        (res) => {
          if (gen !== generation.current) return;
          cache.current.set(page, res.rows);
          stale.current.delete(page);
          evict();
          setTotal(res.total);
          setError(undefined);
          bump();
        },
        (err: unknown) => {
          if (gen === generation.current) setError(err);
        },
      ).finally(() => {
        if (gen === generation.current) inflight.current.delete(page);
        setPending((n) => n - 1);
      });
    }
  }, [key, pageSize, evict]);

  const restart = useCallback(
    (keepRows: boolean) => {
      generation.current += 1;
      const keep = new Map<number, T[]>();
      if (keepRows) {
        // The rows on screen stay until their fresh page comes; nothing else is kept.
        const first = Math.floor(range.current.start / pageSize);
        const last = Math.floor(Math.max(range.current.start, range.current.end - 1) / pageSize);
        for (let page = first; page <= last; page++) {
          const rows = cache.current.get(page) ?? stale.current.get(page);
          if (rows) keep.set(page, rows);
        }
      }
      stale.current = keep;
      cache.current = new Map();
      inflight.current = new Set();
      load();
    },
    [load, pageSize],
  );

  // A new query: nothing cached (the table scrolls back to the top and says so).
  useEffect(() => {
    setTotal(undefined);
    setError(undefined);
    restart(false);
    return () => clearTimeout(timer.current);
  }, [key, restart]);

  const reload = useCallback(() => restart(true), [restart]);

  const reloadKinds = reloadOn.join(',');
  useEffect(() => {
    if (!reloadKinds) return undefined;
    const kinds = reloadKinds.split(',');
    return bridge.on('data.changed', (p) => {
      if (kinds.includes(p.what)) reload();
    });
  }, [reloadKinds, reload]);

  const setRange = useCallback(
    (start: number, end: number) => {
      if (start === range.current.start && end === range.current.end) return;
      range.current = { start, end };
      // While the scrollbar is dragged fast, wait until it rests before asking.
      clearTimeout(timer.current);
      timer.current = setTimeout(load, 60);
    },
    [load],
  );

  const rowAt = useCallback(
    (index: number): T | undefined => {
      const page = Math.floor(index / pageSize);
      const at = index - page * pageSize;
      return cache.current.get(page)?.[at] ?? stale.current.get(page)?.[at];
    },
    [pageSize],
  );

  return { total, rowAt, setRange, loading: pending > 0, error, reload };
}
