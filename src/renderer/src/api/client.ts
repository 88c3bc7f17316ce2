// Typed calls that throw a typed error, and a hook that loads data and reloads it
// when the core says it changed.
import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import type { ErrorBody } from '../../../shared/errors';
import { bridge } from './bridge';

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
  const envelope = await bridge.call(name, input);
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.data;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

export function useCall<K extends CallName>(name: K, input: CallInput<K>): Loaded<CallOutput<K>> {
  const [state, setState] = useState<{ data?: CallOutput<K>; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call(name, JSON.parse(key) as CallInput<K>).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: error instanceof ApiError ? error : new ApiError({ code: 'internal', message: String(error), zh: String(error), en: String(error) }), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [name, key, tick]);
  useEffect(() => bridge.on('data.changed', reload), [reload]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
