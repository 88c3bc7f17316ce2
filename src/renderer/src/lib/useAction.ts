// "Do it, then say so": runs a call, toasts its success in the user's language or the
// core's own error, and knows which actions are still running (for a button's loading).
import { message } from 'antd';
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n';
import { errorText } from './errors';

export interface ActionOptions<T> {
  /** The toast on success: a text, or one made from the result; none when absent. */
  success?: string | ((result: T) => string);
  /** What to do with the result once it succeeded. */
  then?: (result: T) => void;
  /** Names the action, for `busy`. */
  key?: string;
}

export interface Actions {
  /** Never throws: a failure is toasted. */
  run<T>(fn: () => Promise<T>, options?: ActionOptions<T>): Promise<void>;
  busy(key: string): boolean;
}

export function useAction(): Actions {
  const { pick } = useI18n();
  const [running, setRunning] = useState<ReadonlySet<string>>(new Set());
  const mark = useCallback((key: string | undefined, on: boolean) => {
    if (key === undefined) return;
    setRunning((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>, options: ActionOptions<T> = {}): Promise<void> => {
      mark(options.key, true);
      try {
        const result = await fn();
        const { success } = options;
        if (success !== undefined) void message.success(typeof success === 'function' ? success(result) : success);
        options.then?.(result);
      } catch (err) {
        void message.error(errorText(err, pick));
      } finally {
        mark(options.key, false);
      }
    },
    [mark, pick],
  );
  const busy = useCallback((key: string) => running.has(key), [running]);
  return { run, busy };
}
