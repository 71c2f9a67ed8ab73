import type { ObjectStore, StoredObject } from './store.js';

interface ConfigMapVolume {
  name: string;
  configMap?: { name: string; items?: Array<{ key: string; path: string }> };
}

interface MountingContainer {
  name: string;
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string }>;
}

/**
 * The files a container sees from its ConfigMap volumes, by absolute path, as the kubelet
 * projects them (each key a file under the mount path, or only the `items` listed, at their
 * paths; a `subPath` mount is that one file at the mount path). A missing ConfigMap gives no files.
 */
export function mountedFiles(store: ObjectStore, pod: StoredObject, containerName: string): Map<string, string> {
  const spec = pod.spec as { volumes?: ConfigMapVolume[]; containers?: MountingContainer[] } | undefined;
  const container = spec?.containers?.find((c) => c.name === containerName);
  const files = new Map<string, string>();
  for (const mount of container?.volumeMounts ?? []) {
    const volume = spec?.volumes?.find((v) => v.name === mount.name)?.configMap;
    if (!volume) continue;
    const data = (store.get('/configmaps', pod.metadata.namespace, volume.name)?.data ?? {}) as Record<string, string>;
    const projected = volume.items ? volume.items.map((i): [string, string | undefined] => [i.path, data[i.key]]) : Object.entries(data);
    const base = mount.mountPath.replace(/\/+$/, '');
    for (const [path, text] of projected) {
      if (text === undefined) continue;
      if (mount.subPath !== undefined) {
        if (mount.subPath === path) files.set(base, text);
      } else files.set(`${base}/${path}`, text);
    }
  }
  return files;
}
