import { readFileSync } from 'node:fs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../../src/config.js';

const objects = parseAllDocuments(readFileSync('deploy/kafkaplane.yaml', 'utf8')).map((d) => d.toJSON() as { kind: string; metadata: { name: string } });
const models: Record<string, new (data: never) => { validate(): void }> = { Namespace, ServiceAccount, ClusterRole, ClusterRoleBinding, Role, RoleBinding, Deployment, Service };

describe('deploy/kafkaplane.yaml', () => {
  it('holds valid Kubernetes objects, each kind known', () => {
    expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment', 'Service']);
    for (const object of objects) {
      const Model = models[object.kind];
      if (Model === undefined) throw new Error(`no schema for ${object.kind}`);
      expect(() => new Model(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
    }
  });

  it("runs the server with arguments it accepts: no sandbox, the Lease in its own namespace", () => {
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
    const parsed = parseConfig(deployment.spec.template.spec.containers[0]?.args ?? [], { POD_NAMESPACE: 'kafkaplane' });
    if (parsed.help) throw new Error('unexpected --help');
    expect(parsed.config).toMatchObject({ sandbox: false, installCrds: false, leaderElectionNamespace: 'kafkaplane', alertsPort: 9001 });
  });
});
