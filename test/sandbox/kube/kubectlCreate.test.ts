import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSandboxTls } from '../../../sandbox/kube/index.js';
import { kubectlPresent, useKubectlSandbox } from '../../support/kubectl.js';

// `kubectl create <kind>` sends these kinds as protobuf (Content-Type application/vnd.kubernetes.protobuf).
describe.skipIf(!kubectlPresent)('kubectl create of the kinds a platform team sets up', () => {
  const ctx = useKubectlSandbox();
  const json = async (...args: string[]): Promise<Record<string, unknown>> =>
    JSON.parse(await ctx.kubectl.out(...args, '-o', 'json')) as Record<string, unknown>;

  it('creates a Role, a RoleBinding, a ClusterRole and a ClusterRoleBinding, and lists the bindings with their roles', async () => {
    const { kubectl } = ctx;
    expect(await kubectl.out('create', 'namespace', 'kafka')).toBe('namespace/kafka created\n');
    expect(await kubectl.out('create', 'role', 'kafkaplane', '-n', 'kafka', '--verb=get,list,watch', '--resource=pods,configmaps')).toBe(
      'role.rbac.authorization.k8s.io/kafkaplane created\n',
    );
    expect(
      await kubectl.out('create', 'rolebinding', 'kafkaplane', '-n', 'kafka', '--role=kafkaplane', '--serviceaccount=kafka:kafkaplane', '--user=alice'),
    ).toBe('rolebinding.rbac.authorization.k8s.io/kafkaplane created\n');
    expect(await kubectl.out('create', 'clusterrole', 'kafkaplane-nodes', '--verb=get,list', '--resource=nodes')).toBe(
      'clusterrole.rbac.authorization.k8s.io/kafkaplane-nodes created\n',
    );
    expect(await kubectl.out('create', 'clusterrolebinding', 'kafkaplane-nodes', '--clusterrole=kafkaplane-nodes', '--serviceaccount=kafka:kafkaplane')).toBe(
      'clusterrolebinding.rbac.authorization.k8s.io/kafkaplane-nodes created\n',
    );
    const role = await json('get', 'role', 'kafkaplane', '-n', 'kafka');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'configmaps'], verbs: ['get', 'list', 'watch'] }]);
    // The User subject got its apiGroup from the v1 defaults; the ServiceAccount none.
    const binding = await json('get', 'rolebinding', 'kafkaplane', '-n', 'kafka');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kafkaplane' });
    expect(binding.subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', name: 'kafkaplane', namespace: 'kafka' },
    ]);
    const listed = (await kubectl.out('get', 'rolebindings', '-n', 'kafka', '-o', 'wide')).split('\n');
    expect(listed[0]).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS$/);
    expect(listed[1]).toMatch(/^kafkaplane\s+Role\/kafkaplane\s+\d+s\s+alice\s+kafka:kafkaplane$/);
    expect((await kubectl.out('get', 'clusterrolebinding', 'kafkaplane-nodes')).split('\n')[1]).toMatch(
      /^kafkaplane-nodes\s+ClusterRole\/kafkaplane-nodes\s+\d+s$/,
    );
    expect((await kubectl.out('get', 'roles', '-n', 'kafka')).split('\n')[0]).toMatch(/^NAME\s+CREATED AT$/);
  });

  it('refuses RBAC objects the server refuses, with the messages of its RBAC validation', async () => {
    const { kubectl } = ctx;
    const file = async (name: string, object: unknown): Promise<string> => {
      const path = join(tmpdir(), `${name}-${process.pid}.json`);
      await writeFile(path, JSON.stringify(object));
      return path;
    };
    const role = await file('no-verbs', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'no-verbs' },
      rules: [{ apiGroups: [''], resources: ['pods'] }],
    });
    const noVerbs = await kubectl.run('create', '-f', role);
    expect(noVerbs.code).toBe(1);
    expect(noVerbs.stderr).toContain('The Role "no-verbs" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
    const binding = await file('to-a-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'to-a-role' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
    });
    expect((await kubectl.run('create', '-f', binding)).stderr).toContain(
      'The ClusterRoleBinding "to-a-role" is invalid: \n* roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"\n* subjects[0].namespace: Required value\n',
    );
    await kubectl.out('create', 'rolebinding', 'fixed', '--clusterrole=view', '--user=bob');
    const changed = await kubectl.run('patch', 'rolebinding', 'fixed', '--type=merge', '-p', '{"roleRef":{"name":"edit"}}');
    expect(changed.stderr).toContain('cannot change roleRef');
  });

  it('creates Secrets of every kubectl create secret flavour', async () => {
    const { kubectl } = ctx;
    const tls = await generateSandboxTls('kafka.example.com');
    const cert = join(tmpdir(), `tls-${process.pid}.crt`);
    const key = join(tmpdir(), `tls-${process.pid}.key`);
    await writeFile(cert, tls.cert);
    await writeFile(key, tls.key);
    expect(await kubectl.out('create', 'secret', 'tls', 'kafka-tls', `--cert=${cert}`, `--key=${key}`)).toBe('secret/kafka-tls created\n');
    const secret = await json('get', 'secret', 'kafka-tls');
    expect(secret.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(String((secret.data as Record<string, string>)['tls.crt']), 'base64').toString()).toBe(tls.cert);
    expect(
      await kubectl.out('create', 'secret', 'docker-registry', 'pull', '--docker-server=registry.example.com', '--docker-username=u', '--docker-password=p'),
    ).toBe('secret/pull created\n');
    const pull = await json('get', 'secret', 'pull');
    expect(pull.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(String((pull.data as Record<string, string>)['.dockerconfigjson']), 'base64').toString())).toMatchObject({
      auths: { 'registry.example.com': { username: 'u', password: 'p' } },
    });
    expect(await kubectl.out('create', 'secret', 'generic', 'jaas', '--from-literal=password=s3cret', '--type=kubernetes.io/basic-auth')).toBe(
      'secret/jaas created\n',
    );
    const missing = await kubectl.run('create', 'secret', 'generic', 'half-tls', '--from-literal=tls.crt=x', '--type=kubernetes.io/tls');
    expect(missing.stderr).toContain('Secret "half-tls" is invalid: data[tls.key]: Required value');
  });

  it('creates a ResourceQuota, a PriorityClass, a PodDisruptionBudget, a Job, a CronJob and an Ingress', async () => {
    const { kubectl } = ctx;
    expect(await kubectl.out('create', 'quota', 'kafka', '--hard=pods=20,requests.storage=1Ti')).toBe('resourcequota/kafka created\n');
    expect((await json('get', 'quota', 'kafka')).spec).toEqual({ hard: { pods: '20', 'requests.storage': '1Ti' } });
    expect(await kubectl.out('create', 'priorityclass', 'kafka-brokers', '--value=1000', '--description=brokers first')).toBe(
      'priorityclass.scheduling.k8s.io/kafka-brokers created\n',
    );
    expect(await kubectl.out('create', 'poddisruptionbudget', 'kafka', '--selector=app=kafka', '--max-unavailable=1')).toBe(
      'poddisruptionbudget.policy/kafka created\n',
    );
    expect((await json('get', 'pdb', 'kafka')).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'kafka' } } });
    expect(await kubectl.out('create', 'job', 'topics', '--image=apache/kafka:4.1.0', '--', 'kafka-topics.sh', '--list')).toBe('job.batch/topics created\n');
    expect(await kubectl.out('create', 'cronjob', 'compact', '--image=apache/kafka:4.1.0', '--schedule=0 * * * *')).toBe('cronjob.batch/compact created\n');
    expect(await kubectl.out('create', 'ingress', 'cruise-control', '--rule=cc.example.com/*=kafka-cruisecontrol-svc:8090')).toBe(
      'ingress.networking.k8s.io/cruise-control created\n',
    );
    const ingress = await json('get', 'ingress', 'cruise-control');
    expect((ingress.spec as { rules: unknown[] }).rules).toEqual([
      {
        host: 'cc.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'kafka-cruisecontrol-svc', port: { number: 8090 } } } }] },
      },
    ]);
  });

  it('answers a resource it does not serve as a real server answers an unknown resource', async () => {
    const unknown = await ctx.kubectl.run('get', 'statefulsets');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: the server doesn\'t have a resource type "statefulsets"\n');
  });
});
