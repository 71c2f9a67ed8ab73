import { join } from 'node:path';
import { installCertManager, type CertManager } from './certmanager/index.js';
import { ScaledClock } from './clock.js';
import type { CruiseControlSandboxOptions } from './cruisecontrol/index.js';
import { CruiseControlPods } from './cruiseControlPods.js';
import { sandboxDir, writeSandboxFiles, type SandboxEndpoints } from './files.js';
import { KafkaWorld, type KafkaWorldOptions } from './kafkaWorld.js';
import { startKubeSandbox, type KubeSandbox } from './kube/index.js';
import type { UserInfo } from './kube/reviews.js';
import { ClusterNetwork, type ClusterDnsAddress } from './network/index.js';
import { renderVolumeStats } from './kube/volumeStats.js';
import { startMetricsServer } from './metricsServer.js';
import { kafkaTargets, writeScrapeTargets } from './scrapeTargets.js';

export type { ClusterDnsAddress } from './network/index.js';

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
  /** The simulated Nodes, one per entry, in that zone (default one in each of zone-a, zone-b, zone-c: 330 Pods at most). */
  kubeZones?: string[];
  /** How much faster than real time the simulated Kafka and Cruise Control run. */
  speed?: number;
  /**
   * Start a Cruise Control for each Kafka cluster by itself, answering at the cluster's
   * `<cluster>-cruisecontrol-svc` Service name with no Pod behind it. Off by default: a Cruise
   * Control runs only from a Pod the operator (or a user) deployed, as on a real cluster. Only
   * tests of a model without an operator turn it on.
   */
  autoCruiseControl?: boolean;
  /**
   * Settings of the Cruise Controls: all of them for an automatic one; for one run by a Pod what
   * its files cannot say (proposal compute time, executor tick, user task limits, auth), and the
   * test accelerators `monitor` and `maxBlockMs`, which win over its mounted properties.
   */
  cruiseControl?: Partial<Omit<CruiseControlSandboxOptions, 'model' | 'clock'>>;
  /** Told of each Kafka request a broker answered on its in-cluster listener (what benchmarks count). */
  onKafkaRequest?: KafkaWorldOptions['onKafkaRequest'];
  /**
   * Install cert-manager (its CRDs, its namespace, its controller: sandbox/certmanager/), as a
   * platform team would before using `sslSecrets.pkiBackend: cert-manager`. Off by default, as on a
   * cluster without it. Its controller keeps real time, whatever `speed` says: the certificates it
   * signs are checked by real TLS clients against this machine's clock.
   */
  certManager?: boolean;
  /** Told of the files' paths each time they are rewritten. */
  onFiles?: (paths: { kubeconfigPath: string; endpointsPath: string }) => void;
}

export interface Sandbox {
  kube: KubeSandbox;
  world: KafkaWorld;
  /** Cluster DNS and kube-proxy: how names under cluster.local reach the simulated processes. */
  network: ClusterNetwork;
  /** The Cruise Controls that Pods run. */
  cruiseControlPods: CruiseControlPods;
  /** cert-manager, when installed (`certManager`). */
  certManager: CertManager | undefined;
  dir: string;
  /** Prometheus file_sd files of the broker Pods and the kubelet, kept current (`<dir>/prometheus/`). */
  scrapeTargetsDir: string;
  /** Where the kubelet's metrics (the claims' volume stats) answer on this machine. */
  kubeletMetricsUrl: string;
  /** Where the sandbox's cluster DNS answers (also written into the kubeconfig). */
  clusterDns: ClusterDnsAddress;
  endpoints(): SandboxEndpoints;
  /** Rewrites the files (e.g. once the kafkaplane server's own URL is known). */
  writeFiles(extra?: Partial<SandboxEndpoints>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole sandbox: the Kubernetes API server with its kubelet, the cluster's network (DNS and
 * kube-proxy), the Kafka world behind the broker Pods, the Cruise Controls behind Cruise Control
 * Pods, and the two files other programs read to find them.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dir = sandboxDir(options.dir);
  const kube = await startKubeSandbox({
    port: options.kubePort ?? 0,
    ...(options.kubeUsers ? { users: options.kubeUsers } : {}),
    rbac: options.kubeRbac === true,
    reviewsByRbac: options.kubeReviewsByRbac === true,
    ...(options.kubeZones ? { zones: options.kubeZones } : {}),
  });
  const clock = new ScaledClock(options.speed ?? 10);
  const network = await ClusterNetwork.start(kube.api.store);
  // The kubelet's /metrics: the volume stats of the claims the running broker Pods mount.
  const kubeletMetrics = await startMetricsServer(() => renderVolumeStats(world.volumeStats()));
  const kubeletAddress = `127.0.0.1:${kubeletMetrics.port}`;
  network.startCloud(kube.api);
  let extra: Partial<SandboxEndpoints> = {};
  let writing = Promise.resolve();

