import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { keystoreCommand, LISTENER_KEYSTORE_ROOT, type TlsListener } from '../../domain/listenerTls.js';

/** The init container that writes each TLS listener's keystore before Kafka starts. */
export const KEYSTORE_CONTAINER = 'listener-keystores';
const KEYSTORE_VOLUME = 'listener-keystores';

export interface BrokerTls {
  volumes: IVolume[];
  /** Mounts of the kafka container: each Secret read-only, and the keystores. */
  mounts: IVolumeMount[];
  initContainers: IContainer[];
}

/**
 * What a broker Pod needs to serve its TLS listeners: each listener's Secret as a read-only
 * Secret volume (key material is never copied into a ConfigMap), and, for a user's Secret, a
 * memory-backed emptyDir where an init container puts key and certificate into the one PEM file
 * Kafka's keystore reads. A Secret kafkaplane issues holds that file (ISSUED_KEYSTORE_KEY), read in
 * place: no copy, so the file follows a renewed Secret.
 */
export function brokerTls(image: string, listeners: readonly TlsListener[]): BrokerTls {
  if (listeners.length === 0) return { volumes: [], mounts: [], initContainers: [] };
  const secretMounts: IVolumeMount[] = listeners.map((l) => ({ name: l.secretVolume, mountPath: l.secretDir, readOnly: true }));
  if (listeners.every((l) => l.issued)) {
    return {
      volumes: listeners.map((l): IVolume => ({ name: l.secretVolume, secret: { secretName: l.secretName, defaultMode: 0o440 } })),
      mounts: secretMounts,
      initContainers: [],
    };
  }
  const keystoreMount: IVolumeMount = { name: KEYSTORE_VOLUME, mountPath: LISTENER_KEYSTORE_ROOT };
  return {
    volumes: [
      ...listeners.map((l): IVolume => ({ name: l.secretVolume, secret: { secretName: l.secretName, defaultMode: 0o440 } })),
      { name: KEYSTORE_VOLUME, emptyDir: { medium: 'Memory' } },
    ],
    mounts: [...secretMounts, { ...keystoreMount, readOnly: true }],
    initContainers: [{ name: KEYSTORE_CONTAINER, image, command: ['sh', '-c', keystoreCommand(listeners)], volumeMounts: [...secretMounts, keystoreMount] }],
  };
}
