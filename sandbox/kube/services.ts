import { fieldInvalid } from './errors.js';
import type { StatusCause } from './errors.js';
import type { StoredObject } from './store.js';

/** kubeadm's default --service-cluster-ip-range. */
export const SERVICE_CIDR = '10.96.0.0/12';
const RANGE_START = ipToNumber('10.96.0.0');
const RANGE_SIZE = 2 ** 20;

interface ServicePort {
  port?: number;
  protocol?: string;
  targetPort?: number | string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  sessionAffinity?: string;
  internalTrafficPolicy?: string;
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
}

/**
 * A new Service, as the API server stores it: defaults set and a cluster IP allocated from
 * SERVICE_CIDR (pkg/registry/core/service/storage: the IP allocator), or `None` kept for a
 * headless one; `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` filled in (single-stack IPv4).
 * A requested IP outside the range or already taken is refused, with the API server's words.
 */
export function prepareServiceCreate(service: StoredObject, inUse: ReadonlySet<string>): StatusCause[] {
  const spec = (service.spec ??= {}) as ServiceSpec;
  setServiceDefaults(spec);
  if (spec.type === 'ExternalName') return [];
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
export function prepareServiceUpdate(previous: StoredObject, next: StoredObject): StatusCause[] {
  const before = (previous.spec ?? {}) as ServiceSpec;
  const after = (next.spec ??= {}) as ServiceSpec;
  setServiceDefaults(after);
  if (before.type === 'ExternalName' || after.type === 'ExternalName') return [];
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
