import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from './kube/store.js';

/** One entry of a Prometheus file_sd file: addresses to scrape and the labels they get. */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** The sandbox's files for Prometheus' file-based service discovery, under `<sandbox dir>/prometheus/`. */
export const SCRAPE_TARGET_FILES = { kafka: 'kafka.json', kubelet: 'kubelet.json' } as const;

interface PodShape {
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string };
  status?: { phase?: string; podIP?: string };
}

/**
 * The broker Pods (and the Cruise Control Pods, without a brokerId) as Prometheus' Kubernetes discovery (role: pod) with the usual relabelling
 * gives them: Pods annotated `prometheus.io/scrape: "true"`, at the Pod's address and the port
 * of `prometheus.io/port`, labelled with the namespace, the Pod's name and its `kafka_cr` and
 * `brokerId` labels (prometheus/prometheus discovery/kubernetes/pod.go; Koperator's sample
 * ServiceMonitor keeps the same labels). `address` maps a Pod IP to where it answers here.
 */
export function kafkaTargets(store: ObjectStore, address: (podIP: string, port: number) => string): TargetGroup[] {
  const groups: TargetGroup[] = [];
  for (const stored of store.list('/pods')) {
    const pod = stored as unknown as PodShape;
    const labels = pod.metadata.labels ?? {};
    const annotations = pod.metadata.annotations ?? {};
    const ip = pod.status?.podIP;
    // Discovery drops Pods without an IP and, like the usual relabelling, those in phase Succeeded or Failed.
    const broker = labels.app === 'kafka' && labels.brokerId !== undefined;
    if ((!broker && labels.app !== 'cruisecontrol') || labels.kafka_cr === undefined) continue;
    if (annotations['prometheus.io/scrape'] !== 'true' || ip === undefined || ip === '') continue;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
    const port = annotations['prometheus.io/port'];
    if (port === undefined) continue;
    groups.push({
      targets: [`${address(ip, Number(port))}:${port}`],
      labels: {
        namespace: pod.metadata.namespace ?? '',
        pod: pod.metadata.name ?? '',
        kafka_cr: labels.kafka_cr,
        ...(labels.brokerId !== undefined ? { brokerId: labels.brokerId } : {}),
      },
    });
  }
  return groups.sort((a, b) => (a.targets[0] ?? '').localeCompare(b.targets[0] ?? ''));
}

/**
 * Writes the file_sd files, each atomically: Prometheus watches them and reads a file again when it
 * changes, so a half-written one would drop every target of the file until the next write.
 */
export async function writeScrapeTargets(dir: string, files: Record<keyof typeof SCRAPE_TARGET_FILES, TargetGroup[]>): Promise<void> {
  const folder = join(dir, 'prometheus');
  await mkdir(folder, { recursive: true });
  for (const [key, name] of Object.entries(SCRAPE_TARGET_FILES) as Array<[keyof typeof SCRAPE_TARGET_FILES, string]>) {
    const path = join(folder, name);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(files[key], null, 2)}\n`);
    await rename(temporary, path);
  }
}
