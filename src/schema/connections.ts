import { Alert } from './alert.type.js';
import { Broker } from './broker.type.js';
import { ClusterEvent } from './clusterEvent.type.js';
import { connectionTypes } from './connection.js';
import { KafkaCluster } from './kafkaCluster.type.js';
import { Operation } from './operation.type.js';

// Each connection type is built once: type-graphql registers a class per call.
export const KafkaClusterConnection = connectionTypes(KafkaCluster, 'KafkaCluster');
export const BrokerConnection = connectionTypes(Broker, 'Broker');
export const OperationConnection = connectionTypes(Operation, 'Operation');
export const ClusterEventConnection = connectionTypes(ClusterEvent, 'ClusterEvent');
export const AlertConnection = connectionTypes(Alert, 'Alert');
