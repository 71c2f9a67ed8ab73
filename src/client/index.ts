// The typed client of a kafkaplane server, for TypeScript scripts: `import { connect } from 'kafkaplane/client'`.
export { connect, DEFAULT_SERVER, KafkaplaneClient, type ConnectOptions } from './client.js';
export { parseClusterRef, type ClusterRef } from './clusterRef.js';
export { KafkaplaneClientError, type ClientErrorCode } from './errors.js';
export * from './types.js';
