import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApi } from './api.js';
import { VERSION_INFO } from './discovery.js';
import { Faults } from './faults.js';
import { GarbageCollector } from './garbageCollector.js';
import { WorkloadControllers } from './controllers/workloads.js';
import { KubeHttpServer } from './http.js';
import { ContainerLogs } from './containerLogs.js';
import { Kubelet, RESIZE_NEEDS_RESTART, type KubeletOptions } from './kubelet.js';
import type { ResourceType } from './resources.js';
import { allowMasters, mastersRules, type AuthorizationPolicy, type RulesLister } from './authorization.js';
import { API_AUDIENCES, SANDBOX_USER, type Authenticator, type UserInfo } from './reviews.js';
import { rbacDecision, rbacRules } from './rbac.js';
import { ServiceAccountTokens } from './serviceAccountTokens.js';
import { generateSandboxTls, writeServiceAccountDir } from './tls.js';
import type { StoredObject } from './store.js';

export { KubeApi } from './api.js';
export { Faults, type FaultRule } from './faults.js';
export { Kubelet, RESIZE_NEEDS_RESTART, type PodReadinessGate } from './kubelet.js';
export type { StoredObject, StoreEvent } from './store.js';
export { ContainerLogs } from './containerLogs.js';
export { SANDBOX_USER, type UserInfo } from './reviews.js';
export type { AccessDecision, AccessRequest, AuthorizationPolicy } from './authorization.js';
export { generateSandboxTls, writeServiceAccountDir, SERVICE_ACCOUNT_ROOT, type SandboxTls } from './tls.js';

export interface KubeSandboxOptions {
  port?: number;
  host?: string;
  /** Require this bearer token (default: a random one, written into the kubeConfig). */
  token?: string;
  kubelet?: KubeletOptions;
  /** Simulated nodes, one per zone (default zone-a, zone-b, zone-c). */
  zones?: string[];
  gcIntervalMs?: number;
  /** Changes kept for watches to replay; older resourceVersions get 410 Expired (default 10000). */
  historyLimit?: number;
  /** More bearer tokens the sandbox accepts, and who they are (the sandbox's own token is `sandbox-admin`, in system:masters). */
  users?: Array<{ token: string; user: UserInfo }>;
  /** Answers SubjectAccessReviews (default: members of system:masters may do anything, others nothing; with `rbac` or `reviewsByRbac`, the RBAC objects). */
  authorize?: AuthorizationPolicy;
  /**
   * Answer SubjectAccessReviews from the RBAC objects, as an RBAC API server does, while requests
   * themselves stay unauthorized (the embedded sandbox: kubectl over plain HTTP sends no token).
   */
  reviewsByRbac?: boolean;
  /**
   * Authorize every request with RBAC, from the Roles, ClusterRoles and bindings stored, as an
   * API server with `--authorization-mode=RBAC` does: a denied request gets 403 Forbidden.
   * Default false: every authenticated request is served.
   */
  rbac?: boolean;
  /** Serve HTTPS with a CA generated at start (default: plain HTTP). */
  https?: boolean;
  /**
   * With `https`: write the service-account files a Pod would get (`ca.crt`, `token`,
   * `namespace`) under `<serviceAccountPathPrefix>/var/run/secrets/kubernetes.io/serviceaccount`,
   * for `KubeConfig.loadFromCluster(serviceAccountPathPrefix)`.
   */
  serviceAccountPathPrefix?: string;
}

export interface KubeSandbox {
  url: string;
  token: string;
  /** A client-node KubeConfig for this server (the CA over HTTPS; skipTLSVerify over plain HTTP, as client-node requires). */
  kubeConfig: KubeConfig;
  api: KubeApi;
  faults: Faults;
  kubelet: Kubelet;
  /** PEM of the CA that signed the serving certificate (HTTPS only). */
  caCert?: string;
  /** Where the service-account files were written, and what KUBERNETES_SERVICE_HOST/PORT must say. */
  inCluster?: { serviceAccountDir: string; host: string; port: string };
  /** Ends every open watch: cleanly, by resetting its socket, or with a 410 Expired. */
  endWatches(how: 'clean' | 'reset' | 'expire'): void;
  close(): Promise<void>;
}

