import { ApiException, CoreV1Api, PatchStrategy, setHeaderOptions, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from '../logging.js';
import type { ReceivedAlert } from '../domain/alertEvents.js';
import { claimEvent, finishPatch, outcomeOf, reclaimable, recordName, type ClaimInput, type Finish } from './record.js';

export type Claim = { claimed: true; name: string } | { claimed: false; name: string; outcome: string | undefined };

export interface AlertRecordsOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  /** A claim not finished after this long is taken over (its replica died deciding). */
  claimTimeoutMs: number;
}

/**
 * Writes alert records (record.ts) to the API server. The create of a record is the claim: 409
 * AlreadyExists means another delivery or replica has it. A record may be claimed again only
 * when it is refused or its claim went stale, by a replace conditional on the version read, so
 * of two replicas trying, one wins.
 */
export class AlertRecords {
  private readonly api: CoreV1Api;

  constructor(private readonly options: AlertRecordsOptions) {
    this.api = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  async claim(input: ClaimInput): Promise<Claim> {
    const name = recordName(input.cluster.name, input.alert);
    const namespace = input.cluster.namespace;
    try {
      await this.api.createNamespacedEvent({ namespace, body: claimEvent(input) });
      return { claimed: true, name };
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
    }
    let existing: CoreV1Event;
    try {
      existing = await this.api.readNamespacedEvent({ namespace, name });
    } catch (err) {
      // Gone in between (expired): the next delivery creates it again.
      if (isStatus(err, 404)) return { claimed: false, name, outcome: undefined };
      throw err;
    }
    return this.takeOver(input, existing);
  }

  /** Claims a record again if it may be (refused, or a stale claim), else reports who has it. */
  async takeOver(input: ClaimInput, existing: CoreV1Event): Promise<Claim> {
    const name = recordName(input.cluster.name, input.alert);
    const outcome = outcomeOf(existing);
    if (!reclaimable(existing, input.now, this.options.claimTimeoutMs)) return { claimed: false, name, outcome };
    try {
      await this.api.replaceNamespacedEvent({ namespace: input.cluster.namespace, name, body: claimEvent(input, existing) });
      return { claimed: true, name };
    } catch (err) {
      if (isStatus(err, 409) || isStatus(err, 404)) return { claimed: false, name, outcome };
      throw err;
    }
  }

  async read(namespace: string, name: string): Promise<CoreV1Event | undefined> {
    try {
      return await this.api.readNamespacedEvent({ namespace, name });
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  /** Gives a claimed record its outcome. A failure is logged: the claim goes stale and is decided again. */
  async finish(namespace: string, name: string, alert: ReceivedAlert, finish: Finish): Promise<void> {
    try {
      await this.api.patchNamespacedEvent({ namespace, name, body: finishPatch(alert, finish) }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    } catch (err) {
      this.options.logger.warn({ namespace, record: name, outcome: finish.outcome, err: (err as Error).message }, 'could not record the outcome of an alert');
    }
  }
}

function isStatus(err: unknown, code: number): boolean {
  return err instanceof ApiException && err.code === code;
}
