/**
 * The lines a Kafka 4 process prints to its console (the image's log4j pattern
 * `[%d] %p %m (%c)%n`): what `kubectl logs` of a broker or controller Pod shows. Pure: each
 * function answers the text of one event.
 */
const SECRET_KEY = /password|secret|jaas|sasl\.jaas\.config/i;

/** log4j's default date: `2026-12-06 23:11:53,123`, in UTC as the images run. */
export function logTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

const line = (ms: number, level: 'INFO' | 'WARN' | 'ERROR', message: string, logger: string): string => `[${logTime(ms)}] ${level} ${message} (${logger})`;

/** A node's startup: its config (AbstractConfig.logAll, passwords hidden), the quorum, then "Kafka Server started". */
export function startupLines(ms: number, config: Readonly<Record<string, string>>, quorum: { leader: number | undefined; epoch: number }): string[] {
  const id = config['node.id'] ?? '?';
  const roles = (config['process.roles'] ?? 'broker').split(',').map((r) => r.trim());
  const values = Object.keys(config)
    .sort()
    .map((key) => `\t${key} = ${SECRET_KEY.test(key) ? '[hidden]' : (config[key] ?? '')}`);
  const lines = [
    line(ms, 'INFO', 'Registered kafka:type=kafka.Log4jController MBean', 'kafka.utils.Log4jControllerRegistration$'),
    line(ms, 'INFO', 'Registered signal handlers for TERM, INT, HUP', 'org.apache.kafka.common.utils.LoggingSignalHandler'),
    `${line(ms, 'INFO', `KafkaConfig values: \n${values.join('\n')}\n`, 'kafka.server.KafkaConfig')}`,
  ];
  // The node joins the KRaft quorum: as its leader, a follower of the leader, or unattached while there is none.
  const state =
    quorum.leader === undefined
      ? `Unattached(epoch=${quorum.epoch})`
      : String(quorum.leader) === id
        ? `Leader(localReplicaKey=ReplicaKey(id=${id}), epoch=${quorum.epoch})`
        : `FollowerState(epoch=${quorum.epoch}, leaderId=${quorum.leader})`;
  lines.push(line(ms, 'INFO', `[RaftManager id=${id}] Completed transition to ${state}`, 'org.apache.kafka.raft.QuorumState'));
  if (roles.includes('controller')) {
    lines.push(line(ms, 'INFO', `[ControllerServer id=${id}] Waiting for the controller metadata publishers to be installed`, 'kafka.server.ControllerServer'));
  }
  if (roles.includes('broker')) {
    lines.push(line(ms, 'INFO', `[BrokerServer id=${id}] Transition from SHUTDOWN to STARTING`, 'kafka.server.BrokerServer'));
    lines.push(
      line(
        ms,
        'INFO',
        `[BrokerLifecycleManager id=${id}] Successfully registered broker ${id} with broker epoch ${quorum.epoch}`,
        'kafka.server.BrokerLifecycleManager',
      ),
    );
    lines.push(line(ms, 'INFO', `[BrokerServer id=${id}] Transition from STARTING to STARTED`, 'kafka.server.BrokerServer'));
  }
  lines.push(line(ms, 'INFO', 'Kafka version: 4.1.0', 'org.apache.kafka.common.utils.AppInfoParser'));
  lines.push(line(ms, 'INFO', `[KafkaRaftServer nodeId=${id}] Kafka Server started`, 'kafka.server.KafkaRaftServer'));
  return lines.flatMap((l) => l.split('\n'));
}

/** The broker a replica moves to starts following the leader for it (ReplicaFetcherManager). */
export function replicaAddedLines(ms: number, broker: number, leader: number, partition: string): string[] {
  return [
    line(
      ms,
      'INFO',
      `[Partition ${partition} broker=${broker}] Log loaded for partition ${partition} with initial high watermark 0`,
      'kafka.cluster.Partition',
    ),
    line(
      ms,
      'INFO',
      `[ReplicaFetcherManager on broker ${broker}] Added fetcher to broker ${leader} for partitions HashMap(${partition} -> InitialFetchState(leader=${leader}))`,
      'kafka.server.ReplicaFetcherManager',
    ),
  ];
}

