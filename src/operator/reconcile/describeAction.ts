import type { BrokerConfigChange } from '../../kafka/index.js';
import type { Action } from './actions.js';

/** The message of the Event that tells of a write once it took effect. */
export function describeAction(action: Action): string {
  switch (action.type) {
    case 'create': {
      const name = action.object.metadata?.name ?? action.object.metadata?.generateName ?? '';
      return `created ${action.object.kind} ${name}${action.brokerId !== undefined ? ` for broker ${action.brokerId}` : ''}`;
    }
    case 'replace':
      return `updated ${action.object.kind} ${action.object.metadata?.name ?? ''}${action.brokerId !== undefined ? ` of broker ${action.brokerId}` : ''}`;
    case 'resizePvc':
      return `growing volume ${action.name} of broker ${action.brokerId} to ${action.storage}`;
    case 'restartBroker':
      return `restarting broker ${action.brokerId} (Pod ${action.podName}): ${action.reason}`;
    case 'delete':
      // A Service of a listener no longer in the spec holds no data.
      if (action.reason === 'BrokerExternalServiceDeleted' || action.reason === 'AllBrokerServiceDeleted')
        return `deleted ${action.kind} ${action.name}${action.brokerId !== undefined ? ` of broker ${action.brokerId}` : ''}: its listener is no longer in the spec`;
      return `deleted ${action.kind} ${action.name} of broker ${action.brokerId ?? ''}: its data is confirmed moved off`;
    case 'createOperation':
      return `${action.name}: ${action.task.operation} ${Object.entries(action.task.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    case 'alterBrokerConfigs':
      return `broker ${action.brokerId}: ${changedNames(action.change)} applied without a restart`;
    case 'reloadServerCertificate':
      return `broker ${action.brokerId}: asked to reload its server certificate (${changedNames(action.change)})`;
    case 'alterClusterDefaultConfigs':
      return `cluster-wide dynamic config: ${changedNames(action.change)} applied without a restart`;
    case 'unregisterBroker':
      return `broker ${action.brokerId} unregistered from the KRaft metadata`;
    case 'addRaftVoter':
      return `controller ${action.brokerId} is now a voter of the KRaft quorum (AddRaftVoter, directory ${action.voter.directoryId})`;
    case 'removeRaftVoter':
      return `controller ${action.brokerId} is no longer a voter of the KRaft quorum (RemoveRaftVoter, directory ${action.voter.directoryId})`;
    case 'createCruiseControlTopic':
      return `created topic ${action.name} (${action.partitions} partitions, replication factor ${action.replicationFactor}) for Cruise Control's metrics`;
    case 'upsertScramCredentials':
      return `SCRAM-SHA-512 credentials given back to ${action.upsertions.map((u) => u.user).join(', ')} from their Secret (Kafka held none)`;
    case 'recordEvent':
      return action.message;
  }
}

/** What a write touched, as a log field. */
export function describeObject(action: Action): string {
  switch (action.type) {
    case 'createOperation':
      return `CruiseControlOperation/${action.name}`;
    case 'create':
    case 'replace':
      return `${action.object.kind}/${action.object.metadata?.name ?? action.object.metadata?.generateName ?? ''}`;
    case 'resizePvc':
      return `PersistentVolumeClaim/${action.name}`;
    case 'restartBroker':
      return `Pod/${action.podName}`;
    case 'delete':
      return `${action.kind}/${action.name}`;
    case 'alterBrokerConfigs':
    case 'reloadServerCertificate':
    case 'unregisterBroker':
      return `broker/${action.brokerId}`;
    case 'alterClusterDefaultConfigs':
      return 'broker/<default>';
    case 'addRaftVoter':
    case 'removeRaftVoter':
      return `voter/${action.voter.id}:${action.voter.directoryId}`;
    case 'createCruiseControlTopic':
      return `topic/${action.name}`;
    case 'upsertScramCredentials':
      return `users/${action.upsertions.map((u) => u.user).join(',')}`;
    case 'recordEvent':
      return `Event/${action.reason}`;
  }
}

/** Set names, then deleted ones with a leading "-". */
function changedNames(change: BrokerConfigChange): string {
  return [...Object.keys(change.set ?? {}), ...(change.delete ?? []).map((k) => `-${k}`)].join(', ');
}
