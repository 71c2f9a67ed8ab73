export { KafkaClusterModel, type KafkaClusterModelOptions } from './cluster.js';
export * from './types.js';
export { createDemoCluster, createDemoTopics, demoBrokerSpec } from './demo.js';