/** The broker a replica moved away from drops it (ReplicaManager.stopReplicas, LogManager.asyncDelete). */
export function replicaRemovedLines(ms: number, broker: number, partition: string, logDir: string): string[] {
  return [
    line(ms, 'INFO', `[ReplicaFetcherManager on broker ${broker}] Removed fetcher for partitions Set(${partition})`, 'kafka.server.ReplicaFetcherManager'),
    line(ms, 'INFO', `Log for partition ${partition} is renamed to ${logDir}/${partition}.delete and is scheduled for deletion`, 'kafka.log.LogManager'),
  ];
}

/** What Kafka prints when it cannot start, before the JVM exits with status 1 (kafka.Kafka$). */
export function fatalLines(ms: number, reason: string, exception = 'java.lang.RuntimeException'): string[] {
  return [line(ms, 'ERROR', 'Exiting Kafka due to fatal exception', 'kafka.Kafka$'), `${exception}: ${reason}`, '\tat kafka.Kafka.main(Kafka.scala)'];
}

/**
 * A connection of a node's Kafka client (`client`: the manager that owns it) whose SSL handshake
 * failed: NetworkClient.processDisconnection's error, then the SslAuthenticationException with
 * its javax.net.ssl cause, as the node logs it while it keeps retrying.
 */
export function sslHandshakeFailedLines(ms: number, client: string, peer: number, address: string, cause: string): string[] {
  return [
    line(
      ms,
      'ERROR',
      `[${client}] Connection to node ${peer} (${address}) failed authentication due to: SSL handshake failed`,
      'org.apache.kafka.clients.NetworkClient',
    ),
    'org.apache.kafka.common.errors.SslAuthenticationException: SSL handshake failed',
    `Caused by: ${cause}`,
  ];
}

/** The server side of the same handshake (Selector.pollSelectionKeys): one INFO line, without the cause. */
export function sslAuthenticationFailedLine(ms: number, nodeId: number, listener: string, from: string): string {
  return line(
    ms,
    'INFO',
    `[SocketServer listenerType=BROKER, nodeId=${nodeId}] Failed authentication with ${from} (channelId=${listener}-127.0.0.1:${nodeId}) (SSL handshake failed)`,
    'org.apache.kafka.common.network.Selector',
  );
}

/**
 * A node's dynamic config applied from the metadata log, but a listener's new stores refused: the
 * publisher's fault handler logs it and the node goes on with the stores it had (apache/kafka
 * `DynamicConfigPublisher`, `LoggingFaultHandler`). Passwords are hidden as Kafka hides them.
 */
export function listenerReloadRefusedLines(ms: number, dynamicConfig: ReadonlyMap<string, string>, cause: string): string[] {
  const props = [...dynamicConfig].map(([k, v]) => `${k} -> ${SECRET_KEY.test(k) ? '[hidden]' : v}`).join(',');
  return [
    line(
      ms,
      'ERROR',
      `Encountered metadata publishing fault: Error updating node with new configuration: ${props} in MetadataDelta`,
      'org.apache.kafka.server.fault.LoggingFaultHandler',
    ),
    `org.apache.kafka.common.config.ConfigException: ${cause}`,
  ];
}

/**
 * A connection of a node's Kafka client whose SASL authentication the broker refused:
 * NetworkClient.processDisconnection's error with the SaslAuthenticationException's message, as
 * the node logs it while it keeps retrying.
 */
export function saslAuthenticationFailedLines(ms: number, client: string, peer: number, address: string, message: string): string[] {
  return [
    line(ms, 'ERROR', `[${client}] Connection to node ${peer} (${address}) failed authentication due to: ${message}`, 'org.apache.kafka.clients.NetworkClient'),
  ];
}
