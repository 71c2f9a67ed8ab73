import { describe, expect, it } from 'vitest';
import { jaasOptions, loadListenerSasl } from '../../../sandbox/kafka/listenerSasl.js';
import { ScramCredentials } from '../../../sandbox/kafka/scram.js';

const listeners = {
  listeners: 'INTERNAL://:29092,SCRAM://:9094',
  'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,SCRAM:SASL_PLAINTEXT',
};

describe('loading SASL listeners at broker start', () => {
  it('reads the mechanisms of the listener and the PLAIN users of its JAAS entry; SCRAM users come from the cluster', () => {
    const scram = new ScramCredentials();
    const loaded = loadListenerSasl(
      {
        ...listeners,
        'listener.name.scram.sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
        'listener.name.scram.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
        'listener.name.scram.plain.sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="x" user_bob="bob-secret";',
      },
      scram,
    );
    expect(loaded instanceof Map ? loaded.get('SCRAM') : loaded).toEqual({
      mechanisms: ['SCRAM-SHA-512', 'PLAIN'],
      plainUsers: new Map([['bob', 'bob-secret']]),
      scram,
    });
  });

  it("stops the broker with JaasContext's message when a mechanism has no JAAS entry", () => {
    expect(loadListenerSasl({ ...listeners, 'sasl.enabled.mechanisms': 'SCRAM-SHA-256' }, new ScramCredentials())).toEqual({
      exception: 'org.apache.kafka.common.KafkaException',
      reason:
        "java.lang.IllegalArgumentException: Could not find a 'KafkaServer' or 'scram.KafkaServer' entry in the JAAS configuration. " +
        "System property 'java.security.auth.login.config' is not set",
    });
  });

  it("stops the broker on Kafka's default GSSAPI, which needs a JAAS entry and a KDC", () => {
    const failed = loadListenerSasl(listeners, new ScramCredentials());
    expect(failed instanceof Map ? undefined : failed.reason).toContain("Could not find a 'KafkaServer' or 'scram.KafkaServer' entry");
  });

  it('reads JAAS options quoted or bare, and refuses an entry without its ending semicolon', () => {
    expect(jaasOptions('a.B required user_x="p\\"q" debug=true;')).toEqual(
      new Map([
        ['user_x', 'p"q'],
        ['debug', 'true'],
      ]),
    );
    expect(jaasOptions('a.B required user_x="p"')).toBeUndefined();
  });
});
