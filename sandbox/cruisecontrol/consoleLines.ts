import { logTime } from '../kafka/brokerLog.js';

/**
 * What a Cruise Control container prints (its log4j pattern `[%d] %p %m (%c)%n`, and the banner
 * KafkaCruiseControlMain prints to stdout once the web server is up): `kubectl logs` of its Pod.
 */
const line = (ms: number, level: 'INFO' | 'WARN' | 'ERROR', message: string, logger: string): string => `[${logTime(ms)}] ${level} ${message} (${logger})`;

export function startingLines(ms: number, properties: Readonly<Record<string, string>>): string[] {
  const values = Object.keys(properties)
    .sort()
    .map((key) => `\t${key} = ${/password|secret|jaas/i.test(key) ? '[hidden]' : (properties[key] ?? '')}`);
  return [
    line(ms, 'INFO', `KafkaCruiseControlConfig values: \n${values.join('\n')}\n`, 'com.linkedin.kafka.cruisecontrol.config.KafkaCruiseControlConfig'),
    line(ms, 'INFO', 'Starting Kafka Cruise Control...', 'com.linkedin.kafka.cruisecontrol.KafkaCruiseControl'),
  ];
}

export function startedLines(ms: number, urlPrefix: string, port: number): string[] {
  return [
    line(ms, 'INFO', 'Kafka Cruise Control started.', 'com.linkedin.kafka.cruisecontrol.KafkaCruiseControl'),
    '>> ********************************************* <<',
    '>> Application directory            : /opt/cruise-control',
    `>> REST API available on            : ${urlPrefix}`,
    `>> Kafka Cruise Control started on  : http://0.0.0.0:${port}/`,
    '>> ********************************************* <<',
  ];
}

/** The Kafka client's words when a bootstrap server does not answer (org.apache.kafka.clients.NetworkClient). */
export function unreachableLine(ms: number, host: string, address: string, port: number): string {
  return line(
    ms,
    'WARN',
    `[AdminClient clientId=adminclient-1] Connection to node -1 (${host}/${address}:${port}) could not be established. Node may not be available.`,
    'org.apache.kafka.clients.NetworkClient',
  );
}

/** A bootstrap server whose name does not resolve (org.apache.kafka.clients.ClientUtils). */
export function unresolvedLine(ms: number, server: string, host: string): string {
  return line(
    ms,
    'WARN',
    `Couldn't resolve server ${server} from bootstrap.servers as DNS resolution failed for ${host}`,
    'org.apache.kafka.clients.ClientUtils',
  );
}

/** The JVM's last words when Cruise Control's main throws. */
export function fatalLines(ms: number, exception: string): string[] {
  return [
    line(ms, 'ERROR', 'Failed to start Kafka Cruise Control.', 'com.linkedin.kafka.cruisecontrol.KafkaCruiseControlMain'),
    `Exception in thread "main" ${exception}`,
  ];
}
