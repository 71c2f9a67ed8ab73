export { KafkaClusterModel, type KafkaClusterModelOptions } from './cluster.js';
export * from './types.js';
