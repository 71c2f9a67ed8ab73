import { ScaledClock } from './clock.js';
import { startCruiseControlSandbox, type CruiseControlSandbox, type CruiseControlSandboxOptions } from './cruisecontrol/index.js';
import { sandboxDir, writeSandboxFiles, type SandboxEndpoints } from './files.js';
import { BrokerListeners } from './kafka/brokerServer.js';
import { createDemoCluster, type KafkaClusterModel } from './kafka/model/index.js';
import { modelBackend } from './kafka/modelBackend.js';
import { KafkaWorld } from './kafkaWorld.js';
import { startKubeSandbox, type KubeSandbox } from './kube/index.js';
import type { UserInfo } from './kube/reviews.js';

export interface SandboxOptions {
  /** Where kubeconfig and endpoints.json are written (`--dir`, SANDBOX_DIR, `.sandbox`). */
  dir?: string | undefined;
  kubePort?: number;
  /** More bearer tokens the Kubernetes sandbox accepts, and who they are (a ServiceAccount, in tests of RBAC). */
  kubeUsers?: Array<{ token: string; user: UserInfo }>;
  /** Authorize every Kubernetes request with RBAC from the stored roles and bindings (403 when denied). */
  kubeRbac?: boolean;
  /** Answer SubjectAccessReviews with RBAC while requests stay unauthorized (the embedded sandbox under `--auth kubernetes`). */
  kubeReviewsByRbac?: boolean;
  /** How much faster than real time the simulated Kafka and Cruise Control run. */
  speed?: number;
  /** Also run a Kafka cluster of its own, outside Kubernetes (for `npm run sandbox` alone). */
  standaloneDemo?: boolean;
  /** Settings of each cluster's Cruise Control (tests shorten its metric windows). */
  cruiseControl?: Partial<Omit<CruiseControlSandboxOptions, 'model' | 'clock'>>;
  /** Told of the files' paths each time they are rewritten. */
  onFiles?: (paths: { kubeconfigPath: string; endpointsPath: string }) => void;
}

export interface Sandbox {
  kube: KubeSandbox;
  world: KafkaWorld;
  dir: string;
  endpoints(): SandboxEndpoints;
  /** Rewrites the files (e.g. once the kafkaplane server's own URL is known). */
  writeFiles(extra?: Partial<SandboxEndpoints>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole sandbox: the Kubernetes API server with its kubelet, the Kafka world behind the
 * broker Pods (models, brokers' Kafka ports, one Cruise Control per cluster), and the two files
 * other programs read to find them.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = sandboxDir(options.dir);
  const kube = await startKubeSandbox({
    port: options.kubePort ?? 0,
    ...(options.kubeUsers ? { users: options.kubeUsers } : {}),
    rbac: options.kubeRbac === true,
    reviewsByRbac: options.kubeReviewsByRbac === true,
  });
  const clock = new ScaledClock(options.speed ?? 10);
  let extra: Partial<SandboxEndpoints> = {};
  let writing = Promise.resolve();
  const standalone: { model?: KafkaClusterModel; listeners?: BrokerListeners; cruiseControl?: CruiseControlSandbox; ports: Map<number, number> } = {
    ports: new Map(),
  };

  const endpoints = (): SandboxEndpoints => ({
    kubernetes: kube.url,
    cruiseControl: { ...world.cruiseControlUrls(), ...(standalone.cruiseControl ? { 'standalone/demo': standalone.cruiseControl.url } : {}) },
    kafka: {
      ...world.bootstrapServers(),
      ...(standalone.ports.size > 0 ? { 'standalone/demo': [...standalone.ports.values()].map((p) => `127.0.0.1:${p}`).join(',') } : {}),
    },
    ...extra,
  });
  const writeFiles = (more: Partial<SandboxEndpoints> = {}): Promise<void> => {
    extra = { ...extra, ...more };
    writing = writing.then(async () => {
      const paths = await writeSandboxFiles(dir, { server: kube.url, token: kube.token }, endpoints());
      options.onFiles?.(paths);
    });
    return writing;
  };
  const world = new KafkaWorld(
    kube,
    clock,
    () => {
      void writeFiles();
    },
    options.cruiseControl,
  );

  if (options.standaloneDemo) {
    const model = createDemoCluster({ clock });
    standalone.model = model;
    standalone.listeners = new BrokerListeners({
      host: '127.0.0.1',
      backend: modelBackend(model),
      onPort: (id, port) => {
        if (port === null) standalone.ports.delete(id);
        else {
          standalone.ports.set(id, port);
          model.setEndpoint(id, '127.0.0.1', port);
        }
      },
    });
    await standalone.listeners.sync(model.brokers().map((b) => b.id));
    standalone.cruiseControl = await startCruiseControlSandbox({ model, clock, port: 0 });
  }
  await writeFiles();

  return {
    kube,
    world,
    dir,
    endpoints,
    writeFiles,
    close: async () => {
      await writing;
      await world.close();
      await standalone.listeners?.close();
      await standalone.cruiseControl?.close();
      standalone.model?.close();
      await kube.close();
    },
  };
}
