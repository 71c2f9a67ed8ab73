/**
 * The sandbox's image registry: the images the project deploys, with the files inside them that
 * matter and the program each starts. A reference not listed here does not exist, so the kubelet
 * fails to pull it, as a real one fails on a registry that answers "not found".
 * docs/sandbox.md says how to add an image.
 */

/** A file in an image or a volume; a jar lists the Java classes it holds, a text file its text. */
export interface ImageFile {
  classes?: readonly string[];
  text?: string;
  /** The bytes of a file from a Secret volume, which may not be text (a PKCS#12 keystore). */
  bytes?: Buffer;
}

/** What the image's entrypoint runs: the sandbox starts that program's simulation. */
export type ImageProgram = 'kafka' | 'cruise-control' | 'shell';

export interface ImageContents {
  program: ImageProgram;
  /** Whose `cp`/`sh` the image has: Debian's GNU coreutils or Alpine's BusyBox (their messages differ). */
  coreutils: 'gnu' | 'busybox';
  /** Absolute paths; a path ending in `/` is an (empty) directory. */
  files: Readonly<Record<string, ImageFile>>;
}

/** Where Kafka's own jars live in every Kafka image (kafka-run-class.sh puts `libs/*` on the class path). */
export const KAFKA_LIBS = '/opt/kafka/libs';
export const CRUISE_CONTROL_REPORTER_CLASS = 'com.linkedin.kafka.cruisecontrol.metricsreporter.CruiseControlMetricsReporter';

const SHELL: Record<string, ImageFile> = { '/bin/sh': {}, '/bin/cp': {} };

/** A Kafka distribution (apache/kafka is built on an Alpine JRE): scripts, and the jars whose classes a broker may name in its config. */
function kafkaImage(version: string, coreutils: 'gnu' | 'busybox', extra: Record<string, ImageFile> = {}): ImageContents {
  return {
    program: 'kafka',
    coreutils,
    files: {
      ...SHELL,
      '/opt/kafka/bin/kafka-server-start.sh': {},
      '/opt/kafka/bin/kafka-storage.sh': {},
      '/opt/kafka/bin/kafka-run-class.sh': {},
      '/opt/kafka/config/server.properties': {},
      [`${KAFKA_LIBS}/kafka-clients-${version}.jar`]: { classes: ['org.apache.kafka.common.metrics.JmxReporter'] },
      [`${KAFKA_LIBS}/kafka-server-${version}.jar`]: {},
      [`${KAFKA_LIBS}/kafka_2.13-${version}.jar`]: { classes: ['kafka.Kafka'] },
      ...extra,
    },
  };
}

/**
 * Koperator's Kafka images (adobe/koperator docker/kafka/Dockerfile) are the Apache distribution
 * with an empty `libs/extensions` directory for jars copied in by init containers: neither they
 * nor apache/kafka hold the Cruise Control metrics reporter.
 */
const koperatorKafka = (version: string): ImageContents => kafkaImage(version, 'gnu', { '/opt/kafka/libs/extensions/': {} });

/**
 * Adobe's Cruise Control image: Cruise Control, and the metrics reporter jar brokers copy in
 * (adobe/koperator pkg/resources/kafka/pod.go copies it from this path).
 */
const cruiseControl: ImageContents = {
  program: 'cruise-control',
  coreutils: 'gnu',
  files: {
    ...SHELL,
    '/opt/cruise-control/start.sh': {},
    '/opt/cruise-control/cruise-control/build/libs/cruise-control.jar': {},
    '/opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar': { classes: [CRUISE_CONTROL_REPORTER_CLASS] },
  },
};

/** Koperator's JMX exporter image (adobe/koperator docker/jmx_exporter/Dockerfile): the javaagent jar and a shell. */
const jmxExporter = (version: string): ImageContents => ({
  program: 'shell',
  coreutils: 'busybox',
  files: { ...SHELL, [`/opt/jmx_exporter/jmx_prometheus_javaagent-${version}.jar`]: {}, '/jmx_prometheus_javaagent.jar': {} },
});

/** A general-purpose image: a shell that keeps running (sidecars, everyday kubectl examples). */
const shellImage: ImageContents = { program: 'shell', coreutils: 'busybox', files: SHELL };

const CATALOGUE: ReadonlyMap<string, ImageContents> = new Map([
  ['docker.io/apache/kafka:4.1.0', kafkaImage('4.1.0', 'busybox')],
  ['docker.io/apache/kafka:4.1.1', kafkaImage('4.1.1', 'busybox')],
  ['docker.io/apache/kafka:4.0.0', kafkaImage('4.0.0', 'busybox')],
  ['docker.io/apache/kafka:3.9.1', kafkaImage('3.9.1', 'busybox')],
  ['ghcr.io/adobe/koperator/kafka:2.13-3.9.1', koperatorKafka('3.9.1')],
  ['ghcr.io/adobe/koperator/kafka:2.13-3.9.2', koperatorKafka('3.9.2')],
  ['ghcr.io/adobe/koperator/kafka:2.13-3.9.2-jdk21.0.11', koperatorKafka('3.9.2')],
  ['docker.io/adobe/cruise-control:3.0.3-adbe-20250804', cruiseControl],
  ['docker.io/adobe/cruise-control:3.0.3-adbe-20260722', cruiseControl],
  ['ghcr.io/adobe/koperator/jmx-javaagent:1.4.0', jmxExporter('1.4.0')],
  ['ghcr.io/adobe/koperator/jmx-javaagent:1.5.0', jmxExporter('1.5.0')],
  ['docker.io/library/busybox:latest', shellImage],
  ['docker.io/library/nginx:1.27', shellImage],
  ['docker.io/library/zookeeper:latest', shellImage],
  ['docker.io/envoyproxy/envoy:v1.31-latest', shellImage],
]);

/**
 * The full reference of an image name as container runtimes read it: Docker Hub when no
 * registry is named, `library/` for a single name, `latest` without a tag
 * (distribution/reference normalize.go).
 */
export function normalizeImage(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.indexOf('/');
  const first = slash < 0 ? '' : withoutDigest.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let name = hasRegistry ? withoutDigest : `docker.io/${slash < 0 ? `library/${withoutDigest}` : withoutDigest}`;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  if (!lastPart.includes(':')) name = `${name}:latest`;
  return name;
}

/** What the image holds, or undefined when no registry has it. */
export function lookupImage(image: string): ImageContents | undefined {
  return CATALOGUE.get(normalizeImage(image));
}