  const endpoints = (): SandboxEndpoints => ({
    kubernetes: kube.url,
    clusterDns: network.dns.server,
    cruiseControl: { ...cruiseControlPods.urls(), ...world.cruiseControlUrls() },
    kafka: world.bootstrapServers(),
    kubeletMetrics: `http://${kubeletAddress}/metrics`,
    ...extra,
  });
  // A write waiting for the one before joins later calls: it reads everything when it starts, and
  // a fleet's thousands of Pods starting asked for thousands of writes, each listing every Pod.
  let waiting: Promise<void> | undefined;
  const writeFiles = (more: Partial<SandboxEndpoints> = {}): Promise<void> => {
    extra = { ...extra, ...more };
    if (waiting !== undefined) return waiting;
    waiting = writing = writing.then(async () => {
      waiting = undefined;
      const paths = await writeSandboxFiles(dir, { server: kube.url, token: kube.token, clusterDns: network.dns }, endpoints());
      await writeScrapeTargets(dir, {
        kafka: kafkaTargets(kube.api.store, (podIP, port) => network.standInOf(podIP, port)),
        kubelet: [{ targets: [kubeletAddress], labels: {} }],
      });
      options.onFiles?.(paths);
    });
    return writing;
  };
  const world = new KafkaWorld(
    kube,
    clock,
    network,
    () => {
      void writeFiles();
    },
    {
      autoCruiseControl: options.autoCruiseControl ?? false,
      cruiseControl: options.cruiseControl ?? {},
      ...(options.onKafkaRequest !== undefined ? { onKafkaRequest: options.onKafkaRequest } : {}),
    },
  );
  const { proposalComputeMs, executorTickMs, userTasks, monitor, maxBlockMs, onRequest } = options.cruiseControl ?? {};
  const cruiseControlPods = new CruiseControlPods(kube, clock, network, world, {
    ...(monitor !== undefined ? { monitor } : {}),
    ...(maxBlockMs !== undefined ? { maxBlockMs } : {}),
    ...(proposalComputeMs !== undefined ? { proposalComputeMs } : {}),
    ...(executorTickMs !== undefined ? { executorTickMs } : {}),
    ...(userTasks !== undefined ? { userTasks } : {}),
    ...(onRequest !== undefined ? { onRequest } : {}),
  });
  cruiseControlPods.onChange = () => void writeFiles();
  // The kubelet runs every Pod; what runs inside is the Kafka world's or Cruise Control's to say.
  kube.kubelet.readinessGate = (pod) => world.isServing(pod) && cruiseControlPods.isServing(pod);
  // Pods coming and going change the scrape targets.
  kube.kubelet.onPodRunning = (pod) => {
    void world.podRunning(pod).then(() => writeFiles());
    cruiseControlPods.podRunning(pod);
  };
  kube.kubelet.onPodStopped = (pod) => {
    world.podStopped(pod);
    cruiseControlPods.podStopped(pod);
    void writeFiles();
  };
  await writeFiles();
  const certManager = options.certManager === true ? installCertManager(kube.api, new ScaledClock(1)) : undefined;

  return {
    kube,
    world,
    network,
    cruiseControlPods,
    certManager,
    dir,
    scrapeTargetsDir: join(dir, 'prometheus'),
    kubeletMetricsUrl: `http://${kubeletAddress}/metrics`,
    clusterDns: network.dns,
    endpoints,
    writeFiles,
    close: async () => {
      cruiseControlPods.onChange = undefined;
      await writing;
      await certManager?.close();
      await cruiseControlPods.close();
      await world.close();
      await kubeletMetrics.close();
      await network.close();
      await kube.close();
    },
  };
}
