import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startHarness, type Harness } from './fixtures.js';

const CREDENTIALS = `# Jetty HashLoginService format: username: password[,role ...]
admin: adm1n,ADMIN
operator: MD5:${createHash('md5').update('op-pass').digest('hex')},USER
viewer = v1ew,VIEWER
nobody: n0role
`;

const basic = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('Cruise Control simulator: BasicSecurityProvider', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("answers Jetty's 401 challenge without credentials or with wrong ones, before the servlet", async () => {
    h = await startHarness({ credentials: CREDENTIALS });
    for (const headers of [{}, basic('admin', 'nope'), basic('ghost', 'adm1n'), { Authorization: 'Bearer adm1n' }, { Authorization: 'Basic !!!' }]) {
      const refused = await call(h.cc, 'GET', 'state?json=true', headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('basic realm="DefaultLoginService"');
      expect(refused.headers.get('content-type')).toBe('text/html;charset=iso-8859-1');
      // No Cruise Control headers: the servlet never saw the request.
      expect(refused.headers.get('cruise-control-version')).toBeNull();
      expect(refused.text).toContain('<h2>HTTP ERROR 401 Unauthorized</h2>');
      expect(refused.text).toContain('<tr><th>URI:</th><td>/kafkacruisecontrol/state</td></tr>');
    }
    // A POST without credentials starts nothing.
    expect((await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=false&json=true')).status).toBe(401);
    expect(h.cc.tasks.list()).toHaveLength(0);
  });

  it('gives each role its endpoints: VIEWER the light GETs, USER every GET, ADMIN the POSTs too (403 otherwise)', async () => {
    h = await startHarness({ credentials: CREDENTIALS, proposalComputeMs: 0, userTasks: { maxActiveTasks: 25 } });
    const viewer = basic('viewer', 'v1ew');
    expect((await call(h.cc, 'GET', 'kafka_cluster_state?json=true', viewer)).status).toBe(200);
    expect((await call(h.cc, 'GET', 'user_tasks?json=true', viewer)).status).toBe(200);
    const viewerState = await call(h.cc, 'GET', 'state?json=true', viewer);
    expect(viewerState.status).toBe(403);
    expect(viewerState.headers.get('www-authenticate')).toBeNull();
    expect(viewerState.text).toContain('<h2>HTTP ERROR 403 !role</h2>');
    const viewerPost = await call(h.cc, 'POST', 'rebalance?dryrun=true&json=true', viewer);
    expect(viewerPost.status).toBe(403);

    const user = basic('operator', 'op-pass');
    expect((await call(h.cc, 'GET', 'state?json=true', user)).status).toBe(200);
    expect((await call(h.cc, 'GET', 'proposals?json=true', user)).status).toBe(200);
    expect((await call(h.cc, 'POST', 'pause_sampling?json=true', user)).status).toBe(403);
    // A user without any role is authenticated and then refused everywhere.
    expect((await call(h.cc, 'GET', 'kafka_cluster_state?json=true', basic('nobody', 'n0role'))).status).toBe(403);

    const admin = basic('admin', 'adm1n');
    expect((await call(h.cc, 'GET', 'state?json=true', admin)).status).toBe(200);
    const removal = await call(h.cc, 'POST', 'remove_broker?brokerid=1&dryrun=true&json=true', admin);
    expect(removal.status).toBe(200);
    expect(removal.headers.get('user-task-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('matches endpoints case-insensitively, as the servlet does, and lets unmapped paths reach its 404', async () => {
    h = await startHarness({ credentials: CREDENTIALS });
    expect((await call(h.cc, 'GET', 'STATE?json=true')).status).toBe(401);
    expect((await call(h.cc, 'GET', 'State?json=true', basic('viewer', 'v1ew'))).status).toBe(403);
    // An endpoint the simulator does not serve still has its constraint.
    expect((await call(h.cc, 'GET', 'bootstrap?json=true', basic('operator', 'op-pass'))).status).toBe(403);
    const unknown = await call(h.cc, 'GET', 'no_such_endpoint?json=true');
    expect(unknown.status).toBe(404);
    expect(unknown.json().errorMessage).toContain("Unrecognized endpoint in request '/no_such_endpoint'");
  });

  it("asks nothing when security is not configured (Cruise Control's default)", async () => {
    h = await startHarness();
    const open = await call(h.cc, 'POST', 'rebalance?dryrun=true&json=true');
    expect(open.status).not.toBe(401);
    expect(open.headers.get('cruise-control-version')).not.toBeNull();
  });
});
