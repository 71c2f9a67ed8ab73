/**
 * The images kafkaplane deploys when the spec names none, and the paths inside them it relies on.
 * They are chosen to work together (docs/install.md says which versions and why); the sandbox's
 * image catalogue knows what each of them holds.
 */

/** Cruise Control, also the default image the metrics reporter jar is copied from (as Koperator does). */
export const DEFAULT_CRUISE_CONTROL_IMAGE = 'adobe/cruise-control:3.0.3-adbe-20250804';
export const DEFAULT_METRICS_REPORTER_IMAGE = DEFAULT_CRUISE_CONTROL_IMAGE;
/** Where the Cruise Control image keeps the metrics reporter jar that brokers load. */
export const METRICS_REPORTER_JAR_IN_IMAGE = '/opt/cruise-control/cruise-control/build/dependant-libs/cruise-control-metrics-reporter.jar';
/** The Prometheus JMX exporter javaagent (monitoringConfig.jmxImage and pathToJar defaults). */
export const DEFAULT_JMX_EXPORTER_IMAGE = 'ghcr.io/adobe/koperator/jmx-javaagent:1.4.0';
export const DEFAULT_JMX_EXPORTER_JAR = '/jmx_prometheus_javaagent.jar';
/** Where broker and Cruise Control containers find jars copied in by init containers (on CLASSPATH). */
export const EXTENSIONS_DIR = '/opt/kafka/libs/extensions';
