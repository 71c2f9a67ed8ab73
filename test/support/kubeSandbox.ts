import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import { startKubeSandbox, type KubeSandbox, type KubeSandboxOptions } from '../../sandbox/kube/index.js';

/** A Kubernetes sandbox for the tests of one file: started before them, closed after. Read its fields inside tests. */
export function useKubeSandbox(options: KubeSandboxOptions = {}): { readonly sandbox: KubeSandbox; readonly core: CoreV1Api } {
  let sandbox: KubeSandbox | undefined;
  let core: CoreV1Api | undefined;
  beforeAll(async () => {
    sandbox = await startKubeSandbox(options);
    core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sandbox is started in beforeAll: read it inside a test');
    return value;
  };
  return {
    get sandbox() {
      return started(sandbox);
    },
    get core() {
      return started(core);
    },
  };
}
