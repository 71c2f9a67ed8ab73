/**
 * Cruise Control's web server over HTTPS, from the Secret the KafkaCluster's annotation
 * `kafkaplane.io/cruise-control-tls` names (a kafkaplane extension). Cruise Control 2.5 serves
 * HTTPS through Jetty's `SslContextFactory` (linkedin/cruise-control
 * `KafkaCruiseControlServletApp.setupHttpConnector`, the keys of `WebServerConfig`), which loads a
 * Java KeyStore: PKCS#12, since Java reads no PEM keystore, with a password it needs set (it calls
 * `getPassword(…).value()` on both the store's and the key's). The password stays in the Secret:
 * the ConfigMap holds a `${dir:…}` reference that Kafka's `DirectoryConfigProvider` resolves from
 * the mounted file as Cruise Control reads its configuration (`KafkaCruiseControlUtils.readConfig`).
 */
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { TLS_KEYS } from '../../domain/cruiseControlAccess.js';

/** Where the Pod mounts the TLS Secret, read-only. */
export const TLS_DIR = '/opt/cruise-control/tls';
const TLS_VOLUME = 'cruisecontrol-tls';
/** Registered by readConfig before the file is read; naming the providers again must keep it. */
export const ENV_CONFIG_PROVIDER = 'com.linkedin.kafka.cruisecontrol.metricsreporter.config.EnvConfigProvider';
const DIRECTORY_PROVIDER = 'org.apache.kafka.common.config.provider.DirectoryConfigProvider';

/** The web server's TLS keys of cruisecontrol.properties: paths and references only. */
export function webserverTlsProperties(): Array<[string, string]> {
  const password = `\${dir:${TLS_DIR}:${TLS_KEYS.password}}`;
  return [
    ['config.providers', 'env,dir'],
    ['config.providers.env.class', ENV_CONFIG_PROVIDER],
    ['config.providers.dir.class', DIRECTORY_PROVIDER],
    ['webserver.ssl.enable', 'true'],
    ['webserver.ssl.keystore.location', `${TLS_DIR}/${TLS_KEYS.keystore}`],
    ['webserver.ssl.keystore.type', 'PKCS12'],
    ['webserver.ssl.keystore.password', password],
    ['webserver.ssl.key.password', password],
    ['webserver.ssl.protocol', 'TLS'],
  ];
}

/** The Secret as a volume of the Pod, and its read-only mount in Cruise Control's container. */
export function webserverTlsVolume(secretName: string): { volume: IVolume; mount: IVolumeMount } {
  return {
    // Readable by the container's user whatever the image runs as (no fsGroup is set); it is the Pod's only container.
    volume: { name: TLS_VOLUME, secret: { secretName, defaultMode: 0o444 } },
    mount: { name: TLS_VOLUME, mountPath: TLS_DIR, readOnly: true },
  };
}

/** The kubelet probes over HTTPS without verifying the certificate, as it does for `scheme: HTTPS`. */
export function httpsReadinessProbe(port: number): IProbe {
  return { httpGet: { path: '/kafkacruisecontrol/state', port, scheme: 'HTTPS' }, initialDelaySeconds: 5, periodSeconds: 10 };
}
