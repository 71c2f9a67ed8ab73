import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { compareQuantities, formatQuantity, parseQuantity, QUANTITY_PATTERN, QuantityError, type Quantity, type StorageConfig } from '../../k8s/crd/index.js';
import { editError, type EditError } from './editError.js';

/**
 * The largest volume an input may ask for: beyond what any StorageClass provisions (cloud block
 * volumes stop at 64Ti), so a typo such as 1e999 is refused, never written.
 */
export const LARGEST_VOLUME = '1Pi';
export const SMALLEST_VOLUME = '1Mi';

/**
 * A quantity as typed: exactly Kubernetes' quantity syntax, nothing around it (the API server's
 * ParseQuantity refuses spaces and newlines, kubernetes/apimachinery pkg/api/resource/quantity.go).
 */
export function exactQuantity(value: string): { quantity: Quantity } | { problem: string } {
  if (!new RegExp(QUANTITY_PATTERN).test(value)) {
    const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
    return { problem: `${shown} is not a Kubernetes quantity` };
  }
  try {
    return { quantity: parseQuantity(value) };
  } catch (err) {
    return { problem: err instanceof QuantityError ? err.message : String(err) };
  }
}

/** A size given as input: a Kubernetes quantity above zero and at most LARGEST_VOLUME, or the problem with it. */
export function positiveSize(value: string, field: string[]): { size: Quantity } | { error: EditError } {
  const parsed = exactQuantity(value);
  if ('problem' in parsed) return { error: editError(field, 'INVALID_SIZE', `${parsed.problem}; write sizes like 10Gi or 500Gi`) };
  const size = parsed.quantity;
  if (compareQuantities(size, parseQuantity(0)) <= 0) return { error: editError(field, 'INVALID_SIZE', `${formatQuantity(size)} must be greater than zero`) };
  // Kafka needs room for its log segments; a size below a mebibyte is a slip (1e-999 would round to a byte).
  if (compareQuantities(size, parseQuantity(SMALLEST_VOLUME)) < 0) {
    return { error: editError(field, 'INVALID_SIZE', `${formatQuantity(size)} is smaller than any usable volume (at least ${SMALLEST_VOLUME})`) };
  }
  const tooLarge = largerThanAnyVolume(size, field);
  if (tooLarge !== undefined) return { error: tooLarge };
  return { size };
}

/** A size beyond LARGEST_VOLUME, which no StorageClass can give. */
export function largerThanAnyVolume(size: Quantity, field: string[]): EditError | undefined {
  if (compareQuantities(size, parseQuantity(LARGEST_VOLUME)) <= 0) return undefined;
  return editError(field, 'INVALID_SIZE', `${formatQuantity(size)} is larger than any volume a StorageClass provisions (at most ${LARGEST_VOLUME})`);
}

/** The longest mount path an input may give (the log dir is the path plus "/kafka"). */
export const LONGEST_MOUNT_PATH = 200;

/**
 * A mount path Kubernetes and Kafka both take as it is: absolute, made of letters, digits, ".",
 * "_", "-" and "/", no "." or ".." segment, no empty segment. Kafka's log.dirs is a comma-separated
 * list and server.properties a line per key, so a comma, a space or a newline would break the
 * broker's config; a path is a file system name, so it stays short.
 */
export function mountPathProblems(mountPath: string, field: string[]): EditError[] {
  const shown = mountPath.length > 40 ? `${JSON.stringify(mountPath.slice(0, 40))}… (${mountPath.length} characters)` : JSON.stringify(mountPath);
  const refuse = (why: string): EditError[] => [editError(field, 'INVALID_INPUT', `mount path ${shown} ${why}`)];
  if (mountPath.length > LONGEST_MOUNT_PATH) return refuse(`is longer than ${LONGEST_MOUNT_PATH} characters`);
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(mountPath))
    return refuse('must be an absolute path of letters, digits, ".", "_" and "-" between single slashes (for example /kafka-logs-2)');
  if (mountPath.split('/').some((segment) => segment === '.' || segment === '..')) return refuse('may not have a "." or ".." segment');
  return [];
}

/** The size bound, when one is set and `size` goes beyond it. */
export function beyondMaxSize(size: Quantity, maxVolumeSize: string | number | undefined, field: string[]): EditError[] {
  if (maxVolumeSize === undefined) return [];
  if (compareQuantities(size, parseQuantity(maxVolumeSize)) <= 0) return [];
  return [
    editError(
      field,
      'LIMIT_REACHED',
      `${formatQuantity(size)} is beyond the largest volume allowed, ${String(maxVolumeSize)} (alertManagerConfig.maxVolumeSize)`,
    ),
  ];
}

/**
 * A StorageClass that is named must exist; with none named the claim gets the cluster's default,
 * so there must be one: a claim with no class is never provisioned, and its broker never starts.
 */
export function unknownStorageClass(name: string | undefined, classes: ReadonlyMap<string, IStorageClass>, field: string[]): EditError[] {
  if (name === undefined || name === '') {
    if (defaultStorageClassName(classes) !== undefined) return [];
    return [
      editError(field, 'NOT_FOUND', 'no StorageClass is named and the cluster has no default one (storageclass.kubernetes.io/is-default-class); name one'),
    ];
  }
  if (classes.has(name)) return [];
  const known = [...classes.keys()].sort().join(', ');
  return [editError(field, 'NOT_FOUND', `StorageClass "${name}" does not exist${known !== '' ? ` (there are: ${known})` : ''}`)];
}

/**
 * The StorageClass a claim gets when it names none: the default one, as the API server's
 * DefaultStorageClass admission picks it (kubernetes/kubernetes
 * plugin/pkg/admission/storage/storageclass/setdefault, pkg/volume/util GetDefaultClass): annotated
 * is-default-class "true", the newest of several, then the first by name. Undefined when there is none.
 */
export function defaultStorageClassName(classes: ReadonlyMap<string, IStorageClass>): string | undefined {
  const isDefault = (sc: IStorageClass): boolean =>
    sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    sc.metadata?.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  const created = (sc: IStorageClass): number => Date.parse(sc.metadata?.creationTimestamp ?? '') || 0;
  const [chosen] = [...classes.values()]
    .filter(isDefault)
    .sort((a, b) => created(b) - created(a) || ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  return chosen?.metadata?.name;
}

/** A persistent volume as Koperator's alerts write one: ReadWriteOnce, the class and size given. */
export function persistentStorage(mountPath: string, size: Quantity, storageClass: string | undefined): StorageConfig {
  return {
    mountPath,
    pvcSpec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClass !== undefined && storageClass !== '' ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: formatQuantity(size) } },
    },
  };
}
