import type { BrokerBackend } from './brokerBackend.js';

export interface Endpoint {
  host: string;
  port: number;
}

/** `NAME://host:port,…` as Kafka parses `listeners` and `advertised.listeners` (CoreUtils.listenerListToEndPoints). */
function endpoints(value: string | undefined): Map<string, Endpoint> {
  const out = new Map<string, Endpoint>();
  for (const entry of (value ?? '').split(',').map((e) => e.trim())) {
    const match = /^([A-Za-z0-9_-]+):\/\/\[?([^\]]*?)\]?:(\d+)$/.exec(entry);
    if (match) out.set((match[1] ?? '').toUpperCase(), { host: match[2] ?? '', port: Number(match[3]) });
  }
  return out;
}

/** The listener a broker serves on a port, from its `listeners`. */
export function listenerOnPort(config: ReadonlyMap<string, string>, port: number): string | undefined {
  for (const [name, endpoint] of endpoints(config.get('listeners'))) if (endpoint.port === port) return name;
  return undefined;
}

/**
 * Where a broker tells clients to reach it on one listener: its entry in `advertised.listeners`;
 * a listener it does not advertise is advertised as it listens (KafkaConfig.effectiveAdvertisedBrokerListeners).
 */
export function advertisedEndpoint(config: ReadonlyMap<string, string>, listener: string): Endpoint | undefined {
  return endpoints(config.get('advertised.listeners')).get(listener) ?? endpoints(config.get('listeners')).get(listener);
}

/**
 * The listeners a broker advertises with an address outside the cluster: an IP, or a name not
 * under the cluster domain. The sandbox serves each of them on a port of its own that answers as
 * Kafka does, with every broker's address on that listener; the others keep the sandbox's
 * shortcut (brokers answer with their local port, which this machine reaches directly).
 */
export function outsideListeners(config: ReadonlyMap<string, string>, clusterDomain: string): string[] {
  const advertised = endpoints(config.get('advertised.listeners'));
  return [...advertised].filter(([, endpoint]) => endpoint.host !== '' && !endpoint.host.toLowerCase().endsWith(`.svc.${clusterDomain}`)).map(([name]) => name);
}

/**
 * The cluster as a client that came in on `listener` sees it: each broker at its address on that
 * listener; a broker that has no such listener is left out (Kafka's MetadataCache lists only the
 * brokers with an endpoint on the request's listener).
 */
export function listenerBackend(backend: BrokerBackend, listener: string): BrokerBackend {
  return {
    ...backend,
    brokers: () =>
      backend.brokers().flatMap((broker) => {
        const endpoint = advertisedEndpoint(backend.staticConfig(broker.id), listener);
        return endpoint === undefined ? [] : [{ ...broker, host: endpoint.host, port: endpoint.port }];
      }),
  };
}
