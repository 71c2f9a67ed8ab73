import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { abortedBy } from './abortable.js';
import type { Logger } from '../logging.js';

/** On an Event of a KafkaCluster: the ids of the brokers it is about, comma-separated. */
export const ANNOTATION_EVENT_BROKERS = 'kafkaplane.io/brokers';

export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid?: string | undefined;
}

/**
 * Records Kubernetes Events on an object (`kubectl describe` shows them): the history of what
 * kafkaplane did and why. A failure to record is logged, never fatal: the action itself happened.
 */
export class EventRecorder {
  private readonly api: CoreV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly component: string,
    private readonly instance: string,
    private readonly logger: Logger,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  /**
   * `brokers`: the brokers the Event is about, so each broker's history can be told apart
   * (ANNOTATION_EVENT_BROKERS); `signal` cancels the request (a leader that lost its lease).
   */
  async record(
    object: InvolvedObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    brokers: readonly number[] = [],
    signal?: AbortSignal,
  ): Promise<void> {
    const now = new Date();
    try {
      await this.api.createNamespacedEvent(
        {
          namespace: object.namespace,
          body: {
            metadata: {
              generateName: `${object.name}.`,
              namespace: object.namespace,
              ...(brokers.length > 0 ? { annotations: { [ANNOTATION_EVENT_BROKERS]: brokers.join(',') } } : {}),
            },
            involvedObject: {
              apiVersion: object.apiVersion,
              kind: object.kind,
              name: object.name,
              namespace: object.namespace,
              ...(object.uid !== undefined ? { uid: object.uid } : {}),
            },
            type,
            reason,
            message,
            count: 1,
            firstTimestamp: now,
            lastTimestamp: now,
            source: { component: this.component },
            reportingComponent: this.component,
            reportingInstance: this.instance,
          },
        },
        abortedBy(signal),
      );
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, reason, object: `${object.kind}/${object.namespace}/${object.name}` }, 'could not record event');
    }
  }
}
