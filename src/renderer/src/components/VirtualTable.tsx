// A table that scrolls through any number of rows: only the rows on screen are drawn,
// and only their pages are fetched (usePagedRows).
//
// Chromium cannot lay out an element taller than about 33.5 million pixels, and a
// million rows of 36 px is 36 million: a one-to-one spacer would leave the last rows
// unreachable. So the spacer is capped and the scroll position scaled onto the rows;
// the wheel is scaled back so that one notch still moves a few rows, not dozens.
import { Checkbox, Empty, Spin, theme } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { PagedRows } from './usePagedRows';

export interface VirtualColumn<T> {
  key: string;
  title: ReactNode;
  /** Fixed width in pixels; columns without one share the rest. */
  width?: number;
  render: (row: T, index: number) => ReactNode;
}

export interface VirtualTableProps<T, K extends string | number> {
  rows: PagedRows<T>;
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => K;
  /** Rows checked, by key, and how to change them. */
  selected?: Set<K>;
  onSelect?: (next: Set<K>) => void;
  /** Back to the top when this changes (a new list, a new search). */
  resetKey: string;
  empty: ReactNode;
  testId: string;
  height?: number | string;
  rowHeight?: number;
  /** Opens a row (the rows show they can be clicked). */
  onRowClick?: (row: T) => void;
}

const MAX_SPACER_PX = 15_000_000;
const OVERSCAN = 6;

export function VirtualTable<T, K extends string | number>(props: VirtualTableProps<T, K>): ReactNode {
  const { token } = theme.useToken();
  const rowHeight = props.rowHeight ?? 36;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const total = props.rows.total ?? 0;

  const full = total * rowHeight;
  const spacer = Math.min(full, MAX_SPACER_PX);
  const ratio = spacer > viewport ? Math.max(1, (full - viewport) / (spacer - viewport)) : 1;
  const virtualTop = scrollTop * ratio;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(total, Math.ceil((virtualTop + viewport) / rowHeight) + OVERSCAN);

  const { setRange } = props.rows;
  useEffect(() => setRange(first, Math.max(first + 1, last)), [first, last, setRange]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 400));
    observer.observe(el);
    setViewport(el.clientHeight || 400);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [props.resetKey]);

  // Scaled scrolling: a wheel notch moves the rows it would move in a normal list.
  const ratioRef = useRef(ratio);
  ratioRef.current = ratio;
  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const onWheel = (e: WheelEvent): void => {
      if (ratioRef.current <= 1 || e.ctrlKey) return;
      e.preventDefault();
      const delta = e.deltaMode === 1 ? e.deltaY * rowHeight : e.deltaMode === 2 ? e.deltaY * el.clientHeight : e.deltaY;
      el.scrollTop += delta / ratioRef.current;
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [rowHeight]);

  const selectable = props.selected !== undefined && props.onSelect !== undefined;
  const toggle = (key: K, on: boolean): void => {
    if (!props.selected || !props.onSelect) return;
    const next = new Set(props.selected);
    if (on) next.add(key);
    else next.delete(key);
    props.onSelect(next);
  };

  const cell = (col: VirtualColumn<T>): CSSProperties => ({
    flex: col.width ? `0 0 ${col.width}px` : '1 1 0',
    minWidth: 0,
    padding: '0 8px',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  });
  const rowStyle: CSSProperties = { display: 'flex', alignItems: 'center', height: rowHeight, borderBottom: `1px solid ${token.colorBorderSecondary}` };

  const drawn: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const row = props.rows.rowAt(i);
    const top = i * rowHeight - virtualTop + scrollTop;
    const key = row === undefined ? undefined : props.rowKey(row);
    drawn.push(
      <div
        key={i}
        role="row"
        data-testid={`${props.testId}-row`}
        data-index={i}
        onClick={row !== undefined && props.onRowClick ? () => props.onRowClick?.(row) : undefined}
        style={{
          ...rowStyle,
          position: 'absolute',
          top,
          left: 0,
          right: 0,
          cursor: props.onRowClick ? 'pointer' : undefined,
          background: key !== undefined && props.selected?.has(key) ? token.controlItemBgActive : undefined,
        }}
      >
        {selectable && (
          <div style={{ flex: '0 0 40px', textAlign: 'center' }}>
            {key !== undefined && <Checkbox checked={props.selected!.has(key)} onChange={(e) => toggle(key, e.target.checked)} aria-label={String(key)} />}
          </div>
        )}
        {row === undefined ? (
          <div style={{ padding: '0 8px', color: token.colorTextQuaternary }}>{i + 1} …</div>
        ) : (
          props.columns.map((col) => (
            <div key={col.key} role="cell" style={cell(col)}>
              {col.render(row, i)}
            </div>
          ))
        )}
      </div>,
    );
  }

  return (
    <div data-testid={props.testId} style={{ background: token.colorBgContainer, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, overflow: 'hidden' }}>
      <div role="row" style={{ ...rowStyle, background: token.colorFillAlter, fontWeight: 600 }}>
        {selectable && (
          <div style={{ flex: '0 0 40px', textAlign: 'center' }}>
            <Checkbox
              checked={props.selected!.size > 0}
              indeterminate={props.selected!.size > 0}
              disabled={props.selected!.size === 0}
              onChange={() => props.onSelect!(new Set())}
            />
          </div>
        )}
        {props.columns.map((col) => (
          <div key={col.key} role="columnheader" style={cell(col)}>
            {col.title}
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        role="rowgroup"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        style={{ height: props.height ?? 'calc(100vh - 330px)', minHeight: 240, overflowY: 'auto', position: 'relative' }}
      >
        {props.rows.total === 0 ? (
          <Empty style={{ marginTop: 48 }} description={props.empty} />
        ) : props.rows.total === undefined ? (
          <div style={{ textAlign: 'center', paddingTop: 48 }}>
            <Spin />
          </div>
        ) : (
          <div style={{ height: spacer, position: 'relative' }}>{drawn}</div>
        )}
      </div>
    </div>
  );
}
