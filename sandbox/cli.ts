import { parseArgs } from 'node:util';
import { startSandbox } from './index.js';
import { installPlatform } from './platform.js';

/** `npm run sandbox`: the simulated Kubernetes, Kafka and Cruise Control, until stopped. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dir: { type: 'string' }, port: { type: 'string' }, speed: { type: 'string' }, 'cert-manager': { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help === true) {
    console.log(
      "Usage: npm run sandbox -- [--dir DIR] [--port N] [--speed FACTOR] [--cert-manager]\n\nStarts the Kubernetes API server simulator (with its kubelet, cluster DNS and kube-proxy), installs\nKoperator's CRDs and applies the demo KafkaCluster (6 brokers in namespace kafka): a kafkaplane server\nstarted with --kubeconfig DIR/kubeconfig brings it up. Writes DIR/kubeconfig and DIR/endpoints.json\n(DIR: --dir, SANDBOX_DIR, or .sandbox). --cert-manager also installs cert-manager (its CRDs and controller),\nfor clusters with sslSecrets.pkiBackend: cert-manager.",
    );
    return;
  }
  const sandbox = await startSandbox({
    dir: values.dir,
    kubePort: values.port !== undefined ? Number(values.port) : 0,
    speed: values.speed !== undefined ? Number(values.speed) : 10,
    certManager: values['cert-manager'] === true,
  });
  await installPlatform(sandbox.kube.kubeConfig);
  const endpoints = sandbox.endpoints();
  console.log(`Kubernetes API server: ${endpoints.kubernetes}`);
  console.log(`Cluster DNS (cluster.local): ${sandbox.clusterDns.server}`);
  console.log('Installed: the KafkaCluster and CruiseControlOperation CRDs, and the demo KafkaCluster kafka/kafka.');
  if (sandbox.certManager !== undefined) console.log("Installed: cert-manager's CRDs (cert-manager.io/v1) and its controller.");
  console.log(`\nFiles: ${sandbox.dir}/kubeconfig and ${sandbox.dir}/endpoints.json`);
  console.log(`  npm start -- --kubeconfig ${sandbox.dir}/kubeconfig     # the server on this sandbox: it brings the demo cluster up`);
  console.log(`  kubectl --kubeconfig ${sandbox.dir}/kubeconfig get kafkaclusters,pods -n kafka`);
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
