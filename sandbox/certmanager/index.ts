import type { Clock } from '../clock.js';
import type { KubeApi } from '../kube/api.js';
import type { StoredObject } from '../kube/store.js';
import { CertManagerController, CLUSTER_RESOURCE_NAMESPACE } from './controller.js';
import { certManagerCrds } from './crds.js';
import { certManagerWebhook } from './webhook.js';

export { CertManagerController, CLUSTER_RESOURCE_NAMESPACE, parseGoDuration } from './controller.js';
export { certManagerCrds, CERT_MANAGER_GROUP } from './crds.js';

export interface CertManager {
  controller: CertManagerController;
  close(): Promise<void>;
}

/**
 * Installs cert-manager into the sandbox as `kubectl apply -f cert-manager.yaml` would: its CRDs
 * and its namespace (where ClusterIssuers read their ca Secret) and its validating webhook, then
 * runs its controller.
 */
export function installCertManager(api: KubeApi, clock: Clock): CertManager {
  const crds = api.resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  const namespaces = api.resource('', 'v1', 'namespaces');
  if (!crds || !namespaces) throw new Error('the sandbox serves no CustomResourceDefinitions');
  for (const crd of certManagerCrds()) {
    if (!api.store.get('apiextensions.k8s.io/customresourcedefinitions', undefined, crd.metadata.name))
      api.create(crds, undefined, crd as unknown as StoredObject);
  }
  if (!api.store.get('/namespaces', undefined, CLUSTER_RESOURCE_NAMESPACE))
    api.create(namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CLUSTER_RESOURCE_NAMESPACE } } as unknown as StoredObject);
  const removeWebhook = api.addValidatingWebhook(certManagerWebhook);
  const controller = new CertManagerController(api, clock);
  controller.start();
  return {
    controller,
    close: () => {
      removeWebhook();
      return controller.stop();
    },
  };
}
