import { randomBytes } from 'node:crypto';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';
import type { ObjectCache } from '../k8s/objectCache.js';
import type { Logger } from '../logging.js';
import type { ClusterRef } from '../domain/labels.js';
import { ClusterEditor } from '../operator/edits/index.js';
import { carryOut } from './carryOut.js';
import { decide } from './decide.js';
import { observeForAlert, type ReplicaCounter } from './observe.js';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { LABEL_ALERT_COMMAND, storedAlertOf } from '../domain/alertEvents.js';
import { outcomeOf, reclaimable, recordName, type Finish } from './record.js';
import { AlertRecords } from './records.js';
import type { AlertOrigin, AlertSink, ReceiveResult } from './receiver.js';
import { alertTarget } from './target.js';

export interface AlertHandlerOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  replicaCounts: ReplicaCounter;
  /** A claim not finished after this long is decided again by whoever finds it (default 60 s). */
  claimTimeoutMs?: number;
  /** How often claims left unfinished (a replica died deciding) are looked for (default 30 s). */
  sweepIntervalMs?: number;
  now?: () => Date;
}

/**
 * Alerts to actions. On receipt, each alert is recorded on its cluster, which claims it (any
 * replica may receive it; the record's name makes a second claim fail); the answer goes back
 * then, and the claimed alerts are decided and carried out afterwards, one at a time per
 * cluster. Nothing is kept in memory that a restart would need: the records and the ledger on
 * the cluster are the state, and a claim its replica never finished is taken over.
 */
