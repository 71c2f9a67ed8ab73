import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { deploymentArgs, OVERLAYS, renderOverlay } from './kustomize.js';

const models: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
  Deployment,
  Service,
  NetworkPolicy,
  Secret,
};

describe.each(OVERLAYS)('kubectl kustomize deploy/overlays/%s', (overlay) => {
  const { objects } = renderOverlay(overlay);

  it('renders valid Kubernetes objects, each kind known', () => {
    for (const object of objects.filter((o) => o.kind !== 'CustomResourceDefinition')) {
      const Model = models[object.kind];
      if (Model === undefined) throw new Error(`no schema for ${object.kind}`);
      expect(() => new Model(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it('runs the server with arguments it accepts: no sandbox, the Lease in its own namespace', () => {
    const parsed = parseConfig(deploymentArgs(objects), { POD_NAMESPACE: 'kafkaplane' });
    if (parsed.help) throw new Error('unexpected --help');
    expect(parsed.config).toMatchObject({ sandbox: false, installCrds: false, leaderElectionNamespace: 'kafkaplane' });
  });
});

describe('the overlays differ where their shape says', () => {
  const kinds = (overlay: (typeof OVERLAYS)[number]) => renderOverlay(overlay).objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
  it('one-namespace watches only kafka, api-only reconciles nothing, alerts opens the alerts port with its token', () => {
    const config = (overlay: (typeof OVERLAYS)[number]) => {
      const parsed = parseConfig(deploymentArgs(renderOverlay(overlay).objects), { POD_NAMESPACE: 'kafkaplane', ALERTMANAGER_WEBHOOK_TOKEN: 't' });
      if (parsed.help) throw new Error('unexpected --help');
      return parsed.config;
    };
    expect(config('one-namespace')).toMatchObject({ namespaces: ['kafka'] });
    expect(config('api-only')).toMatchObject({ reconcile: false });
    expect(config('alerts')).toMatchObject({ alertsPort: 9001 });
    expect(kinds('one-namespace')).toEqual(expect.arrayContaining(['Role/kafka/kafkaplane', 'RoleBinding/kafka/kafkaplane']));
    expect(kinds('api-only').filter((k) => k.startsWith('CustomResourceDefinition') || k.startsWith('Role'))).toEqual([]);
    expect(kinds('alerts')).toContain('Secret/kafkaplane/kafkaplane-alerts');
  });
});
