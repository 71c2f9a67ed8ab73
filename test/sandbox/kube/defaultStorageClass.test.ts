import { PatchStrategy, setHeaderOptions, StorageV1Api, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { useKubeSandbox } from '../../support/kubeSandbox.js';

const kube = useKubeSandbox();
const DEFAULT = 'storageclass.kubernetes.io/is-default-class';

const claim = (name: string, extra: { storageClassName?: string; annotations?: Record<string, string> } = {}): V1PersistentVolumeClaim => ({
  metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    ...(extra.storageClassName !== undefined ? { storageClassName: extra.storageClassName } : {}),
  },
});
const create = async (body: V1PersistentVolumeClaim) =>
  (await kube.core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body })).spec?.storageClassName;

describe('DefaultStorageClass admission, as kube-apiserver applies it to a new claim', () => {
  it('gives a claim that names no class the default StorageClass, and leaves "" and a named class alone', async () => {
    expect(await create(claim('no-class'))).toBe('standard');
    expect(await create(claim('empty-class', { storageClassName: '' }))).toBe('');
    expect(await create(claim('named', { storageClassName: 'fixed' }))).toBe('fixed');
    expect(await create(claim('beta', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'fixed' } }))).toBeUndefined();
    // Read back as stored, not only as answered.
    expect((await kube.core.readNamespacedPersistentVolumeClaim({ name: 'no-class', namespace: 'default' })).spec?.storageClassName).toBe('standard');
  });

  it('follows the annotation: another default class, or none', async () => {
    const storage = kube.sandbox.kubeConfig.makeApiClient(StorageV1Api);
    const annotate = (name: string, value: string | null) =>
      storage.patchStorageClass(
        { name, body: { metadata: { annotations: { [DEFAULT]: value } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    await annotate('standard', null);
    await annotate('fixed', 'true');
    expect(await create(claim('now-fixed'))).toBe('fixed');
    await annotate('fixed', 'false');
    expect(await create(claim('no-default'))).toBeUndefined();
  });
});
