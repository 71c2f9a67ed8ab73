import { describe, expect, it } from 'vitest';
import { dynamicUpdateMode, isDynamicPerBroker } from '../../src/kafka/index.js';
import { brokerConfigKeys, needsListenerPrefix } from '../../sandbox/kafka/dynamicConfigs.js';

describe('dynamicUpdateMode', () => {
  it.each([
    ['log.cleaner.threads', 'cluster-wide'],
    ['num.io.threads', 'cluster-wide'],
    ['log.retention.ms', 'cluster-wide'],
    ['log.retention.hours', 'read-only'],
    ['listeners', 'per-broker'],
    ['advertised.listeners', 'per-broker'],
    ['ssl.keystore.location', 'read-only'],
    ['listener.name.internal.ssl.keystore.location', 'per-broker'],
    ['listener.name.internal.plain.sasl.jaas.config', 'per-broker'],
    ['listener.name.internal.max.connections', 'cluster-wide'],
    ['log.dirs', 'read-only'],
    ['node.id', 'read-only'],
    ['cruise.control.metrics.reporter.bootstrap.servers', 'read-only'],
  ] as const)('%s is %s', (name, mode) => {
    expect(dynamicUpdateMode(name)).toBe(mode);
    expect(isDynamicPerBroker(name)).toBe(mode !== 'read-only');
  });

  it('agrees with the sandbox brokers on every config they know', () => {
    const disagreements = [...brokerConfigKeys.values()]
      .map((key) => ({ name: key.name, sandbox: needsListenerPrefix(key.name) ? 'read-only' : key.mode, client: dynamicUpdateMode(key.name) }))
      .filter((d) => d.sandbox !== d.client);
    expect(disagreements).toEqual([]);
  });
});
