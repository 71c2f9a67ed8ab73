/**
 * The CustomResourceDefinitions of kafkaplane, built from the zod schemas; `deploy/crds/`
 * holds the same objects as YAML (`npm run crds` writes them, a test keeps them in step).
 * The server installs these objects at start with `--install-crds`.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { cruiseControlOperationSpecSchema, cruiseControlOperationStatusSchema } from './cruiseControlOperation.js';
import { kafkaClusterSpecSchema, kafkaClusterStatusSchema } from './kafkaCluster.js';
import { toOpenApiSchema, type JSONSchemaProps } from './openApiSchema.js';

export const GROUP = 'kafka.banzaicloud.io';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  /** 0: shown by `kubectl get`; 1: only with `-o wide`. */
  priority?: number;
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition, as far as we fill it in. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; categories?: string[] };
    scope: 'Namespaced';
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      schema: { openAPIV3Schema: JSONSchemaProps };
      subresources: { status: Record<string, never> };
      additionalPrinterColumns: PrinterColumn[];
    }[];
  };
}

/** The top of every custom resource: apiVersion, kind, metadata, then our spec and status. */
function resourceSchema(description: string, spec: z.ZodType, status: z.ZodType): JSONSchemaProps {
  return {
    description,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: toOpenApiSchema(spec),
      status: toOpenApiSchema(status),
    },
  };
}

function definition(
  names: { kind: string; plural: string },
  version: string,
  openAPIV3Schema: JSONSchemaProps,
  additionalPrinterColumns: PrinterColumn[],
): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${GROUP}`, labels: { 'app.kubernetes.io/part-of': 'kafkaplane' } },
    spec: {
      group: GROUP,
      names: {
        kind: names.kind,
        listKind: `${names.kind}List`,
        plural: names.plural,
        singular: names.kind.toLowerCase(),
        categories: ['kafkaplane'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema },
          subresources: { status: {} },
          additionalPrinterColumns,
        },
      ],
    },
  };
}

export function kafkaClusterCrd(): CustomResourceDefinition {
  return definition(
    { kind: 'KafkaCluster', plural: 'kafkaclusters' },
    'v1beta1',
    resourceSchema('A Kafka cluster whose brokers each get their own Pod, volumes and config.', kafkaClusterSpecSchema, kafkaClusterStatusSchema),
    [
      { name: 'State', type: 'string', jsonPath: '.status.state', description: 'ClusterReconciling, ClusterRunning or ClusterRollingUpgrading.' },
      { name: 'Brokers', type: 'string', jsonPath: '.status.brokersReady', description: 'Ready brokers / brokers in spec.' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'Last upgrade', type: 'string', jsonPath: '.status.rollingUpgradeStatus.lastSuccess', priority: 1 },
      { name: 'Upgrade errors', type: 'integer', jsonPath: '.status.rollingUpgradeStatus.errorCount', priority: 1 },
      { name: 'Alerts', type: 'integer', jsonPath: '.status.alertCount', priority: 1 },
    ],
  );
}

export function cruiseControlOperationCrd(): CustomResourceDefinition {
  return definition(
    { kind: 'CruiseControlOperation', plural: 'cruisecontroloperations' },
    'v1alpha1',
    resourceSchema(
      'One Cruise Control task (add_broker, remove_broker, remove_disks, rebalance, ...), its progress and retries.',
      cruiseControlOperationSpecSchema,
      cruiseControlOperationStatusSchema,
    ),
    [
      { name: 'Operation', type: 'string', jsonPath: '.status.currentTask.operation' },
      { name: 'State', type: 'string', jsonPath: '.status.currentTask.state' },
      { name: 'Retries', type: 'integer', jsonPath: '.status.retryCount' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'Task', type: 'string', jsonPath: '.status.currentTask.id', priority: 1 },
    ],
  );
}

/** Every CRD the server installs, in the order it installs them. */
export function customResourceDefinitions(): CustomResourceDefinition[] {
  return [kafkaClusterCrd(), cruiseControlOperationCrd()];
}

/** The file name in deploy/crds/, as controller-gen names it: `<group>_<plural>.yaml`. */
export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.spec.group}_${crd.spec.names.plural}.yaml`;
}

export function renderCrdYaml(crd: CustomResourceDefinition): string {
  return '# Generated from src/k8s/crd by `npm run crds`; do not edit by hand.\n---\n' + stringify(crd, { lineWidth: 0 });
}
