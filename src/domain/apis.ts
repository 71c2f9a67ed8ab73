/**
 * Where Koperator's custom resources are served: the coordinates the Kubernetes client's
 * CustomObjectsApi takes, and the apiVersion objects and Event references carry.
 */
export const CLUSTER_API = { group: 'kafka.banzaicloud.io', version: 'v1beta1', plural: 'kafkaclusters' } as const;
export const OPERATION_API = { group: 'kafka.banzaicloud.io', version: 'v1alpha1', plural: 'cruisecontroloperations' } as const;

export const CLUSTER_API_VERSION = `${CLUSTER_API.group}/${CLUSTER_API.version}`;
export const OPERATION_API_VERSION = `${OPERATION_API.group}/${OPERATION_API.version}`;
