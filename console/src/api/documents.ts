// The console's GraphQL documents. Each is sent as the same text every time, so the server
// compiles it once (docs/api.md, "Large queries are cheap").

const PROGRESS = 'progress { phase percentDataMoved dataMovedMB dataTotalMB partitionsMoved partitionsTotal estimatedSecondsRemaining }';
const OPERATION = `id name type state brokerIds createdAt startedAt finishedAt retryCount error message ${PROGRESS}`;
const COUNTS = 'counts { brokersReady brokersDesired partitions underReplicatedPartitions offlinePartitions }';
const CRUISE_CONTROL = 'cruiseControl { reachable ready busy monitorState executorState reasons error }';

export const FLEET = `query ConsoleFleet($after: String) {
  clusters(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name namespace state kafkaVersion ${COUNTS} ${CRUISE_CONTROL}
      operations(first: 3, states: [PENDING, RUNNING, RETRYING, PAUSED]) { totalCount nodes { ${OPERATION} } }
    }
  }
}`;

export const CLUSTER = `query ConsoleCluster($namespace: String!, $name: String!) {
  cluster(namespace: $namespace, name: $name) {
    id name namespace state generation observedGeneration kafkaVersion ${COUNTS} ${CRUISE_CONTROL}
    quorum { reachable error leaderId leaderEpoch controllers { brokerId state } }
    conditions { type status reason message }
    unsupportedFields { path note }
    specProblems { path code message }
    brokers(first: 100) {
      nodes {
        id brokerId roles rack state gracefulActionState
        pod { name ready }
        load { cpuPercent leaders replicas }
        disks { id mountPath capacity capacityBytes requestedSize requestedBytes usedBytes state }
      }
    }
    operations(first: 50) { nodes { ${OPERATION} } }
  }
}`;

const EVENT = 'id type reason message count lastSeen involvedObject { kind name }';

export const CLUSTER_EVENTS = `query ConsoleEvents($namespace: String!, $name: String!) {
  cluster(namespace: $namespace, name: $name) {
    events(first: 100) { nodes { ${EVENT} } }
    alerts(first: 20) { nodes { id name status outcome message receivedAt } }
  }
}`;

export const BROKER_EVENTS = `query ConsoleBrokerEvents($namespace: String!, $name: String!, $brokerId: Int!) {
  cluster(namespace: $namespace, name: $name) {
    broker(brokerId: $brokerId) { events(first: 100) { nodes { ${EVENT} } } }
    alerts(first: 20) { nodes { id name status outcome message receivedAt } }
  }
}`;

const CONFIG = 'name value source dynamic sensitive restartPending';

export const CLUSTER_CONFIG = `query ConsoleClusterConfig($namespace: String!, $name: String!) {
  cluster(namespace: $namespace, name: $name) { configs { ${CONFIG} } }
}`;

export const BROKER_CONFIG = `query ConsoleBrokerConfig($namespace: String!, $name: String!, $brokerId: Int!) {
  cluster(namespace: $namespace, name: $name) { broker(brokerId: $brokerId) { configs(onlyNonDefault: false) { ${CONFIG} } } }
}`;

// Subscriptions: the console reads again when they send (see useLiveQuery), except the one that
// follows an operation, whose messages carry everything shown.
export const OPERATION_UPDATES = 'subscription ConsoleOperations($clusterId: ID!) { operationUpdated(clusterId: $clusterId) { id state } }';
export const BROKER_UPDATES = 'subscription ConsoleBrokers($clusterId: ID!) { brokerUpdated(clusterId: $clusterId) { id state } }';
export const EVENT_UPDATES = 'subscription ConsoleEventFeed($clusterId: ID!) { clusterEvents(clusterId: $clusterId) { id } }';
export const ALERT_UPDATES = 'subscription ConsoleAlerts($clusterId: ID!) { alertReceived(clusterId: $clusterId) { id } }';
export const FOLLOW_OPERATION = `subscription ConsoleFollow($id: ID!) { operationUpdated(id: $id) { ${OPERATION} } }`;

const PREVIEW = `preview {
  replicaMovements leaderMovements dataToMoveMB intraBrokerReplicaMovements intraBrokerDataToMoveMB
  brokersAfter { brokerId diskMB leaders replicas }
}`;

const EDIT_RESULT = `changes dryRun generation restartedBrokers previewError
  ${PREVIEW}
  operations { ${OPERATION} }
  userErrors { field message code }`;

export const REMOVE_BROKER = `mutation ConsoleRemoveBroker($input: RemoveBrokerInput!) { result: removeBroker(input: $input) { ${EDIT_RESULT} } }`;
export const ADD_VOLUME = `mutation ConsoleAddVolume($input: AddBrokerVolumeInput!) { result: addBrokerVolume(input: $input) { ${EDIT_RESULT} } }`;
export const RESIZE_VOLUME = `mutation ConsoleResizeVolume($input: ResizeBrokerVolumeInput!) { result: resizeBrokerVolume(input: $input) { ${EDIT_RESULT} } }`;
export const REBALANCE = `mutation ConsoleRebalance($input: RebalanceClusterInput!) {
  result: rebalanceCluster(input: $input) {
    ${PREVIEW}
    operation { ${OPERATION} }
    userErrors { field message code }
  }
}`;
export const STOP_OPERATION = `mutation ConsoleStop($input: StopOperationInput!) {
  result: stopOperation(input: $input) { stopped { id name } userErrors { field message code } }
}`;
export const RETRY_OPERATION = `mutation ConsoleRetry($input: RetryOperationInput!) {
  result: retryOperation(input: $input) { operation { id name state } userErrors { field message code } }
}`;
