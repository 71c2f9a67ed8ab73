import { describe, expect, it } from 'vitest';
import { kubectlPresent, useKubectlSandbox } from '../../support/kubectl.js';

describe.skipIf(!kubectlPresent)('node ports of Services, through kubectl', () => {
  const ctx = useKubectlSandbox();
  const nodePorts = async (name: string): Promise<number[]> => {
    const service = JSON.parse(await ctx.kubectl.out('get', 'service', name, '-o', 'json')) as { spec: { ports: Array<{ nodePort?: number }> } };
    return service.spec.ports.map((p) => p.nodePort ?? 0);
  };

  it('gives a NodePort Service a port from 30000-32767, and keeps one asked for by number', async () => {
    expect(await ctx.kubectl.out('create', 'service', 'nodeport', 'kafka-0-external', '--tcp=9094:9094')).toBe('service/kafka-0-external created\n');
    const [allocated = 0] = await nodePorts('kafka-0-external');
    expect(allocated).toBeGreaterThanOrEqual(30000);
    expect(allocated).toBeLessThanOrEqual(32767);
    await ctx.kubectl.out('create', 'service', 'nodeport', 'kafka-1-external', '--tcp=9094:9094', '--node-port=30001');
    expect(await nodePorts('kafka-1-external')).toEqual([30001]);
    const listed = await ctx.kubectl.out('get', 'service', 'kafka-1-external');
    expect(listed.split('\n')[1]).toMatch(/^kafka-1-external\s+NodePort\s+10\.\S+\s+<none>\s+9094:30001\/TCP\s+/);
  });

  it('refuses a port outside the range or already taken, with the API server words', async () => {
    const low = await ctx.kubectl.run('create', 'service', 'nodeport', 'low', '--tcp=9094:9094', '--node-port=80');
    expect(low.code).not.toBe(0);
    expect(low.stderr).toContain(
      'Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const taken = await ctx.kubectl.run('create', 'service', 'nodeport', 'taken', '--tcp=9094:9094', '--node-port=30001');
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('Service "taken" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated');
    expect((await ctx.kubectl.run('get', 'service', 'low')).code).not.toBe(0);
  });

  it('keeps the node port through an update that leaves it out, and frees it with the Service', async () => {
    const [before] = await nodePorts('kafka-0-external');
    await ctx.kubectl.out('patch', 'service', 'kafka-0-external', '--type=merge', '-p', '{"metadata":{"labels":{"app":"kafka"}}}');
    const current = JSON.parse(await ctx.kubectl.out('get', 'service', 'kafka-0-external', '-o', 'json')) as Record<string, unknown> & {
      spec: { ports: Array<{ nodePort?: number }> };
    };
    delete current.spec.ports[0]?.nodePort;
    const replaced = await ctx.kubectl.runWithInput(JSON.stringify(current), 'replace', '-f', '-');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await nodePorts('kafka-0-external')).toEqual([before]);

    await ctx.kubectl.out('delete', 'service', 'kafka-1-external');
    await ctx.kubectl.out('create', 'service', 'nodeport', 'again', '--tcp=9094:9094', '--node-port=30001');
    expect(await nodePorts('again')).toEqual([30001]);
  });

  it('forbids a node port on a ClusterIP Service', async () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain' }, spec: { type: 'ClusterIP', ports: [{ port: 9094, nodePort: 30500 }] } };
    const refused = await ctx.kubectl.runWithInput(JSON.stringify(service), 'create', '-f', '-');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Service "plain" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when \`type\` is 'ClusterIP'`);
  });

  it('gives a LoadBalancer Service node ports too, and shows it pending until a load balancer answers', async () => {
    await ctx.kubectl.out('create', 'service', 'loadbalancer', 'kafka-2-external', '--tcp=19092:9094');
    const [port = 0] = await nodePorts('kafka-2-external');
    expect(port).toBeGreaterThanOrEqual(30000);
    const listed = await ctx.kubectl.out('get', 'service', 'kafka-2-external');
    expect(listed.split('\n')[1]).toMatch(new RegExp(`^kafka-2-external\\s+LoadBalancer\\s+10\\.\\S+\\s+<pending>\\s+19092:${port}/TCP\\s+`));
  });
});
