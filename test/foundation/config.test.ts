import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '../../src/config.js';
import { runServerCommand, startServerProcess } from '../support/serverProcess.js';

describe('configuration', () => {
  it.each([
    [['--port', '70000'], '--port (or PORT): must be between 0 and 65535, got "70000"'],
    [['--port', 'abc'], '--port (or PORT): must be a number'],
    [['--log-level', 'loud'], '--log-level (or LOG_LEVEL): must be one of'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseConfig(argv, {})).toThrow(ConfigError);
    expect(() => parseConfig(argv, {})).toThrow(message);
  });

  it('takes flags over the environment over defaults', () => {
    const fromEnv = parseConfig([], { PORT: '5000', LOG_LEVEL: 'debug' });
    expect(fromEnv).toMatchObject({ help: false, config: { port: 5000, logLevel: 'debug', host: '0.0.0.0', shutdownTimeoutMs: 10_000 } });
    const fromFlag = parseConfig(['--port', '6000'], { PORT: '5000' });
    expect(fromFlag).toMatchObject({ config: { port: 6000 } });
  });

  it('reads watched namespaces from repeated flags or a comma list, and booleans strictly', () => {
    expect(parseConfig(['--namespace', 'kafka', '--namespace', 'team-a,kafka'], {})).toMatchObject({ config: { namespaces: ['kafka', 'team-a'] } });
    expect(parseConfig([], { WATCH_NAMESPACES: 'a,b' })).toMatchObject({ config: { namespaces: ['a', 'b'], reconcile: true, installCrds: undefined } });
    expect(parseConfig(['--reconcile', 'false', '--install-crds', 'true'], {})).toMatchObject({ config: { reconcile: false, installCrds: true } });
    expect(() => parseConfig(['--reconcile', 'no'], {})).toThrow('--reconcile (or RECONCILE): must be true or false');
    expect(parseConfig([], {})).toMatchObject({ config: { allowExternalCruiseControl: false } });
    expect(parseConfig([], { ALLOW_EXTERNAL_CRUISE_CONTROL: 'true' })).toMatchObject({ config: { allowExternalCruiseControl: true } });
    // Introspection follows Apollo Server's default unless said: off in production.
    expect(parseConfig([], {})).toMatchObject({ config: { introspection: true } });
    expect(parseConfig([], { NODE_ENV: 'production' })).toMatchObject({ config: { introspection: false } });
    expect(parseConfig(['--introspection', 'true'], { NODE_ENV: 'production' })).toMatchObject({ config: { introspection: true } });
    expect(() => parseConfig(['--allow-external-cruise-control', 'yes'], {})).toThrow(
      '--allow-external-cruise-control (or ALLOW_EXTERNAL_CRUISE_CONTROL): must be true or false',
    );
    expect(() => parseConfig(['--namespace', 'Bad_NS'], {})).toThrow('--namespace (or WATCH_NAMESPACES): must be namespace names');
  });

  // The three processes run side by side: each loads the whole server before it reads its flags.
  it('exits 2 naming the problem for a bad port, an unknown flag, or an unreadable kubeconfig', async () => {
    const [port, flag, kube] = await Promise.all([
      runServerCommand(['--port', '99999']),
      runServerCommand(['--frobnicate']),
      runServerCommand(['--kubeconfig', '/nonexistent/kubeconfig']),
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port (or PORT): must be between 0 and 65535');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--frobnicate'");
    expect(kube.code).toBe(2);
    expect(kube.stderr).toContain('cannot read /nonexistent/kubeconfig: no such file');
  }, 90_000);

  it('lists every option with --help', async () => {
    const help = await runServerCommand(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--port', '--host', '--kubeconfig', '--log-level', '--log-format', '--shutdown-timeout', '--help']) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('connects through a kubeconfig, and is not ready while its API server is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkaplane-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: down, cluster: {server: "http://127.0.0.1:9", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: c, context: {cluster: down, user: u}}]',
        'current-context: c',
      ].join('\n'),
    );
    // Against a real cluster authentication is on by default: no token, no answer.
    const guarded = await startServerProcess([], { KUBECONFIG: kubeconfig });
    try {
      const refused = await fetch(`${guarded.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ serverInfo { version } }' }),
      });
      expect(refused.status).toBe(401);
    } finally {
      guarded.kill('SIGKILL');
      await guarded.exited;
    }
    const server = await startServerProcess(['--auth', 'none'], { KUBECONFIG: kubeconfig });
    try {
      const info = await (
        await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ serverInfo { kubernetes { mode apiServerUrl } } }' }),
        })
      ).json();
      expect(info).toMatchObject({ data: { serverInfo: { kubernetes: { mode: 'KUBECONFIG', apiServerUrl: 'http://127.0.0.1:9' } } } });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toContain('[-]kubernetes failed: Kubernetes API server http://127.0.0.1:9 unreachable');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      server.kill('SIGKILL');
      await server.exited;
    }
  });
});
