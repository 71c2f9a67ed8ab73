import { createHash } from 'node:crypto';
import type { KafkaClusterSpec } from '../../k8s/crd/kafkaCluster.js';
import { generatesCertificates } from '../../domain/generatedCertificates.js';
import { tlsListeners } from '../../domain/listenerTls.js';
import { controllerListener } from '../../domain/serverProperties.js';
import type { CertificateFacts } from './x509.js';

/**
 * How renewed broker certificates reach Kafka without a restart, when they can: a per-broker
 * IncrementalAlterConfigs of `listener.name.<listener>.ssl.keystore.location`, even to the path
 * it has, makes the broker reload its SSL listeners' files if they changed (apache/kafka
 * `DynamicConfigPublisher` → `DynamicBrokerConfig.reloadUpdatedFilesWithoutConfigChange`, and the
 * controller writes the record anyway, KAFKA-14136; Kafka's docs, "Updating SSL Keystore of an
 * Existing Listener"). The answer says nothing of whether the file had changed yet or the new
 * keystore was taken, so a TLS handshake with the listener confirms it.
 */
export interface CertificateReload {
  /** The internal listener whose handshake shows the certificate a broker serves. */
  listener: string;
  port: number;
  /** The per-broker dynamic config written to make the broker look at its files again. */
  config: Record<string, string>;
}

/**
 * Undefined when a renewed certificate needs a restart: Kafka reconfigures the SSL factories of the
 * listeners a broker serves, but not the client side of the controller channel
 * (NodeToControllerChannelManager registers no reconfigurable), so an issued controller listener
 * restarts; nor the Cruise Control metrics reporter's producer, which presents the inter-broker
 * listener's keystore, so an issued inter-broker listener restarts too. A reload must also be
 * confirmable from inside the cluster: some issued listener must be internal.
 */
export function certificateReload(spec: KafkaClusterSpec, clusterName: string): CertificateReload | undefined {
  if (!generatesCertificates(spec)) return undefined;
  const issued = tlsListeners(spec, { clusterName, brokerId: 0 }).filter((l) => l.issued);
  const controller = controllerListener(spec)?.name.toUpperCase();
  const interBroker = spec.listenersConfig.internalListeners.find((l) => l.usedForInnerBrokerCommunication === true)?.name.toUpperCase();
  if (issued.some((l) => l.name === controller || l.name === interBroker)) return undefined;
  const probe = spec.listenersConfig.internalListeners.find((l) => issued.some((i) => i.name === l.name.toUpperCase()));
  const listener = issued.find((l) => l.name === probe?.name.toUpperCase());
  if (probe === undefined || listener === undefined) return undefined;
  return {
    listener: listener.name,
    port: probe.containerPort,
    config: { [`listener.name.${listener.name.toLowerCase()}.ssl.keystore.location`]: listener.keystoreFile },
  };
}

/**
 * What a broker Pod's revision carries of its certificate when a renewal is reloaded: what a reload
 * cannot change (the CA, the subject, the names: SslFactory's `CertificateEntries.ensureCompatible`
 * refuses another subject or fewer names, and the truststore is the CA), so a renewal keeps the
 * Pod while a new CA or new names restart it.
 */
export function reloadableRevision(facts: CertificateFacts, caCert: string | undefined): string {
  const names = [...new Set(facts.names.map((n) => n.toLowerCase()))].sort();
  return createHash('sha256')
    .update(JSON.stringify([caCert ?? '', facts.subject, names]))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Which brokers a pass found serving the certificate their Secret holds after it had asked them to
 * reload it: the Event that says so is recorded once. Kept in memory only; a restarted kafkaplane
 * reloads as before but does not tell of a reload it asked for before it restarted.
 */
export class ReloadConfirmations {
  readonly #asked = new Map<string, string>();

  /** The brokers confirmed this pass, given what each serves and what its Secret holds. */
  confirmed(cluster: string, served: ReadonlyMap<number, string>, current: ReadonlyMap<number, string>): number[] {
    const confirmed: number[] = [];
    for (const [brokerId, fingerprint] of served) {
      const key = `${cluster}/${brokerId}`;
      const wanted = current.get(brokerId);
      if (wanted === undefined) continue;
      if (fingerprint !== wanted) this.#asked.set(key, wanted);
      else if (this.#asked.get(key) === wanted) {
        this.#asked.delete(key);
        confirmed.push(brokerId);
      }
    }
    return confirmed;
  }
}
