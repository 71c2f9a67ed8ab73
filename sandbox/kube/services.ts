import { fieldForbidden, fieldInvalid } from './errors.js';
import type { StatusCause } from './errors.js';
import type { StoredObject } from './store.js';

/** kubeadm's default --service-cluster-ip-range. */
export const SERVICE_CIDR = '10.96.0.0/12';
const RANGE_START = ipToNumber('10.96.0.0');
const RANGE_SIZE = 2 ** 20;

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  targetPort?: number | string;
  nodePort?: number;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  sessionAffinity?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
  ports?: ServicePort[];
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** core/v1 defaults.go SetDefaults_Service: the fields a Service leaves the API server with. */
function setServiceDefaults(spec: ServiceSpec): void {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/**
 * A new Service, as the API server stores it: defaults set and a cluster IP allocated from
 * SERVICE_CIDR (pkg/registry/core/service/storage: the IP allocator), or `None` kept for a
 * headless one; `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` filled in (single-stack IPv4).
 * A requested IP outside the range or already taken is refused, with the API server's words.
 */
export function prepareServiceCreate(service: StoredObject, inUse: ReadonlySet<string>, nodePortsInUse: ReadonlySet<number> = new Set()): StatusCause[] {
  const spec = (service.spec ??= {}) as ServiceSpec;
  setServiceDefaults(spec);
  if (spec.type === 'ExternalName') return [];
  const portCauses = allocateNodePorts(spec, nodePortsInUse);
  if (portCauses.length > 0) return portCauses;
  const requested = spec.clusterIP || spec.clusterIPs?.[0] || '';
  if (requested === 'None') {
    Object.assign(spec, { clusterIP: 'None', clusterIPs: ['None'] });
  } else if (requested !== '') {
    if (!IPV4.test(requested)) return [fieldInvalid('spec.clusterIPs[0]', requested, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
    const offset = ipToNumber(requested) - RANGE_START;
    if (offset < 1 || offset >= RANGE_SIZE - 1) {
      return [
        fieldInvalid(
          'spec.clusterIPs',
          [requested],
          `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        ),
      ];
    }
    if (inUse.has(requested)) return [fieldInvalid('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: provided IP is already allocated`)];
    Object.assign(spec, { clusterIP: requested, clusterIPs: [requested] });
  } else {
    const ip = nextFree(inUse);
    Object.assign(spec, { clusterIP: ip, clusterIPs: [ip] });
  }
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  return [];
}

/**
 * An update: what it leaves out of the allocated fields is kept (storage.go patchAllocatedValues:
 * "the user did not specify them, so they want to keep the old values"), and a cluster IP, once
 * set, may not change (validation.go, validateUpgradeDowngradeClusterIPs).
 */
export function prepareServiceUpdate(previous: StoredObject, next: StoredObject, nodePortsInUse: ReadonlySet<number> = new Set()): StatusCause[] {
  const before = (previous.spec ?? {}) as ServiceSpec;
  const after = (next.spec ??= {}) as ServiceSpec;
  setServiceDefaults(after);
  if (before.type === 'ExternalName' || after.type === 'ExternalName') return [];
  keepNodePorts(before, after);
  // The Service's own ports are free for it (the allocator releases what the update drops).
  const ownPorts = new Set((before.ports ?? []).map((p) => p.nodePort));
  const portCauses = allocateNodePorts(after, new Set([...nodePortsInUse].filter((p) => !ownPorts.has(p))));
  if (portCauses.length > 0) return portCauses;
  if (!after.clusterIP && (after.clusterIPs ?? []).length === 0) {
    after.clusterIP = before.clusterIP;
    after.clusterIPs = before.clusterIPs;
  }
  after.ipFamilies ??= before.ipFamilies;
  after.ipFamilyPolicy ??= before.ipFamilyPolicy;
  const wanted = after.clusterIPs?.[0] ?? after.clusterIP;
  if (wanted !== before.clusterIPs?.[0]) return [fieldInvalid('spec.clusterIPs[0]', after.clusterIPs ?? [after.clusterIP], 'may not change once set')];
  return [];
}

/** The lowest free address of the range (the real allocator picks one at random; a sandbox answers the same each run). */
function nextFree(inUse: ReadonlySet<string>): string {
  for (let offset = 1; offset < RANGE_SIZE - 1; offset += 1) {
    const ip = numberToIp(RANGE_START + offset);
    if (!inUse.has(ip)) return ip;
  }
  throw new Error(`the service range ${SERVICE_CIDR} is full`);
}

/** kube-apiserver's default --service-node-port-range. */
export const NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;
const NODE_PORT_RANGE_TEXT = `${NODE_PORT_RANGE.base}-${NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1}`;
/**
 * The low band of the range, left to ports users ask for by number: a port the allocator picks
 * comes from above it first (pkg/registry/core/service/portallocator, ServiceNodePortStaticSubrange:
 * min(max(16, size/32), 128) ports).
 */
const STATIC_BAND = Math.min(Math.max(16, Math.floor(NODE_PORT_RANGE.size / 32)), 128);

const needsNodePorts = (spec: ServiceSpec): boolean =>
  spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);

/**
 * Node ports as the API server gives them (pkg/registry/core/service/storage/alloc.go
 * allocServiceNodePorts, portallocator/allocator.go): a port asked for by number must be in the
 * range and free, else `spec.ports[i].nodePort: Invalid value: …` with the allocator's words; a
 * port left at 0 gets a free one. A ClusterIP Service may not name one (validation.go ValidateService).
 */
function allocateNodePorts(spec: ServiceSpec, inUse: ReadonlySet<number>): StatusCause[] {
  const ports = spec.ports ?? [];
  if (!needsNodePorts(spec)) {
    const named = ports.findIndex((p) => p.nodePort !== undefined && p.nodePort !== 0);
    if (spec.type === 'ClusterIP' && named >= 0) return [fieldForbidden(`spec.ports[${named}].nodePort`, "may not be used when `type` is 'ClusterIP'")];
    return [];
  }
  const taken = new Set(inUse);
  for (const [i, port] of ports.entries()) {
    if (port.nodePort === undefined || port.nodePort === 0) continue;
    const offset = port.nodePort - NODE_PORT_RANGE.base;
    if (offset < 0 || offset >= NODE_PORT_RANGE.size) {
      return [
        fieldInvalid(
          `spec.ports[${i}].nodePort`,
          port.nodePort,
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE_TEXT}`,
        ),
      ];
    }
    if (taken.has(port.nodePort)) return [fieldInvalid(`spec.ports[${i}].nodePort`, port.nodePort, 'provided port is already allocated')];
    taken.add(port.nodePort);
  }
  for (const port of ports) {
    if (port.nodePort !== undefined && port.nodePort !== 0) continue;
    const free = nextFreeNodePort(taken);
    if (free === undefined) return [fieldInvalid('spec.ports', spec.ports, 'range is full')];
    port.nodePort = free;
    taken.add(free);
  }
  return [];
}

/** The dynamic band first, then the static one (the real allocator picks at random; a sandbox answers the same each run). */
function nextFreeNodePort(taken: ReadonlySet<number>): number | undefined {
  for (let offset = STATIC_BAND; offset < NODE_PORT_RANGE.size; offset += 1)
    if (!taken.has(NODE_PORT_RANGE.base + offset)) return NODE_PORT_RANGE.base + offset;
  for (let offset = 0; offset < STATIC_BAND; offset += 1) if (!taken.has(NODE_PORT_RANGE.base + offset)) return NODE_PORT_RANGE.base + offset;
  return undefined;
}

/**
 * An update that leaves a port's nodePort out keeps the one it had, matched by port name
 * (storage.go patchAllocatedValues); a Service turned into ClusterIP drops the node ports it had
 * (strategy.go dropTypeDependentFields).
 */
function keepNodePorts(before: ServiceSpec, after: ServiceSpec): void {
  const previous = new Map((before.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
  if (needsNodePorts(before) && needsNodePorts(after)) {
    const used = new Set((after.ports ?? []).map((p) => p.nodePort).filter((p) => p !== undefined && p !== 0));
    for (const port of after.ports ?? []) {
      const old = previous.get(port.name ?? '');
      if ((port.nodePort === undefined || port.nodePort === 0) && old !== undefined && !used.has(old)) port.nodePort = old;
    }
  } else if (needsNodePorts(before) && !needsNodePorts(after)) {
    for (const port of after.ports ?? []) if (port.nodePort !== undefined && port.nodePort === previous.get(port.name ?? '')) delete port.nodePort;
  }
}
