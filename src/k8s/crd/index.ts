/** The custom resources of kafkaplane: types, schemas, CRD objects, validation and field support. */
export * from './kafkaCluster.js';
export * from './cruiseControlOperation.js';
export { customResourceDefinitions, kafkaClusterCrd, cruiseControlOperationCrd, renderCrdYaml, crdFileName, GROUP } from './crds.js';
export type { CustomResourceDefinition, PrinterColumn } from './crds.js';
export type { JSONSchemaProps } from './openApiSchema.js';
export { toOpenApiSchema, structuralProblems } from './openApiSchema.js';
export { effectiveBrokerConfig, brokerStorageConfigs, type LocatedStorageConfig } from './brokerConfig.js';
export { validateKafkaClusterSpec, validateKafkaClusterUpdate, type SpecProblem, type SpecProblemCode } from './validation.js';
export {
  checkKafkaCluster,
  refusedFields,
  unsupportedFields,
  unsupportedFieldMessage,
  schemaProblems,
  UNSUPPORTED_FIELD,
  type KafkaClusterCheck,
  type UnsupportedField,
} from './support.js';
export { specConditions, setCondition, SPEC_ACCEPTED, type Condition } from './conditions.js';
export * from './quantity.js';
