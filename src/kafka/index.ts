export { KafkaAdminClient, defaultAdminOptions, type KafkaAdminOptions } from './adminClient.js';
export { KafkaAdminPool } from './adminPool.js';
export { dynamicUpdateMode, isDynamicPerBroker, type DynamicUpdateMode } from './dynamicBrokerConfigs.js';
export { configValueProblem, type ConfigValueType } from './configTypes.js';
export { closestBrokerConfig, isKnownBrokerConfig } from './brokerConfigNames.js';
export type { KafkaClusterEndpoint, KafkaAdminTimeouts } from './connection.js';
export { KafkaAdminError, type KafkaAdminErrorCode, type KafkaErrorDetail } from './errors.js';
export type {
  AddVoterResult,
  BrokerConfigChange,
  BrokerConfigEntry,
  ClusterDescription,
  ConfigSource,
  LogDir,
  LogDirReplica,
  PartitionReplicas,
  QuorumDescription,
  QuorumReplica,
  RemoveVoterResult,
  UnregisterResult,
  CreateTopicResult,
  VoterEndpoint,
  VoterKey,
} from './types.js';
