type Env = ReadonlyArray<{ name: string; value?: string }>;

/** Where a JMX exporter javaagent named in KAFKA_OPTS serves, and the config file it reads. */
export interface JavaAgentArgs {
  port: number;
  configPath: string;
}

/**
 * The JMX exporter agent's argument, `-javaagent:<jar>=[host:]<port>:<config.yaml>`
 * (prometheus/jmx_exporter `jmx_prometheus_javaagent` JavaAgent.parseConfig); undefined when
 * no exporter agent is loaded.
 */
export function jmxExporterAgent(env: Env): JavaAgentArgs | undefined {
  const options = env.find((e) => e.name === 'KAFKA_OPTS')?.value ?? '';
  for (const option of options.split(/\s+/)) {
    if (!option.startsWith('-javaagent:')) continue;
    const [jar = '', args = ''] = option.slice('-javaagent:'.length).split('=', 2);
    if (!/jmx_prometheus/.test(jar)) continue;
    const match = /^(?:[^:]+:)?(\d+):(.+)$/.exec(args);
    if (match) return { port: Number(match[1]), configPath: match[2] ?? '' };
  }
  return undefined;
}
