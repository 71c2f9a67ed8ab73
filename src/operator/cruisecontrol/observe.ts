import type { ObjectCache } from '../../k8s/objectCache.js';
import type { ClusterRef } from '../../domain/labels.js';
import type { ObservedBroker } from '../../domain/observedCluster.js';
import type { HeldDisks } from './capacity.js';
import { configMapName, deploymentName, jmxConfigMapName, serviceName } from './objects.js';
import type { ObservedCruiseControl } from './plan.js';

/** Cruise Control's objects, by Koperator's names. */
export function observeCruiseControl(cache: ObjectCache, cluster: ClusterRef): ObservedCruiseControl {
  const { namespace } = cluster;
  return {
    deployment: cache.get('Deployment', namespace, deploymentName(cluster)),
    configMap: cache.get('ConfigMap', namespace, configMapName(cluster)),
    jmxConfigMap: cache.get('ConfigMap', namespace, jmxConfigMapName(cluster)),
    service: cache.get('Service', namespace, serviceName(cluster)),
  };
}

/** Each broker's disks that still exist (a PVC goes only once its data is moved off), with their requested size. */
export function heldDisks(brokers: Iterable<ObservedBroker>): HeldDisks[] {
  return [...brokers].map((b) => ({
    brokerId: b.id,
    disks: new Map([...b.pvcs].map(([mountPath, pvc]) => [mountPath, pvc.spec?.resources?.requests?.storage?.toString()])),
  }));
}
