// Follows one running import (contacts or opt-outs): its progress from `import.progress`
// events and, once it ends, its report. The events may come before `imports.start`
// answers, and a browser can miss one, so the report is also asked for every second.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportProgress, ImportReport } from '../../../shared/contract';
import { bridge } from '../api/bridge';
import { call } from '../api/client';

export interface ImportRun {
  importId: string | null;
  progress: ImportProgress | null;
  report: ImportReport | null;
  error: unknown;
  /** Start following an import. */
  follow(importId: string): void;
  cancel(): Promise<void>;
  reset(): void;
}

export function useImportRun(): ImportRun {
  const [importId, setImportId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  // Progress seen before we knew the id, by id.
  const early = useRef(new Map<string, ImportProgress>());
  const current = useRef<string | null>(null);

  const fetchReport = useCallback(async (id: string): Promise<boolean> => {
    try {
      const r = await call('imports.report', { importId: id });
      if (r && current.current === id) {
        setReport(r);
        return true;
      }
    } catch (err) {
      if (current.current === id) setError(err);
      return true;
    }
    return false;
  }, []);

  useEffect(
    () =>
      bridge.on('import.progress', (p) => {
        if (p.importId !== current.current) {
          early.current.set(p.importId, p);
          return;
        }
        setProgress(p);
        if (p.state !== 'running') void fetchReport(p.importId);
      }),
    [fetchReport],
  );

  useEffect(() => {
    if (!importId || report || error) return undefined;
    const timer = setInterval(() => void fetchReport(importId), 1000);
    return () => clearInterval(timer);
  }, [importId, report, error, fetchReport]);

  const follow = useCallback(
    (id: string) => {
      current.current = id;
      setImportId(id);
      setReport(null);
      setError(undefined);
      const seen = early.current.get(id) ?? null;
      early.current.clear();
      setProgress(seen);
      if (seen && seen.state !== 'running') void fetchReport(id);
    },
    [fetchReport],
  );

  const cancel = useCallback(async () => {
    if (current.current) await call('imports.cancel', { importId: current.current });
  }, []);

  const reset = useCallback(() => {
    current.current = null;
    setImportId(null);
    setProgress(null);
    setReport(null);
    setError(undefined);
  }, []);

  return { importId, progress, report, error, follow, cancel, reset };
}
