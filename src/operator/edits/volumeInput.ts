import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { compareQuantities, formatQuantity, parseQuantity, QuantityError, type Quantity, type StorageConfig } from '../../k8s/crd/index.js';
import { editError, type EditError } from './editError.js';

/** A size given as input: a Kubernetes quantity above zero, or the problem with it. */
export function positiveSize(value: string, field: string[]): { size: Quantity } | { error: EditError } {
  let size: Quantity;
  try {
    size = parseQuantity(value);
  } catch (err) {
    const reason = err instanceof QuantityError ? err.message : String(err);
    return { error: editError(field, 'INVALID_SIZE', `${reason}; write sizes like 10Gi or 500Gi`) };
  }
  if (compareQuantities(size, parseQuantity(0)) <= 0) return { error: editError(field, 'INVALID_SIZE', `${formatQuantity(size)} must be greater than zero`) };
  return { size };
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