function seed(api: KubeApi, zones: string[]): void {
  const r = (group: string, plural: string): ResourceType => {
    const found = api.resources().find((x) => x.group === group && x.plural === plural);
    if (!found) throw new Error(plural);
    return found;
  };
  const create = (resource: ResourceType, object: Record<string, unknown>): void => {
    api.create(resource, undefined, object as unknown as StoredObject);
  };
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    create(r('', 'namespaces'), { metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  zones.forEach((zone, i) => {
    const name = `sandbox-node-${i + 1}`;
    create(r('', 'nodes'), {
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': zone,
          'topology.kubernetes.io/region': 'sandbox',
        },
      },
      spec: {},
      status: {
        capacity: { cpu: '16', memory: '64Gi', pods: '110' },
        allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
        addresses: [{ type: 'InternalIP', address: `10.0.0.${i + 1}` }],
        nodeInfo: {
          kubeletVersion: VERSION_INFO.gitVersion,
          kubeProxyVersion: VERSION_INFO.gitVersion,
          operatingSystem: 'linux',
          architecture: 'amd64',
          osImage: 'kafkaplane sandbox',
          kernelVersion: '6.1.0',
          containerRuntimeVersion: 'sandbox://1.0.0',
          machineID: '',
          systemUUID: '',
          bootID: '',
        },
      },
    });
  });
  const sc = (name: string, allowVolumeExpansion: boolean, annotations: Record<string, string> = {}): void =>
    create(r('storage.k8s.io', 'storageclasses'), {
      metadata: { name, annotations: { ...annotations, ...(name === 'standard' ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {}) } },
      provisioner: 'sandbox.kafkaplane.io/hostpath',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion,
    });
  sc('standard', true);
  sc('standard-offline-resize', true, { [RESIZE_NEEDS_RESTART]: 'true' });
  sc('fixed', false);
  // Two of the API server's bootstrap roles (plugin/pkg/auth/authorizer/rbac/bootstrappolicy):
  // cluster-admin for system:masters, and system:basic-user, which lets every authenticated user
  // ask what they may do.
  const bootstrap = { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } };
  const role = (name: string, rules: unknown[], group: string): void => {
    create(r('rbac.authorization.k8s.io', 'clusterroles'), { metadata: { name, ...bootstrap }, rules });
    create(r('rbac.authorization.k8s.io', 'clusterrolebindings'), {
      metadata: { name, ...bootstrap },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    });
  };
  role(
    'cluster-admin',
    [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
    'system:masters',
  );
  role(
    'system:basic-user',
    [
      { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] },
      { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
    ],
    'system:authenticated',
  );
}

/**
 * Starts the Kubernetes API server simulator with its kubelet, provisioner and garbage
 * collector: 3 Nodes in 3 zones, StorageClasses `standard` (expandable online, the default),
 * `standard-offline-resize` (expandable with a Pod restart) and `fixed` (not expandable).
 */
export async function startKubeSandbox(options: KubeSandboxOptions = {}): Promise<KubeSandbox> {
  const api = new KubeApi({ historyLimit: options.historyLimit });
  seed(api, options.zones ?? ['zone-a', 'zone-b', 'zone-c']);
  const faults = new Faults();
  const token = options.token ?? randomBytes(16).toString('hex');
  const host = options.host ?? '127.0.0.1';
  const tls = options.https ? await generateSandboxTls(host) : undefined;
  const users = new Map<string, UserInfo>([[token, SANDBOX_USER], ...(options.users ?? []).map(({ token: t, user }): [string, UserInfo] => [t, user])]);
  const tokens = new ServiceAccountTokens(api.store);
  // A static token is audience-agnostic (good for the API server's own audiences); then the issued ServiceAccount tokens.
  const authenticate: Authenticator = (presented) => {
    const user = users.get(presented);
    return user ? { user, audiences: API_AUDIENCES } : tokens.authenticate(presented);
  };
  const rbac: AuthorizationPolicy = (request) => rbacDecision(api.store, request);
  // SelfSubjectRulesReviews list the rules of RBAC, or of the default policy; a custom policy cannot list its own.
  const byRbac = options.rbac === true || options.reviewsByRbac === true;
  const rules: RulesLister | undefined =
    byRbac && options.authorize === undefined
      ? (subject, namespace) => rbacRules(api.store, subject, namespace)
      : options.authorize === undefined
        ? mastersRules
        : undefined;
  const logs = new ContainerLogs();
  const http = new KubeHttpServer(
    api,
    faults,
    {
      authenticate,
      tokens,
      policy: options.authorize ?? (byRbac ? rbac : allowMasters),
      rules,
      enforce: options.rbac === true ? rbac : undefined,
    },
    tls,
    logs,
  );
  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = http.server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const kubelet = new Kubelet(api, options.kubelet, logs);
  kubelet.start();
  const gc = new GarbageCollector(api, options.gcIntervalMs);
  gc.start();
  const workloads = new WorkloadControllers(api, options.kubelet?.stepMs);
  workloads.start();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // client-node refuses plain http unless told to skip TLS verification (kubernetes-client/javascript src/config.ts, createDispatcherOptions).
    clusters: [
      tls
        ? { name: 'sandbox', server: url, caData: Buffer.from(tls.caCert).toString('base64'), skipTLSVerify: false }
        : { name: 'sandbox', server: url, skipTLSVerify: true },
    ],
    users: [{ name: 'sandbox-admin', token }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'sandbox-admin', namespace: 'default' }],
    currentContext: 'sandbox',
  });
  const inCluster =
    tls && options.serviceAccountPathPrefix !== undefined
      ? {
          serviceAccountDir: await writeServiceAccountDir(options.serviceAccountPathPrefix, { caCert: tls.caCert, token, namespace: 'default' }),
          host,
          port: String(port),
        }
      : undefined;
  return {
    url,
    token,
    kubeConfig,
    ...(tls ? { caCert: tls.caCert } : {}),
    ...(inCluster ? { inCluster } : {}),
    api,
    faults,
    kubelet,
    endWatches: (how) => {
      for (const watch of [...http.watches]) watch.end(how);
    },
    close: async () => {
      kubelet.stop();
      gc.stop();
      workloads.stop();
      for (const watch of [...http.watches]) watch.end('clean');
      http.server.closeAllConnections();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
    },
  };
}
