import { parseArgs } from 'node:util';
import { startSandbox } from './index.js';

/** `npm run sandbox`: the simulated Kubernetes, Kafka and Cruise Control, until stopped. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, port: { type: 'string' }, speed: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help === true) {
    console.log(
      'Usage: npm run sandbox -- [--dir DIR] [--port N] [--speed FACTOR]\n\nStarts the Kubernetes API server simulator (with its kubelet), and a demo Kafka cluster of 6 brokers\nwith its Cruise Control. Writes DIR/kubeconfig and DIR/endpoints.json (DIR: --dir, SANDBOX_DIR, or .sandbox).',
    );
    return;
  }
  const sandbox = await startSandbox({
    dir: values.dir,
    kubePort: values.port !== undefined ? Number(values.port) : 0,
    speed: values.speed !== undefined ? Number(values.speed) : 10,
    standaloneDemo: true,
  });
  const endpoints = sandbox.endpoints();
  console.log(`Kubernetes API server: ${endpoints.kubernetes}`);
  for (const [cluster, url] of Object.entries(endpoints.cruiseControl)) console.log(`Cruise Control (${cluster}): ${url}`);
  for (const [cluster, servers] of Object.entries(endpoints.kafka)) console.log(`Kafka (${cluster}): ${servers}`);
  console.log(`\nFiles: ${sandbox.dir}/kubeconfig and ${sandbox.dir}/endpoints.json`);
  console.log(`  kubectl --kubeconfig ${sandbox.dir}/kubeconfig get nodes`);
  console.log(`  npm start -- --kubeconfig ${sandbox.dir}/kubeconfig     # the server on this sandbox`);
  console.log('Stop with Ctrl-C.');
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('sandbox: failed to start:', err);
  process.exit(1);
});
