import { lookupImage, type ImageFile } from './images.js';

interface Mount {
  name: string;
  mountPath: string;
  subPath?: string;
}
export interface FilesContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  volumeMounts?: Mount[];
  env?: Array<{ name: string; value?: string }>;
}
export interface FilesPodSpec {
  volumes?: Array<{
    name: string;
    emptyDir?: unknown;
    configMap?: { name: string };
    secret?: { secretName?: string; items?: Array<{ key: string; path: string }> };
  }>;
}

/** A Secret's data, decoded, as a Secret volume shows it (each key a file); undefined when there is no such Secret. */
export type SecretReader = (namespace: string, name: string) => Readonly<Record<string, Buffer>> | undefined;

/** What one container sees: its image's files under the volumes mounted over them. */
export interface ContainerFiles {
  file(path: string): ImageFile | undefined;
  isDirectory(path: string): boolean;
  /** The files directly in a directory. */
  list(dir: string): Array<{ path: string; file: ImageFile }>;
  /** Writes a file; false when the path is on the container's own layer (lost to the other containers). */
  write(path: string, file: ImageFile): boolean;
}

const trim = (path: string): string => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/**
 * The files of each Pod's emptyDir volumes, written by its init containers and read by its other
 * containers (the jars an init container copies in for Kafka, say). They live as long as the Pod.
 */
export class PodFiles {
  private readonly volumes = new Map<string, Map<string, Map<string, ImageFile>>>();
  /** What each Pod's Secret volumes show, by Pod uid and volume (and subPath), with when the kubelet last synced it. */
  private readonly secretViews = new Map<string, Map<string, { syncedAt: number; files: Map<string, ImageFile> }>>();

  /**
   * `secrets` gives Secret volumes their files (read-only); without it they show none. A Secret
   * volume shows the Secret as it was when the kubelet last synced the Pod, and is synced again
   * once `secretSyncMs` have passed: a changed Secret reaches the files that late, all its keys at
   * once (the atomic `..data` swap of kubernetes/kubernetes `pkg/volume/util/atomic_writer.go`;
   * Kubernetes docs, "Mounted Secrets are updated automatically"). A subPath mount keeps the file
   * it started with (pkg/volume/secret; Kubernetes docs: "A container using a Secret as a subPath
   * volume mount does not receive automated Secret updates").
   */
  constructor(
    private readonly secrets?: SecretReader,
    private readonly secretSyncMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  forget(podUid: string): void {
    this.volumes.delete(podUid);
    this.secretViews.delete(podUid);
  }

  view(podUid: string, spec: FilesPodSpec, container: FilesContainer, namespace = ''): ContainerFiles {
    const image = lookupImage(container.image ?? '')?.files ?? {};
    const secretFiles = (mount: Mount): Map<string, ImageFile> | undefined => {
      const source = spec.volumes?.find((v) => v.name === mount.name)?.secret;
      const secretName = source?.secretName;
      if (secretName === undefined) return undefined;
      const views = this.secretViews.get(podUid) ?? new Map<string, { syncedAt: number; files: Map<string, ImageFile> }>();
      this.secretViews.set(podUid, views);
      const id = mount.subPath === undefined ? mount.name : `${mount.name}/${mount.subPath}`;
      const seen = views.get(id);
      const now = this.now();
      if (seen !== undefined && (mount.subPath !== undefined || now - seen.syncedAt < this.secretSyncMs)) return seen.files;
      const data = this.secrets?.(namespace, secretName) ?? {};
      // With items, only the keys listed are projected, each at its path (the kubelet's secret volume).
      const entries =
        source?.items !== undefined
          ? source.items.flatMap((i): Array<[string, Buffer]> => {
              const bytes = data[i.key];
              return bytes !== undefined ? [[i.path, bytes]] : [];
            })
          : Object.entries(data);
      const files = new Map(entries.map(([key, bytes]): [string, ImageFile] => [key, { text: bytes.toString('utf8'), bytes }]));
      views.set(id, { syncedAt: now, files });
      return files;
    };
    const emptyDirs = new Set((spec.volumes ?? []).filter((v) => v.emptyDir !== undefined).map((v) => v.name));
    const mounts = (container.volumeMounts ?? []).map((m) => ({ ...m, mountPath: trim(m.mountPath) }));
    const volume = (name: string): Map<string, ImageFile> => {
      const pod = this.volumes.get(podUid) ?? new Map<string, Map<string, ImageFile>>();
      this.volumes.set(podUid, pod);
      const files = pod.get(name) ?? new Map<string, ImageFile>();
      pod.set(name, files);
      return files;
    };
    // The mount a path is under: the longest mount path above it hides the image's files there.
    const mountOf = (path: string): { mount: Mount; rest: string } | undefined => {
      const found = mounts.filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
      return found === undefined ? undefined : { mount: found, rest: path.slice(found.mountPath.length).replace(/^\//, '') };
    };
    const file = (path: string): ImageFile | undefined => {
      const at = mountOf(trim(path));
      if (at === undefined) return image[trim(path)];
      const secret = secretFiles(at.mount);
      if (secret !== undefined) return at.mount.subPath !== undefined ? (at.rest === '' ? secret.get(at.mount.subPath) : undefined) : secret.get(at.rest);
      return emptyDirs.has(at.mount.name) ? volume(at.mount.name).get(at.rest) : undefined;
    };
    const isDirectory = (path: string): boolean => {
      const dir = trim(path);
      const at = mountOf(dir);
      if (at !== undefined) {
        if (at.rest === '') return true;
        return emptyDirs.has(at.mount.name) && [...volume(at.mount.name).keys()].some((k) => k.startsWith(`${at.rest}/`));
      }
      return dir === '/' || Object.keys(image).some((k) => k.startsWith(`${dir}/`));
    };
    const list = (dir: string): Array<{ path: string; file: ImageFile }> => {
      const base = trim(dir);
      const at = mountOf(base);
      const entries: Array<[string, ImageFile]> =
        at === undefined
          ? Object.entries(image)
          : emptyDirs.has(at.mount.name)
            ? [...volume(at.mount.name)].map(([k, f]) => [`${at.mount.mountPath}/${k}`, f])
            : [];
      return entries
        .filter(([p]) => p.startsWith(`${base}/`) && !p.endsWith('/') && !p.slice(base.length + 1).includes('/'))
        .map(([path, f]) => ({ path, file: f }));
    };
    const write = (path: string, content: ImageFile): boolean => {
      const at = mountOf(trim(path));
      if (at === undefined || !emptyDirs.has(at.mount.name)) return false;
      volume(at.mount.name).set(at.rest, content);
      return true;
    };
    return { file, isDirectory, list, write };
  }
}
