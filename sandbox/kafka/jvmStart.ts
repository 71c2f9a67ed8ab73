import type { ContainerFiles } from '../kube/podFiles.js';
import { KAFKA_LIBS } from '../kube/images.js';

type Env = ReadonlyArray<{ name: string; value?: string }>;

/**
 * The JVM refuses to start when a `-javaagent:` jar named in KAFKA_OPTS is not there: it prints
 * these lines and exits with status 1 (OpenJDK src/java.instrument/share/native/libinstrument/InvocationAdapter.c).
 */
export function javaAgentFailure(files: ContainerFiles, env: Env): string[] | undefined {
  const options = env.find((e) => e.name === 'KAFKA_OPTS')?.value ?? '';
  for (const option of options.split(/\s+/)) {
    if (!option.startsWith('-javaagent:')) continue;
    const jar = option.slice('-javaagent:'.length).split('=')[0] ?? '';
    if (files.file(jar) === undefined)
      return [
        `Error opening zip file or JAR manifest missing : ${jar}`,
        'Error occurred during initialization of VM',
        'agent library failed to init: instrument',
      ];
  }
  return undefined;
}

/**
 * The classes Kafka can load: what `CLASSPATH` names first, then every jar in the image's
 * `libs/` (apache/kafka bin/kafka-run-class.sh). `dir/*` means the jars directly in dir.
 */
export function kafkaClassPath(files: ContainerFiles, env: Env): Set<string> {
  const entries = [...(env.find((e) => e.name === 'CLASSPATH')?.value ?? '').split(':').filter((e) => e !== ''), `${KAFKA_LIBS}/*`];
  const classes = new Set<string>();
  for (const entry of entries) {
    const jars = entry.endsWith('/*') ? files.list(entry.slice(0, -2)).filter((f) => f.path.endsWith('.jar')) : [{ path: entry, file: files.file(entry) }];
    for (const jar of jars) for (const name of jar.file?.classes ?? []) classes.add(name);
  }
  return classes;
}

/**
 * The first class of `metric.reporters` Kafka cannot load, with the exception it exits with
 * (apache/kafka clients/src/main/java/org/apache/kafka/common/config/AbstractConfig.java getConfiguredInstances).
 */
export function missingMetricReporter(config: Readonly<Record<string, string>>, classes: ReadonlySet<string>): string | undefined {
  const reporters = (config['metric.reporters'] ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const missing = reporters.find((c) => !classes.has(c));
  return missing === undefined ? undefined : `${missing} ClassNotFoundException exception occurred`;
}
