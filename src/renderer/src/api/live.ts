// Keeping a view live: reload it when the core pushes one of some events, at most once
// per `ms` (and once more after the last, so the final state is always shown).
import { useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput, CampaignProgress, EventName, EventPayload } from '../../../shared/contract';
import { bridge } from './bridge';
import { useCall, type Loaded } from './client';

export function useReloadOn<E extends EventName>(events: readonly E[], reload: () => void, options: { ms?: number; accept?: (payload: EventPayload<E>) => boolean } = {}): void {
  const latest = useRef({ reload, accept: options.accept });
  latest.current = { reload, accept: options.accept };
  const ms = options.ms ?? 0;
  const names = events.join(',');
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = (): void => {
      timer = undefined;
      last = Date.now();
      latest.current.reload();
    };
    const onEvent = (payload: EventPayload<E>): void => {
      if (latest.current.accept && !latest.current.accept(payload)) return;
      const wait = last + ms - Date.now();
      if (wait <= 0 && timer === undefined) fire();
      else timer ??= setTimeout(fire, Math.max(0, wait));
    };
    const offs = (names.split(',') as E[]).map((name) => bridge.on(name, onEvent));
    return () => {
      offs.forEach((off) => off());
      clearTimeout(timer);
    };
  }, [names, ms]);
}

/** A call's data, loaded again when one of these events comes (and on data.changed, as useCall). */
export function useLiveCall<K extends CallName>(name: K, input: CallInput<K>, events: readonly EventName[], ms = 500): Loaded<CallOutput<K>> {
  const loaded = useCall(name, input);
  useReloadOn(events, loaded.reload, { ms });
  return loaded;
}

export interface LiveProgress extends CampaignProgress {
  /** When it came (Date.now()). */
  at: number;
}

/** The latest progress the core pushed for each campaign sending now. */
export function useProgress(): ReadonlyMap<number, LiveProgress> {
  const [byId, setById] = useState<ReadonlyMap<number, LiveProgress>>(new Map());
  useEffect(
    () =>
      bridge.on('campaign.progress', (p) =>
        setById((prev) => {
          const next = new Map(prev);
          next.set(p.campaignId, { ...p, at: Date.now() });
          return next;
        }),
      ),
    [],
  );
  return byId;
}
