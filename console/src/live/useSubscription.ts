import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** The last message of a subscription (undefined until the first), with its error if it failed. */
export function useSubscription<T>(query: string, variables: object | undefined): { last: T | undefined; error: string | undefined } {
  const [last, setLast] = useState<T>();
  const [error, setError] = useState<string>();
  const key = variables === undefined ? undefined : JSON.stringify(variables);
  useEffect(() => {
    if (key === undefined) return undefined;
    setLast(undefined);
    return api.subscribe<T>(query, JSON.parse(key) as object, setLast, (failure) => setError(failure.message));
  }, [query, key]);
  return { last, error };
}
