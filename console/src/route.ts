import { useEffect, useState } from 'react';

export type Tab = 'brokers' | 'operations' | 'events' | 'config';
export type Route = { page: 'fleet' } | { page: 'cluster'; namespace: string; name: string; tab: Tab };

const TABS: readonly Tab[] = ['brokers', 'operations', 'events', 'config'];

/** Routes live in the hash, so the server serves one page and a reload keeps the place. */
export function parseRoute(hash: string): Route {
  const [first, namespace, name, tab] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (first === 'clusters' && namespace && name) return { page: 'cluster', namespace, name, tab: TABS.find((t) => t === tab) ?? 'brokers' };
  return { page: 'fleet' };
}

export function clusterHref(namespace: string, name: string, tab: Tab = 'brokers'): string {
  return `#/clusters/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}${tab === 'brokers' ? '' : `/${tab}`}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
