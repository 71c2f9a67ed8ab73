import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client';

/** A subscription whose every message means "what the query shows may have changed". */
export interface Trigger {
  query: string;
  variables: object;
}

export interface LiveQuery<T> {
  data: T | undefined;
  error: string | undefined;
  /** Reads again soon (after the read under way, if any). */
  refresh: () => void;
}

// By default, reads again at most this often however many updates stream in: a drain sends several a second.
const SETTLE_MS = 400;

/**
 * Runs a query, and again whenever one of the triggers sends something (and every `pollMs`, for the
 * figures no subscription carries: Cruise Control's counts and load). One read at a time; updates
 * that come during a read are folded into one more read after it.
 */
export function useLiveQuery<T>(query: string, variables: object, triggers: Trigger[], pollMs = 5_000, settleMs = SETTLE_MS): LiveQuery<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const refresher = useRef<() => void>(() => {});
  const variablesKey = JSON.stringify(variables);
  const triggersKey = JSON.stringify(triggers);
  const shownFor = useRef(variablesKey);

  useEffect(() => {
    let alive = true;
    let running = false;
    let again = false;
    let timer = 0;
    const schedule = (): void => {
      if (timer !== 0) return;
      timer = window.setTimeout(() => {
        timer = 0;
        read();
      }, settleMs);
    };
    const read = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      api
        .request<T>(query, JSON.parse(variablesKey) as object)
        .then(
          (result) => {
            if (!alive) return;
            setData(result);
            setError(undefined);
          },
          (failure: unknown) => {
            if (alive) setError(failure instanceof ApiError ? `${failure.message} (${failure.code})` : String(failure));
          },
        )
        .finally(() => {
          running = false;
          if (again && alive) {
            again = false;
            schedule();
          }
        });
    };
    refresher.current = schedule;
    // Another object (not only other triggers): what is shown belongs to the one before.
    if (shownFor.current !== variablesKey) {
      shownFor.current = variablesKey;
      setData(undefined);
    }
    read();
    const poll = window.setInterval(read, pollMs);
    const stops = (JSON.parse(triggersKey) as Trigger[]).map((t) => api.subscribe(t.query, t.variables, schedule));
    return () => {
      alive = false;
      window.clearInterval(poll);
      window.clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [query, variablesKey, triggersKey, pollMs, settleMs]);

  return { data, error, refresh: () => refresher.current() };
}
