import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';
import { CruiseControlClients } from '../../src/cruisecontrol/index.js';
import { cruiseControlEndpointOutsideCluster, koperatorCruiseControlUrl } from '../../src/domain/addresses.js';
import { cruiseControlHealth } from '../../src/operator/kafkaHealth.js';
import { ManualClock } from '../../sandbox/clock.js';
import { startCruiseControlSandbox, type CruiseControlSandbox } from '../../sandbox/cruisecontrol/index.js';
import { createDemoCluster, type KafkaClusterModel } from '../../sandbox/kafka/model/index.js';

const logger = createLogger({ logLevel: 'silent', logFormat: 'json' });
const ref = { name: 'kafka', namespace: 'kafka', uid: 'u' };
let model: KafkaClusterModel;
let cruiseControl: CruiseControlSandbox;

beforeAll(async () => {
  const clock = new ManualClock();
  model = createDemoCluster({ clock });
  cruiseControl = await startCruiseControlSandbox({ model, clock, port: 0 });
});
afterAll(async () => {
  await cruiseControl.close();
  model.close();
});

describe('Kafka health for rolling restarts, from Cruise Control', () => {
  it('is healthy with every broker up, and not while one is down', async () => {
    const clients = new CruiseControlClients({ url: () => cruiseControl.url });
    const healthy = cruiseControlHealth((cluster) => clients.of('check', cluster, { endpoint: undefined, credentialsSecret: undefined }), logger);
    expect(await healthy(ref)).toBe(true);
    model.stopBroker(4);
    expect(await healthy(ref)).toBe(false);
    model.startBroker(4);
  });

  it('is unknown when Cruise Control does not answer, which holds restarts', async () => {
    const clients = new CruiseControlClients({ url: () => 'http://127.0.0.1:9/kafkacruisecontrol' });
    const unknown = cruiseControlHealth((cluster) => clients.of('check', cluster, { endpoint: undefined, credentialsSecret: undefined }), logger);
    expect(await unknown(ref)).toBeUndefined();
  });

  it("finds Cruise Control where Koperator puts it, or at the cluster's own endpoint", () => {
    const url = koperatorCruiseControlUrl();
    expect(url(ref, undefined)).toBe('http://kafka-cruisecontrol-svc.kafka.svc.cluster.local:8090/kafkacruisecontrol');
    expect(url(ref, 'my-cc.tools.svc:9090')).toBe('http://my-cc.tools.svc:9090/kafkacruisecontrol');
    expect(url(ref, 'my-cc.tools.svc.cluster.local:9090')).toBe('http://my-cc.tools.svc.cluster.local:9090/kafkacruisecontrol');
    expect(url(ref, 'https://my-cc.tools.svc:9090')).toBe('https://my-cc.tools.svc:9090/kafkacruisecontrol');
  });

  it.each(['cc.example:9090', '169.254.169.254:80', 'http://[::1]:8090', 'my-cc.tools.svc.other.domain:9090', 'a.b:1'])(
    'calls no endpoint outside the cluster network (%s) unless allowed',
    (endpoint) => {
      expect(koperatorCruiseControlUrl()(ref, endpoint)).toBeUndefined();
      expect(cruiseControlEndpointOutsideCluster(endpoint)).toContain('--allow-external-cruise-control');
      expect(koperatorCruiseControlUrl({ allowOutsideCluster: true })(ref, endpoint)).toMatch(/\/kafkacruisecontrol$/);
    },
  );

  it('takes Service names of the cluster domain it is told', () => {
    expect(koperatorCruiseControlUrl({ clusterDomain: 'corp.internal' })(ref, 'cc.tools.svc.corp.internal:9090')).toBe(
      'http://cc.tools.svc.corp.internal:9090/kafkacruisecontrol',
    );
    expect(koperatorCruiseControlUrl({ clusterDomain: 'corp.internal' })(ref, 'cc.tools.svc.cluster.local:9090')).toBeUndefined();
  });
});
