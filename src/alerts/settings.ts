import type { AlertManagerConfig } from '../k8s/crd/index.js';

/** How alert actions are bounded on one cluster: spec.alertManagerConfig with its defaults. */
export interface AlertSettings {
  /** Koperator's: no upScale once the cluster has this many brokers (0: no bound). */
  upScaleLimit: number;
  /** Koperator's: no downScale while the cluster has this many brokers or fewer. */
  downScaleLimit: number;
  /** kafkaplane's: the same command waits this long after it last ran on the cluster. */
  cooldownMs: number;
  maxDisksPerBroker: number | undefined;
  maxVolumeSize: string | number | undefined;
  /** kafkaplane's: decide and record, change nothing. */
  dryRun: boolean;
}

export const DEFAULT_COOLDOWN_SECONDS = 300;

export function alertSettings(config: AlertManagerConfig | undefined): AlertSettings {
  return {
    upScaleLimit: config?.upScaleLimit ?? 0,
    downScaleLimit: config?.downScaleLimit ?? 0,
    cooldownMs: (config?.cooldownSeconds ?? DEFAULT_COOLDOWN_SECONDS) * 1000,
    maxDisksPerBroker: config?.maxDisksPerBroker,
    maxVolumeSize: config?.maxVolumeSize,
    dryRun: config?.dryRun ?? false,
  };
}