export class AlertHandler implements AlertSink {
  private cache: ObjectCache | undefined;
  private editor: ClusterEditor | undefined;
  private identity = `kafkaplane-${randomBytes(3).toString('hex')}`;
  private readonly records: AlertRecords;
  private readonly queues = new Map<string, Promise<void>>();
  private sweeper: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: AlertHandlerOptions) {
    this.records = new AlertRecords({ kubeConfig: options.kubeConfig, logger: options.logger, claimTimeoutMs: this.claimTimeoutMs });
  }

  private get claimTimeoutMs(): number {
    return this.options.claimTimeoutMs ?? 60_000;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Starts handling alerts once the operator's caches are synced. */
  attach(cache: ObjectCache, identity: string): void {
    this.cache = cache;
    this.identity = identity;
    this.editor = new ClusterEditor({ kubeConfig: this.options.kubeConfig, cache, logger: this.options.logger });
    this.sweeper = setInterval(() => this.sweep(), this.options.sweepIntervalMs ?? 30_000);
    this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all(this.queues.values());
  }

  async receive(alerts: ReceivedAlert[], origin: AlertOrigin): Promise<ReceiveResult> {
    const cache = this.cache;
    if (cache === undefined || !cache.synced || this.stopped)
      return { ok: false, error: 'not ready to record alerts yet (the caches have not synced); send again' };
    await Promise.all(alerts.map((alert) => this.accept(alert, origin, cache)));
    return { ok: true };
  }

  /** Records and claims one alert, and queues its decision when the claim is ours. */
  private async accept(alert: ReceivedAlert, origin: AlertOrigin, cache: ObjectCache): Promise<void> {
    const log = { alertname: alert.labels.alertname, fingerprint: alert.fingerprint, status: alert.status, command: alert.annotations.command };
    const cluster = this.clusterOf(alert, cache);
    if (cluster === undefined) {
      this.options.logger.info({ ...log, labels: alert.labels }, 'alert concerns no KafkaCluster known here; not recorded');
      return;
    }
    let claim: Awaited<ReturnType<AlertRecords['claim']>>;
    try {
      claim = await this.records.claim({ cluster, alert, receiver: origin.receiver, identity: this.identity, now: this.now() });
    } catch (err) {
      // Refused by the API server for good (403, 422): sending again would not help, so no 503.
      if (!(err instanceof ApiException && err.code >= 400 && err.code < 500 && err.code !== 429)) throw err;
      this.options.logger.error(
        { ...log, cluster: cluster.name, namespace: cluster.namespace, code: err.code, err: err.message },
        'alert could not be recorded; not acted on',
      );
      return;
    }
    if (!claim.claimed) {
      this.options.logger.info(
        { ...log, cluster: cluster.name, namespace: cluster.namespace, record: claim.name, outcome: claim.outcome },
        'alert delivered again; handled already',
      );
      return;
    }
    this.enqueue(cluster, alert, claim.name);
  }

  /** The cluster an alert names (Koperator's labels), as the cache knows it. */
  private clusterOf(alert: ReceivedAlert, cache: ObjectCache): ClusterRef | undefined {
    const target = alertTarget(alert.labels);
    if (target === undefined) return undefined;
    const name = 'cluster' in target ? target.cluster : cache.get('PersistentVolumeClaim', target.namespace, target.pvc)?.metadata?.labels?.kafka_cr;
    if (name === undefined) return undefined;
    const uid = cache.get('KafkaCluster', target.namespace, name)?.metadata?.uid;
    return uid === undefined ? undefined : { namespace: target.namespace, name, uid };
  }

  private enqueue(cluster: ClusterRef, alert: ReceivedAlert, record: string): void {
    const key = `${cluster.namespace}/${cluster.name}`;
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() => this.process(cluster, alert, record));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
  }

  /** Decides one claimed alert, carries the decision out, and records the outcome. */
  private async process(cluster: ClusterRef, alert: ReceivedAlert, record: string): Promise<void> {
    const cache = this.cache;
    if (cache === undefined) return;
    const now = this.now();
    let finish: Finish;
    try {
      const observation = await observeForAlert({ cache, cluster, alert, key: record, replicaCounts: this.options.replicaCounts, now, random: randomSuffix() });
      if (observation === undefined) {
        finish = {
          outcome: 'Refused',
          message: 'refused: the cluster is gone',
          reasons: [{ code: 'NOT_FOUND', message: `KafkaCluster ${cluster.namespace}/${cluster.name} is gone` }],
          now,
        };
      } else {
        finish = await carryOut(decide(alert, observation), observation, this.editor);
      }
    } catch (err) {
      finish = { outcome: 'Refused', message: `refused: ${(err as Error).message}`, reasons: [{ code: 'FAILED', message: (err as Error).message }], now };
    }
    await this.records.finish(cluster.namespace, record, alert, finish);
    this.options.logger.info(
      {
        cluster: cluster.name,
        namespace: cluster.namespace,
        alertname: alert.labels.alertname,
        fingerprint: alert.fingerprint,
        command: alert.annotations.command,
        record,
        outcome: finish.outcome,
        ...(finish.changes !== undefined ? { changes: finish.changes, generation: finish.generation } : {}),
        ...(finish.reasons !== undefined ? { reasons: finish.reasons.map((r) => r.code) } : {}),
      },
      `alert ${finish.outcome.toLowerCase()}`,
    );
  }

  /** Claims left Pending by a replica that died before deciding them are taken over and decided. */
  private sweep(): void {
    const cache = this.cache;
    if (cache === undefined || this.stopped) return;
    const now = this.now();
    for (const event of cache.list('Event')) {
      if (event.metadata?.labels?.[LABEL_ALERT_COMMAND] === undefined || outcomeOf(event) !== 'Pending') continue;
      if (!reclaimable(event, now, this.claimTimeoutMs)) continue;
      const alert = storedAlertOf(event);
      const namespace = event.metadata.namespace;
      const name = event.involvedObject.name;
      const uid = namespace !== undefined && name !== undefined ? cache.get('KafkaCluster', namespace, name)?.metadata?.uid : undefined;
      if (alert === undefined || namespace === undefined || name === undefined || uid === undefined) continue;
      const cluster = { namespace, name, uid };
      void this.resume(cluster, alert, now);
    }
  }

  private async resume(cluster: ClusterRef, alert: ReceivedAlert & { receiver?: string | undefined }, now: Date): Promise<void> {
    try {
      const existing = await this.records.read(cluster.namespace, recordName(cluster.name, alert));
      if (existing === undefined) return;
      const claim = await this.records.takeOver({ cluster, alert, receiver: alert.receiver, identity: this.identity, now }, existing);
      if (!claim.claimed) return;
      this.options.logger.info(
        { cluster: cluster.name, namespace: cluster.namespace, record: claim.name },
        'alert left undecided by another replica; deciding it',
      );
      this.enqueue(cluster, alert, claim.name);
    } catch (err) {
      this.options.logger.warn({ cluster: cluster.name, namespace: cluster.namespace, err: (err as Error).message }, 'could not take over an unfinished alert');
    }
  }
}

/** Koperator names an added disk `<mountPathPrefix>-<6 random characters>` (util.RandomString). */
function randomSuffix(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(6)].map((b) => letters[b % letters.length] ?? 'x').join('');
}
