import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** Re-renders on every change of the live connection or of the need for a token. */
export function useLink(): { link: typeof api.link; needsToken: boolean } {
  const [, setTick] = useState(0);
  useEffect(() => api.watch(() => setTick((n) => n + 1)), []);
  return { link: api.link, needsToken: api.needsToken };
}
